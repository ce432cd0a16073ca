"""/audit for owners: the latest admin actions, with names and days instead of ids."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.context import BotContext
from handlers.admins.texts import Known, audit_text, subject_ids
from handlers.common.access import owner_only

logger = logging.getLogger(__name__)

AUDIT_ENTRIES = 25
# At most this many Telegram look-ups per list (a name is a nicety, not worth a slow answer).
MAX_LOOKUPS = 10


async def names_of(context: BotContext, user_ids: list[int]) -> dict[int, str]:
    """Volunteer names from our table, else the Telegram first name (getChat, best effort)."""
    names = await context.services.repos.roles.names(user_ids)
    for user_id in [user_id for user_id in user_ids if user_id not in names][:MAX_LOOKUPS]:
        try:
            chat = await context.bot.get_chat(user_id)
        except TelegramError as error:  # never wrote to the bot, or blocked it
            logger.info("No name for user %s: %s", user_id, error)
            continue
        if chat.first_name:
            names[user_id] = chat.first_name
    return names


async def audit_command(update: Update, context: BotContext) -> None:
    """Shows the latest admin actions, newest first."""
    if not await owner_only(update, context, "audit") or update.effective_chat is None:
        return
    services = context.services
    audit = services.repos.audit
    entries = await audit.latest(AUDIT_ENTRIES)
    ids = subject_ids(entries)
    people = sorted({entry.actor_id for entry in entries} | ids.get("user", set()))
    known = Known(
        users=await names_of(context, people),
        volunteers=await audit.volunteer_names(sorted(ids.get("volunteer", set()))),
        days=await audit.day_starts(sorted(ids.get("day", set()))),
    )
    await context.bot.send_message(update.effective_chat.id, audit_text(context.t, entries, known))
