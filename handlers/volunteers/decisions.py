"""The admins' side of /frivillig: pressing approve or decline under a request.

The first admin to decide wins (handlers/volunteers/actions.py); every copy of the request is
then edited to show the decision, and the volunteer is told through the outbox.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.i18n import N_
from domain.volunteers import Volunteer, VolunteerStatus
from handlers.common.access import admin_only
from handlers.volunteers.actions import decide_volunteer
from handlers.volunteers.notices import decided_text, request_key, status_label

logger = logging.getLogger(__name__)

APPROVERS_ONLY = N_("Only the board can approve volunteers.")


async def decide(update: Update, context: BotContext) -> None:
    """Approves or declines once; a second press learns what was decided."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    log = "User %(user)s pressed %(what)s but is not an admin"
    if not await admin_only(update, context, repr(query.data), APPROVERS_ONLY, log):
        return
    _ = context.t.gettext
    _prefix, action, raw_id = (query.data or "").split(":")
    decision = await decide_volunteer(context.services, int(raw_id), user.id, action == "ok")
    if decision is None:
        logger.warning("Button %r names no volunteer", query.data)
        await query.answer(_("That request is gone."), show_alert=True)
        return
    volunteer = decision.volunteer
    wanted = VolunteerStatus.APPROVED if action == "ok" else VolunteerStatus.DECLINED
    # This admin's own decision already on record (the press handled again after a crash, or
    # pressed twice): shown as done, not refused.
    own = volunteer.status is wanted and volunteer.decided_by == user.id
    if not decision.changed and not own:
        await query.answer(
            _("Already decided: {status}.").format(
                status=status_label(context.t, volunteer.status)
            ),
            show_alert=True,
        )
        return
    await query.answer()
    await mark_request_messages(update, context, volunteer, user.first_name)


async def mark_request_messages(
    update: Update, context: BotContext, volunteer: Volunteer, admin_name: str
) -> None:
    """Edits every copy of the request to show the decision, so no one presses it again."""
    services = context.services
    key = request_key(volunteer)
    language = (await services.users.languages([volunteer.user_id])).get(volunteer.user_id)
    edited = False
    for chat_id, t in await services.notifier.admin_targets():
        suffix = "chat" if services.settings.admin_chat_id is not None else str(chat_id)
        row = await services.outbox.get_by_dedup_key(f"{key}:{suffix}")
        if row is None or row.message_id is None:
            continue
        text = decided_text(services, t, volunteer, admin_name, language)
        edited |= await _edit(context, chat_id, row.message_id, text)
    query = update.callback_query
    if not edited and query is not None and query.message is not None:
        text = decided_text(services, context.t, volunteer, admin_name, language)
        await _edit(context, query.message.chat.id, query.message.message_id, text)


async def _edit(context: BotContext, chat_id: int, message_id: int, text: str) -> bool:
    try:
        await context.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            logger.warning("Could not edit request message %s/%s: %s", chat_id, message_id, error)
            return False
    return True
