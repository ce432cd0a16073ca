"""Who gets a place, who waits, who moves up, whose attendance counts: domain/shifts.py alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain import shifts as rules
from domain.days import DayStatus, DropoffDay
from domain.shifts import (
    AttendanceOutcome,
    DayStaffing,
    LeaveOutcome,
    Places,
    RosterEntry,
    SignUpOutcome,
    SignupStatus,
)
from domain.volunteers import Registration as R
from domain.volunteers import Volunteer, VolunteerStatus, may_be_decided, registration

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)


def day(needed: int = 2, start: datetime = NOW + 24 * H, cancelled: bool = False) -> DropoffDay:
    return DropoffDay(
        id=1,
        starts_at=start,
        ends_at=start + 3 * H,
        place="Teglvænget 97",
        volunteers_needed=needed,
        status=DayStatus.CANCELLED if cancelled else DayStatus.PLANNED,
        version=1,
        created_at=NOW,
        updated_at=NOW,
    )


def seen(
    the_day: DropoffDay,
    taken: int = 0,
    waiting: int = 0,
    mine: SignupStatus | None = None,
    position: int | None = None,
) -> DayStaffing:
    places = Places(needed=the_day.volunteers_needed, taken=taken, waitlisted=waiting)
    return DayStaffing(day=the_day, places=places, my_status=mine, my_position=position)


def entry(number: int, status: SignupStatus, minute: int = 0) -> RosterEntry:
    return RosterEntry(
        signup_id=number,
        day_id=1,
        volunteer_id=100 + number,
        user_id=number,
        name=f"Frivillig {number}",
        phone="+4520000000",
        status=status,
        signed_up_at=NOW + timedelta(minutes=minute),
    )


C, W = SignupStatus.CONFIRMED, SignupStatus.WAITLISTED
APPROVED = VolunteerStatus.APPROVED


def test_a_free_place_goes_to_the_newcomer() -> None:
    result = rules.sign_up(seen(day(needed=2), taken=1), APPROVED, NOW)
    assert (result.outcome, result.status) == (SignUpOutcome.CONFIRMED, C)


def test_a_full_day_puts_the_newcomer_on_the_waitlist() -> None:
    result = rules.sign_up(seen(day(needed=2), taken=2), APPROVED, NOW)
    assert (result.outcome, result.status) == (SignUpOutcome.WAITLISTED, W)


def test_nobody_jumps_the_queue_when_a_place_is_free_but_people_wait() -> None:
    assert rules.newcomer_status(Places(needed=2, taken=1, waitlisted=1)) is W
    result = rules.sign_up(seen(day(needed=2), taken=1, waiting=1), APPROVED, NOW)
    assert result.outcome is SignUpOutcome.WAITLISTED


def test_sign_up_is_refused_for_others_and_for_days_gone_by() -> None:
    open_day = seen(day())
    assert rules.sign_up(None, APPROVED, NOW).outcome is SignUpOutcome.NO_SUCH_DAY
    assert (
        rules.sign_up(seen(day(cancelled=True)), APPROVED, NOW).outcome
        is SignUpOutcome.DAY_CANCELLED
    )
    assert rules.sign_up(seen(day(start=NOW)), APPROVED, NOW).outcome is SignUpOutcome.DAY_STARTED
    for status in (None, VolunteerStatus.PENDING, VolunteerStatus.DECLINED):
        assert rules.sign_up(open_day, status, NOW).outcome is SignUpOutcome.NOT_APPROVED
    again = rules.sign_up(seen(day(), taken=2, waiting=1, mine=W, position=1), APPROVED, NOW)
    assert (again.outcome, again.position, again.status) == (
        SignUpOutcome.ALREADY_WAITLISTED,
        1,
        None,
    )
    on = rules.sign_up(seen(day(), taken=1, mine=C), APPROVED, NOW)
    assert on.outcome is SignUpOutcome.ALREADY_CONFIRMED and not on.ok


def test_leaving_is_refused_once_the_day_has_begun_or_when_it_was_cancelled() -> None:
    assert rules.leave(seen(day(), taken=1, mine=C), NOW) is LeaveOutcome.LEFT_SHIFT
    assert rules.leave(seen(day(), taken=2, waiting=1, mine=W), NOW) is LeaveOutcome.LEFT_WAITLIST
    assert rules.leave(seen(day()), NOW) is LeaveOutcome.NOT_SIGNED_UP
    assert rules.leave(None, NOW) is LeaveOutcome.NOT_SIGNED_UP
    assert rules.leave(seen(day(start=NOW - H), mine=C), NOW) is LeaveOutcome.DAY_STARTED
    assert rules.leave(seen(day(cancelled=True), mine=C), NOW) is LeaveOutcome.DAY_CANCELLED


def test_the_longest_waiting_moves_up_into_a_freed_place() -> None:
    people = [entry(1, C), entry(4, W, minute=3), entry(2, W, minute=1), entry(3, W, minute=1)]
    moving = rules.who_moves_up(day(needed=3), people)  # two places free
    assert [e.signup_id for e in moving] == [2, 3]  # same minute: the earlier row first


def test_nobody_moves_up_on_a_full_over_staffed_or_cancelled_day() -> None:
    full = [entry(1, C), entry(2, C), entry(3, W)]
    assert rules.who_moves_up(day(needed=2), full) == []
    assert rules.who_moves_up(day(needed=1), full) == []  # fewer places push nobody off
    assert rules.who_moves_up(day(needed=5, cancelled=True), full) == []


def test_roster_lists_places_first_then_the_waitlist_with_positions() -> None:
    people = [entry(3, W, minute=2), entry(2, C, minute=5), entry(1, C), entry(4, W, minute=1)]
    ordered = rules.in_roster_order(people)
    assert [(e.signup_id, e.position) for e in ordered] == [(1, None), (2, None), (4, 1), (3, 2)]


def test_attendance_is_marked_only_for_a_place_on_a_day_that_has_begun() -> None:
    begun = day(start=NOW - H)
    assert rules.attendance(begun, entry(1, C), NOW) is AttendanceOutcome.MARKED
    assert rules.attendance(day(), entry(1, C), NOW) is AttendanceOutcome.NOT_STARTED
    assert rules.attendance(begun, entry(1, W), NOW) is AttendanceOutcome.NOT_ON_SHIFT
    assert rules.attendance(begun, None, NOW) is AttendanceOutcome.NOT_ON_SHIFT
    cancelled = day(start=NOW - H, cancelled=True)
    assert rules.attendance(cancelled, entry(1, C), NOW) is AttendanceOutcome.NO_SUCH_DAY
    assert rules.attendance(None, None, NOW) is AttendanceOutcome.NO_SUCH_DAY


def volunteer(status: VolunteerStatus) -> Volunteer:
    return Volunteer(
        id=1,
        user_id=11,
        name="Mette",
        phone="+4520304050",
        skills=(),
        consent_at=NOW,
        status=status,
        created_at=NOW,
        updated_at=NOW,
    )


def test_a_declined_volunteer_who_sends_the_form_again_is_a_new_request() -> None:
    assert registration(None) is R.NEW
    assert registration(volunteer(VolunteerStatus.DECLINED)) is R.RESUBMITTED
    assert registration(volunteer(VolunteerStatus.APPROVED)) is R.UPDATED
    assert registration(volunteer(VolunteerStatus.PENDING)) is R.UPDATED


def test_only_a_pending_request_is_decided() -> None:
    assert may_be_decided(volunteer(VolunteerStatus.PENDING))
    assert not may_be_decided(volunteer(VolunteerStatus.APPROVED))
    assert not may_be_decided(volunteer(VolunteerStatus.DECLINED))
