"""Every permission check of the journeys, each role with its one refusal text: admin_only
(admins and owners), owner_only (the people in ADMIN_IDS) and day_manager_only (coordinators
too: drop-off days and shifts); and the admin's local date."""

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

# One refusal per role, the same in every handler.
ADMINS_ONLY = N_("Only the association's admins can do that.")
OWNERS_ONLY = N_("Only the people responsible for the bot can do that.")
DAY_MANAGERS_ONLY = N_("Only the board and coordinators can do that.")
# What the log says of a refusal: %(what)s is what was asked for, %(user)s who asked,
# %(needed)s the role it takes.
REFUSED = "Refused %(what)s to user %(user)s, who is not %(needed)s but tried /%(what)s"
TRIED_WITHOUT_PERMISSION = "User %(user)s tried %(what)s without permission"

Check = Callable[[Services, int | None], Awaitable[bool]]


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
    refusal: where a journey says more than ADMINS_ONLY (an N_() msgid); log: its log line."""
    return await _only(update, context, what, is_admin, "an admin", refusal, log)


async def owner_only(update: Update, context: BotContext, what: str) -> bool:
    """True for owners (ADMIN_IDS); anyone else is refused kindly and logged."""
    return await _only(update, context, what, is_owner, "an owner", OWNERS_ONLY, REFUSED)


async def day_manager_only(
    update: Update,
    context: BotContext,
    what: str,
    refusal: str = DAY_MANAGERS_ONLY,
    log: str = TRIED_WITHOUT_PERMISSION,
) -> bool:
    """True for those who manage drop-off days and shifts (coordinators, admins, owners:
    bot.roles.can_manage_days); anyone else is refused kindly and logged. refusal: a text that
    says what the day tool is for (/newdate, /plan, /roster), an N_() msgid."""
    return await _only(update, context, what, can_manage_days, "a coordinator", refusal, log)


async def _only(
    update: Update,
    context: BotContext,
    what: str,
    may: Check,
    needed: str,
    refusal: str,
    log: str,
) -> bool:
    user = update.effective_user
    if await may(context.services, user.id if user else None):
        return True
    logger.warning(log, {"what": what, "user": user.id if user else None, "needed": needed})
    text = context.t.gettext(refusal)
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)
    return False
