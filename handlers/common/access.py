"""Who may do what in a handler (admins, owners, those who manage days), and the local date."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date

from telegram import Update

from bot.context import BotContext
from bot.i18n import N_
from bot.roles import can_manage_days, is_admin, is_owner
from bot.services import Services

logger = logging.getLogger(__name__)

# One refusal per role, the same in every board handler.
ADMINS_ONLY = N_("Only the association's admins can do that.")
OWNERS_ONLY = N_("Only the people responsible for the bot can do that.")
DAY_MANAGERS_ONLY = N_("Only the board and coordinators can do that.")
# What the log says of a refusal (%(what)s is what was asked for, %(user)s who asked).
REFUSED = "Refused %(what)s to user %(user)s"
TRIED_WITHOUT_PERMISSION = "User %(user)s tried %(what)s without permission"


def local_today(context: BotContext) -> date:
    services = context.services
    return services.clock.now().astimezone(services.settings.zone).date()


async def admin_only(
    update: Update,
    context: BotContext,
    what: str,
    refusal: str = ADMINS_ONLY,
    log: str = REFUSED,
) -> bool:
    """True for admins and owners; anyone else (coordinators too) is refused kindly and logged.

    refusal: a journey's own wording (an N_() msgid) where it says more than ADMINS_ONLY;
    log: the log line's template, with %(what)s and %(user)s.
    """
    return await _only(update, context, is_admin, what, refusal, log)


async def day_manager_only(
    update: Update,
    context: BotContext,
    what: str,
    refusal: str = DAY_MANAGERS_ONLY,
    log: str = TRIED_WITHOUT_PERMISSION,
) -> bool:
    """True for those who manage drop-off days and shifts (coordinators, admins, owners:
    bot.roles.can_manage_days); anyone else is refused kindly and logged."""
    return await _only(update, context, can_manage_days, what, refusal, log)


async def owner_only(update: Update, context: BotContext, what: str) -> bool:
    """True for owners (ADMIN_IDS); anyone else is refused kindly and logged."""
    return await _only(update, context, is_owner, what, OWNERS_ONLY, REFUSED)


async def _only(
    update: Update,
    context: BotContext,
    may: Callable[[Services, int | None], Awaitable[bool]],
    what: str,
    refusal: str,
    log: str,
) -> bool:
    user = update.effective_user
    if await may(context.services, user.id if user else None):
        return True
    await _refuse(update, context, what, refusal, log)
    return False


async def _refuse(update: Update, context: BotContext, what: str, refusal: str, log: str) -> None:
    user = update.effective_user
    logger.warning(log, {"what": what, "user": user.id if user else None})
    text = context.t.gettext(refusal)
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)
