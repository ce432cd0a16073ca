"""Shifts on drop-off days: places, sign-ups, the waitlist, attendance. Plain data."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict

from domain.days import DropoffDay

SignupStatus = Literal["confirmed", "waitlisted"]


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
