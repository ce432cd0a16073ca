"""Shifts on drop-off days: places, sign-ups, the waitlist, attendance, and their rules.

The rules are plain functions over these models, with no SQL and no Telegram, so they can be
tested alone (tests/unit/test_shift_rules.py); storage/shifts.py reads a day's rows, asks them,
and writes what they decide, in one transaction:

- sign_up: who gets a place and who goes on the waitlist (nobody jumps the queue);
- leave: who may leave a shift or the waitlist, and when not any more;
- who_moves_up: who moves up from the waitlist into free places, longest waiting first;
- in_roster_order: the order of a day's people, and everyone's place on the waitlist;
- attendance: whose attendance may be marked, and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.days import DropoffDay
from domain.volunteers import VolunteerStatus


class SignupStatus(StrEnum):
    CONFIRMED = "confirmed"  # has a place
    WAITLISTED = "waitlisted"  # waits for one, in sign-up order


class Places(BaseModel):
    """How full a day is: "2 of 4 free", and how many wait."""

    model_config = ConfigDict(frozen=True)
    needed: int
    taken: int
    waitlisted: int

    @property
    def free(self) -> int:
        return max(0, self.needed - self.taken)

    @property
    def full(self) -> bool:
        return self.free == 0


class DayStaffing(BaseModel):
    """A day with its places and, when asked for one volunteer, that person's standing."""

    model_config = ConfigDict(frozen=True)
    day: DropoffDay
    places: Places
    my_status: SignupStatus | None = None
    my_position: int | None = None  # 1-based place on the waitlist


class RosterEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    signup_id: int
    day_id: int
    volunteer_id: int
    user_id: int
    name: str
    phone: str
    status: SignupStatus
    position: int | None = None  # 1-based waitlist position; None when confirmed
    signed_up_at: datetime
    attended: bool | None = None


