"""The volunteer's section of /mine: coming shifts, and the shifts and hours they came to."""

from __future__ import annotations

from babel.numbers import format_decimal
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.context import BotContext
from domain.shifts import SignupStatus
from domain.volunteers import VolunteerStatus
from handlers.dropoff.texts import day_line

SectionMessage = tuple[str, InlineKeyboardMarkup | None]


async def shifts_section(context: BotContext, user_id: int) -> list[SectionMessage]:
    """Nothing for people who never offered to volunteer."""
    _ = context.t.gettext
    services = context.services
    volunteer = await services.repos.volunteers.get_by_user(user_id)
    if volunteer is None or volunteer.status is VolunteerStatus.DECLINED:
        return []
    if volunteer.status is VolunteerStatus.PENDING:
        return [(_("🙋 Your request to volunteer is waiting for the board."), None)]
    shifts = services.repos.shifts
    lines = [_("🙋 Your shifts")]
    coming = await shifts.shifts_of(volunteer.id, services.clock.now())
    for shift in coming:
        mark = (
            _("✅ you are on")
            if shift.status is SignupStatus.CONFIRMED
            else _("⏳ number {n} on the waitlist").format(n=shift.position)
        )
        lines.append(f"• {day_line(context.t, shift.day)} · {mark}")
    if not coming:
        lines.append(_("No coming shifts. Take one with /shifts."))
    hours = await shifts.hours(volunteer.id)
    if hours.shifts_attended:
        amount = format_decimal(round(hours.hours, 1), locale=context.t.language)
        lines.append(
            _("Shifts you came to: {shifts}. Hours in all: {hours}. Thank you! 💚").format(
                shifts=hours.shifts_attended, hours=amount
            )
        )
    button = InlineKeyboardButton(_("📅 See the shifts"), callback_data="shift:list")
    return [("\n".join(lines), InlineKeyboardMarkup([[button]]))]
