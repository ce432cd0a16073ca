"""/scheduled: the planned announcements, each with a button that cancels it (admins only)."""

from __future__ import annotations

import json
import logging
import re

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.roles import is_admin
from handlers.announce.texts import scheduled_list
from handlers.common import ADMIN_PLACES
from storage.audit import AuditLog
from storage.broadcasts import AnnouncementRepository

logger = logging.getLogger(__name__)

_CANCEL = re.compile(r"^sched:cancel:(\d{1,9})$")


async def list_scheduled(update: Update, context: BotContext) -> None:
    """Lists the planned announcements with a cancel button each."""
    user, chat = update.effective_user, update.effective_chat
    if chat is None:
        return
    _ = context.t.gettext
    if not await is_admin(context.services, user.id if user else None):
        logger.warning("User %s is not an admin but tried /scheduled", user.id if user else None)
        await context.bot.send_message(chat.id, _("Only the association's admins can do that."))
        return
    planned = await AnnouncementRepository(context.services.db).scheduled()
    text, buttons = scheduled_list(context.t, planned)
    await context.bot.send_message(chat.id, text, reply_markup=buttons)


async def cancel_planned(update: Update, context: BotContext) -> None:
    """Cancels one planned announcement, logs it, and shows the list again."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    _ = context.t.gettext
    if not await is_admin(context.services, user.id):
        logger.warning("User %s is not an admin but pressed %r", user.id, query.data)
        await query.answer(_("Only the association's admins can do that."), show_alert=True)
        return
    match = _CANCEL.match(query.data or "")
    repo = AnnouncementRepository(context.services.db)
    now = context.services.clock.now()
    cancelled = await repo.cancel(int(match.group(1)), user.id, now) if match else None
    if cancelled is None:
        logger.warning("Cancel of announcement %r refused: not planned", query.data)
        await query.answer(
            _("That announcement is no longer planned: it is sent or cancelled already."),
            show_alert=True,
        )
    else:
        await AuditLog(context.services.db).record(
            user.id,
            "announcement.cancel",
            now,
            subject=f"announcement:{cancelled.id}",
            details=json.dumps({"audience": cancelled.audience.value}),
        )
        await query.answer(_("Announcement #{id} is cancelled.").format(id=cancelled.id))
    text, buttons = scheduled_list(context.t, await repo.scheduled())
    try:
        await query.edit_message_text(text, reply_markup=buttons)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


HANDLERS = [
    CommandHandler(["scheduled", "planlagt"], list_scheduled, filters=ADMIN_PLACES),
    CallbackQueryHandler(cancel_planned, pattern=r"^sched:cancel:"),
]
