"""What taking part in a shift needs in several places: who may, and leaving a day.

Shared by /shifts (handlers/shifts.py) and the "I can't come" under a reminder
(handlers/shift_jobs.py).
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.services import Services
from domain.shifts import LeaveOutcome, LeaveResult
from domain.volunteers import Volunteer
from handlers.shifts.messages import tell_promoted
from storage.shifts import ShiftRepository
from storage.volunteers import VolunteerRepository


async def approved_volunteer(update: Update, context: BotContext) -> Volunteer | None:
    """The approved volunteer pressing or writing; others are told why not (and None)."""
    _ = context.t.gettext
    user = update.effective_user
    volunteer = (
        await VolunteerRepository(context.services.db).get_by_user(user.id) if user else None
    )
    if volunteer is not None and volunteer.status == "approved":
        return volunteer
    if volunteer is not None and volunteer.status == "pending":
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


async def leave_day(services: Services, volunteer: Volunteer, day_id: int) -> LeaveResult:
    """Leaves the day and, in the same transaction, queues the news for whoever moved up."""
    async with services.db.transaction():
        result = await ShiftRepository(services.db).leave(
            day_id, volunteer.id, services.clock.now()
        )
        await tell_promoted(services, result.promoted)
    return result


async def refused_leaving(update: Update, context: BotContext, result: LeaveResult) -> bool:
    """Says why nothing was left (not on it, or it has begun); True when so."""
    _ = context.t.gettext
    query = update.callback_query
    if result.outcome is LeaveOutcome.NOT_SIGNED_UP:
        text = _("You are not on this shift any more.")
    elif result.outcome is LeaveOutcome.DAY_STARTED:
        org = context.services.organisation
        text = _("The shift has begun. Please call us instead: {phone}").format(
            phone=org.phone or org.email
        )
    elif result.outcome is LeaveOutcome.DAY_CANCELLED:
        text = _("That drop-off day was cancelled, so there is no shift to leave.")
    else:
        return False
    if query is not None:
        await query.answer(text, show_alert=True)
    return True
