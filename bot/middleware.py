"""Handlers that run before every journey: who is this, and are they flooding us?"""

from __future__ import annotations

import bisect
import logging
import time

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import BotContext
from bot.i18n import supported
from bot.update_writes import defer_write
from domain.clock import to_db

logger = logging.getLogger(__name__)


# "They wrote to us, so they are reachable again": rides along with the update's commit.
SEEN = "UPDATE users SET last_seen_at = ?, unreachable_at = NULL WHERE id = ?"


async def remember_user(update: Update, context: BotContext) -> None:
    """Records the person and picks their language for this update's replies."""
    user = update.effective_user
    services = context.services
    if user is None or user.is_bot:
        context.language = services.settings.default_locale
        return
    telegram_language = supported(user.language_code)
    first_default = telegram_language or services.settings.default_locale
    now = services.clock.now()
    stored = await services.users.get(user.id)
    if stored is None:
        stored = await services.users.seen(user.id, first_default, now)
    elif not defer_write(SEEN, (to_db(now), user.id)):
        await services.users.seen(user.id, first_default, now)
    if not stored.language_chosen and telegram_language and telegram_language != stored.language:
        # They never picked a language; follow Telegram's setting if they changed it.
        await services.users.set_language(user.id, telegram_language, chosen=False)
        context.language = telegram_language
    else:
        context.language = stored.language


def sent_at(update: Update) -> float:
    """When the person sent it: the message's own date (an edit's: when it was edited), so a
    backlog read after downtime is not mistaken for a flood. A button press carries no date of
    its own: now."""
    if update.edited_message is not None and update.edited_message.edit_date is not None:
        return update.edited_message.edit_date.timestamp()
    message = update.message or update.edited_message
    if message is not None and message.date is not None:
        return message.date.timestamp()
    return time.time()


class FloodGuard:
    """More than max_updates in window seconds from one person: slow them down, politely, once.

    Counted by when the updates were sent (sent_at), not when they are handled."""

    def __init__(self, max_updates: int, window_seconds: float) -> None:
        self.max_updates = max_updates
        self.window = window_seconds
        self._seen: dict[int, list[float]] = {}
        self._warned_until: dict[int, float] = {}

    def allow(self, user_id: int, now: float) -> tuple[bool, bool]:
        """(handle this update?, send the slow-down message now?)"""
        stamps = self._seen.setdefault(user_id, [])
        del stamps[: bisect.bisect_right(stamps, now - self.window)]
        bisect.insort(stamps, now)
        if len(stamps) <= self.max_updates:
            return True, False
        warn = self._warned_until.get(user_id, 0.0) <= now
        if warn:
            self._warned_until[user_id] = now + self.window
        return False, warn

    def forget_idle(self, now: float) -> None:
        """Drops people who have been quiet for a window, so memory stays small."""
        for user_id in [
            uid for uid, s in self._seen.items() if not s or s[-1] <= now - self.window
        ]:
            self._seen.pop(user_id, None)
            self._warned_until.pop(user_id, None)

    async def __call__(self, update: Update, context: BotContext) -> None:
        user = update.effective_user
        if user is None:
            return
        now = sent_at(update)
        handle, warn = self.allow(user.id, now)
        if len(self._seen) > 10_000:
            self.forget_idle(now)
        if handle:
            return
        if warn:
            logger.info("User %s is sending too fast; slowing down", user.id)
            if update.effective_chat is not None:
                _ = context.t.gettext
                await context.bot.send_message(
                    update.effective_chat.id,
                    _("You are writing very fast. Wait a moment, then I will answer again."),
                )
        if update.callback_query is not None:
            await update.callback_query.answer()
        raise ApplicationHandlerStop