class SignUpOutcome(StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    ALREADY_CONFIRMED = "already_confirmed"
    ALREADY_WAITLISTED = "already_waitlisted"
    NOT_APPROVED = "not_approved"  # unknown, pending or declined volunteer
    NO_SUCH_DAY = "no_such_day"
    DAY_CANCELLED = "day_cancelled"
    DAY_STARTED = "day_started"


class SignUpResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    outcome: SignUpOutcome
    position: int | None = None  # "you are number 2 on the waitlist"
    places: Places | None = None
    signup_id: int | None = None  # the new row, when one was made

    @property
    def ok(self) -> bool:
        return self.outcome in (SignUpOutcome.CONFIRMED, SignUpOutcome.WAITLISTED)

    @property
    def status(self) -> SignupStatus | None:
        """The status the new sign-up gets, for a sign-up that goes through."""
        if self.outcome is SignUpOutcome.CONFIRMED:
            return SignupStatus.CONFIRMED
        if self.outcome is SignUpOutcome.WAITLISTED:
            return SignupStatus.WAITLISTED
        return None


class Promotion(BaseModel):
    """Someone who moved up from the waitlist to a place: tell them."""

    model_config = ConfigDict(frozen=True)
    signup_id: int
    day_id: int
    volunteer_id: int
    user_id: int
    signed_up_at: datetime


class LeaveOutcome(StrEnum):
    LEFT_SHIFT = "left_shift"
    LEFT_WAITLIST = "left_waitlist"
    NOT_SIGNED_UP = "not_signed_up"
    DAY_STARTED = "day_started"
    DAY_CANCELLED = "day_cancelled"


class LeaveResult(BaseModel):
    model_config = ConfigDict(frozen=True)
    outcome: LeaveOutcome
    promoted: tuple[Promotion, ...] = ()


class AttendanceOutcome(StrEnum):
    MARKED = "marked"
    NOT_ON_SHIFT = "not_on_shift"  # not confirmed on that day
    NOT_STARTED = "not_started"  # marked only once the day has begun
    NO_SUCH_DAY = "no_such_day"


class VolunteerShift(BaseModel):
    model_config = ConfigDict(frozen=True)
    day: DropoffDay
    status: SignupStatus
    position: int | None = None
    attended: bool | None = None


class VolunteerHours(BaseModel):
    model_config = ConfigDict(frozen=True)
    shifts_attended: int
    total: timedelta

    @property
    def hours(self) -> float:
        return self.total.total_seconds() / 3600


class ReminderCandidate(BaseModel):
    """A confirmed place on a coming day, with the reminders already sent for its start time.

    not_before is when the person got the place or the day last changed: reminders whose moment
    lies before it are not sent (the sign-up or the change notice said it all).
    """

    model_config = ConfigDict(frozen=True)
    signup_id: int
    day_id: int
    volunteer_id: int
    user_id: int
    signed_up_at: datetime
    starts_at: datetime
    ends_at: datetime
    place: str
    not_before: datetime
    sent_offsets: frozenset[timedelta]


# The rules.


def newcomer_status(places: Places) -> SignupStatus:
    """Where someone signing up now lands: a place only when one is free and nobody waits for
    it (nobody jumps the queue), else the end of the waitlist."""
    if places.free > 0 and places.waitlisted == 0:
        return SignupStatus.CONFIRMED
    return SignupStatus.WAITLISTED


def sign_up(
    found: DayStaffing | None, volunteer: VolunteerStatus | None, now: datetime
) -> SignUpResult:
    """What pressing "take" gives this volunteer on this day (found is the day seen with their
    standing): a refusal, or CONFIRMED / WAITLISTED for the sign-up to store."""
    if found is None:
        return SignUpResult(outcome=SignUpOutcome.NO_SUCH_DAY)
    if found.day.cancelled:
        return SignUpResult(outcome=SignUpOutcome.DAY_CANCELLED, places=found.places)
    if found.day.starts_at <= now:
        return SignUpResult(outcome=SignUpOutcome.DAY_STARTED, places=found.places)
    if found.my_status is not None:
        outcome = (
            SignUpOutcome.ALREADY_CONFIRMED
            if found.my_status is SignupStatus.CONFIRMED
            else SignUpOutcome.ALREADY_WAITLISTED
        )
        return SignUpResult(outcome=outcome, position=found.my_position, places=found.places)
    if volunteer is not VolunteerStatus.APPROVED:
        return SignUpResult(outcome=SignUpOutcome.NOT_APPROVED, places=found.places)
    confirmed = newcomer_status(found.places) is SignupStatus.CONFIRMED
    outcome = SignUpOutcome.CONFIRMED if confirmed else SignUpOutcome.WAITLISTED
    return SignUpResult(outcome=outcome, places=found.places)


def leave(found: DayStaffing | None, now: datetime) -> LeaveOutcome:
    """Whether this volunteer may leave the day (found is the day seen with their standing).

    Also what "I can't come" asks. Refused once the day has begun (call instead) and on a
    cancelled day (there is no shift to leave).
    """
    if found is None or found.my_status is None:
        return LeaveOutcome.NOT_SIGNED_UP
    if found.day.cancelled:
        return LeaveOutcome.DAY_CANCELLED
    if found.day.starts_at <= now:
        return LeaveOutcome.DAY_STARTED
    if found.my_status is SignupStatus.WAITLISTED:
        return LeaveOutcome.LEFT_WAITLIST
    return LeaveOutcome.LEFT_SHIFT


def waitlist(entries: Iterable[RosterEntry]) -> list[RosterEntry]:
    """Those waiting, longest waiting first (sign-up time, then the order the rows were made)."""
    waiting = [entry for entry in entries if entry.status is SignupStatus.WAITLISTED]
    return sorted(waiting, key=lambda entry: (entry.signed_up_at, entry.signup_id))


def who_moves_up(day: DropoffDay, entries: Iterable[RosterEntry]) -> list[RosterEntry]:
    """Who moves up from the waitlist now: the longest waiting, as many as places are free.

    Nobody on a cancelled day. Fewer places than people never pushes anyone off: the day is
    simply over-staffed, and nobody moves up until enough have left.
    """
    if day.cancelled:
        return []
    people = list(entries)
    taken = sum(1 for entry in people if entry.status is SignupStatus.CONFIRMED)
    free = max(0, day.volunteers_needed - taken)
    return waitlist(people)[:free]


def in_roster_order(entries: Iterable[RosterEntry]) -> list[RosterEntry]:
    """Those with a place in sign-up order, then the waitlist with each one's position (1, 2, …)."""
    people = list(entries)
    confirmed = sorted(
        (entry for entry in people if entry.status is SignupStatus.CONFIRMED),
        key=lambda entry: (entry.signed_up_at, entry.signup_id),
    )
    waiting = [
        entry.model_copy(update={"position": number})
        for number, entry in enumerate(waitlist(people), start=1)
    ]
    return [*(entry.model_copy(update={"position": None}) for entry in confirmed), *waiting]


def attendance(
    day: DropoffDay | None, entry: RosterEntry | None, now: datetime
) -> AttendanceOutcome:
    """Whether the attendance of this person (entry: their sign-up on the day) may be marked:
    only for someone with a place, on a planned day that has begun."""
    if day is None or day.cancelled:
        return AttendanceOutcome.NO_SUCH_DAY
    if day.starts_at > now:
        return AttendanceOutcome.NOT_STARTED
    if entry is None or entry.status is not SignupStatus.CONFIRMED:
        return AttendanceOutcome.NOT_ON_SHIFT
    return AttendanceOutcome.MARKED
