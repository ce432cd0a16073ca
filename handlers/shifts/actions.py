"""What a volunteer or a day's manager does to a shift, each in one transaction with its audit
row and its outbox notices: taking a place, leaving one (whoever moves up is told), "I can't
come" (the admins are told too), marking who came.

No Telegram here: an action takes the services and plain values and returns the outcome for
the handler to render. A crash anywhere inside leaves the sign-ups, the audit log and the
outbox as they were, or all changed together (storage/unit_of_work.py). The rules (who gets a
place, who moves up) are in domain/shifts.py.
"""

from __future__ import annotations

from bot.crash_points import crash_point
from bot.i18n import Translator
from bot.services import Services
from domain.clock import to_db
from domain.days import DropoffDay
from domain.shifts import AttendanceOutcome, LeaveOutcome, LeaveResult, SignUpOutcome, SignUpResult
from domain.volunteers import Volunteer
from handlers.shifts.messages import cant_come_notice, shift_taken_messages, tell_promoted

LEFT = (LeaveOutcome.LEFT_SHIFT, LeaveOutcome.LEFT_WAITLIST)


async def take_shift(
    services: Services, t: Translator, volunteer: Volunteer, day_id: int
) -> tuple[SignUpResult, DropoffDay | None]:
    """Takes a place (with its calendar file, in the volunteer's language t) or a waitlist spot.

    Returns the outcome and the day (None when it is gone).
    """
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        result = await uow.shifts.sign_up(day_id, volunteer.id, now)
        day = await uow.days.get(day_id)
        if result.outcome is SignUpOutcome.CONFIRMED and day is not None:
            crash_point("shift.taken")
            assert result.signup_id is not None
            rows = await shift_taken_messages(
                services, t, day, volunteer.id, volunteer.user_id, result.signup_id, now
            )
            await services.notifier.queue(rows)
    return result, day


async def leave_shift(
    services: Services, volunteer: Volunteer, day_id: int, *, tell_admins: bool = False
) -> LeaveResult:
    """Leaves a place or the waitlist; whoever moves up is told, with a calendar file.

    tell_admins: "I can't come" under a reminder, so the admins hear of it (with the day's
    places now).
    """
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        result = await uow.shifts.leave(day_id, volunteer.id, now)
        if result.outcome not in LEFT:
            return result
        crash_point("shift.left")
        await tell_promoted(services, result.promoted)
        day = await uow.days.get(day_id)
        places = await uow.shifts.places(day_id)
        if tell_admins and day is not None and places is not None:
            await services.notifier.to_admins(
                cant_come_notice(volunteer, day, places),
                dedup_key=f"cant:{day_id}:{volunteer.id}:{to_db(now)}",
            )
    return result


async def mark_attendance(
    services: Services, day_id: int, volunteer_id: int, came: bool, by: int
) -> AttendanceOutcome:
    """Records that a volunteer came (their hours count) or did not, with the audit row."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        outcome = await uow.shifts.mark_attendance(day_id, volunteer_id, came, by, now)
        if outcome is AttendanceOutcome.MARKED:
            crash_point("shift.attendance")
            subject = f"day:{day_id}:volunteer:{volunteer_id}"
            await uow.audit.record(by, "shift.attendance", now, subject=subject)
    return outcome
