"""/scheduled: the planned announcements, each with a button that cancels it (admins only)."""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.settings import Settings
from handlers.announce.actions import cancel_planned
from handlers.announce.texts import scheduled_list
from handlers.common import admin_places, edit_in_place
from handlers.common.access import admin_only
from handlers.journey import Handler

logger = logging.getLogger(__name__)

_CANCEL = re.compile(r"^sched:cancel:(\d{1,9})$")


async def list_scheduled(update: Update, context: BotContext) -> None:
    """Lists the planned announcements with a cancel button each."""
    chat = update.effective_chat
    if chat is None or not await admin_only(update, context, "scheduled"):
        return
    planned = await context.services.repos.announcements.scheduled()
    text, buttons = scheduled_list(context.t, planned)
    await context.bot.send_message(chat.id, text, reply_markup=buttons)


async def cancel_button(update: Update, context: BotContext) -> None:
    """Cancels one planned announcement (and logs it), and shows the list again."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or not await admin_only(update, context, "scheduled"):
        return
    _ = context.t.gettext
    match = _CANCEL.match(query.data or "")
    services = context.services
    cancelled = await cancel_planned(services, int(match.group(1)), user.id) if match else None
    if cancelled is None:
        logger.warning("Cancel of announcement %r refused: not planned", query.data)
        await query.answer(
            _("That announcement is no longer planned: it is sent or cancelled already."),
            show_alert=True,
        )
    else:
        await query.answer(_("Announcement #{id} is cancelled.").format(id=cancelled.id))
    text, buttons = scheduled_list(context.t, await services.repos.announcements.scheduled())
    await edit_in_place(query, text, buttons)


def build(settings: Settings) -> list[Handler]:
    return [
        CommandHandler(["scheduled", "planlagt"], list_scheduled, filters=admin_places(settings)),
        CallbackQueryHandler(cancel_button, pattern=r"^sched:cancel:"),
    ]
