"""Who may take shifts: approved volunteers. Anyone else is told why not (waiting for the
board, or not a volunteer yet)."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from domain.volunteers import Volunteer, VolunteerStatus


async def approved_volunteer(update: Update, context: BotContext) -> Volunteer | None:
    """The approved volunteer pressing or writing; others are told why not (and None)."""
    _ = context.t.gettext
    user = update.effective_user
    volunteer = await context.services.repos.volunteers.get_by_user(user.id) if user else None
    if volunteer is not None and volunteer.status is VolunteerStatus.APPROVED:
        return volunteer
    if volunteer is not None and volunteer.status is VolunteerStatus.PENDING:
        text = _("Your request to volunteer is waiting for the board. Then you can take shifts.")
    else:
        text = _(
            "Shifts are for our volunteers. Sign up with /volunteer – we would love your help!"
        )
    query = update.callback_query
    if query is not None:
        await query.answer(text, show_alert=True)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)
    return None
