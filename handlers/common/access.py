"""The permission checks of the board's journeys, each with its one refusal text: admin_only
(admins and owners) and owner_only (the people in ADMIN_IDS); and the admin's local date."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import date

from telegram import Update

from bot.context import BotContext
from bot.i18n import N_
from bot.roles import is_admin, is_owner
from bot.services import Services

logger = logging.getLogger(__name__)

# One refusal per role, the same in every board handler.
ADMINS_ONLY = N_("Only the association's admins can do that.")
OWNERS_ONLY = N_("Only the people responsible for the bot can do that.")


def local_today(context: BotContext) -> date:
    services = context.services
    return services.clock.now().astimezone(services.settings.zone).date()


async def admin_only(update: Update, context: BotContext, what: str) -> bool:
    """True for admins and owners; anyone else (coordinators too) is refused kindly and logged."""
    return await _allowed(update, context, what, is_admin, "an admin", ADMINS_ONLY)


async def owner_only(update: Update, context: BotContext, what: str) -> bool:
    """True for owners (ADMIN_IDS); anyone else is refused kindly and logged."""
    return await _allowed(update, context, what, is_owner, "an owner", OWNERS_ONLY)


async def _allowed(
    update: Update,
    context: BotContext,
    what: str,
    check: Callable[[Services, int | None], Awaitable[bool]],
    needed: str,
    refusal: str,
) -> bool:
    user = update.effective_user
    if await check(context.services, user.id if user else None):
        return True
    await _refuse(update, context, what, needed, refusal)
    return False


async def _refuse(
    update: Update, context: BotContext, what: str, needed: str, refusal: str
) -> None:
    user = update.effective_user
    logger.warning(
        "Refused %s to user %s, who is not %s but tried /%s",
        what,
        user.id if user else None,
        needed,
        what,
    )
    text = context.t.gettext(refusal)
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)
