"""Pydantic models for drop-off days, plans, volunteers and shifts. Plain data: no SQL."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

DayStatus = Literal["planned", "cancelled"]
VolunteerStatus = Literal["pending", "approved", "declined", "erased"]
SignupStatus = Literal["confirmed", "waitlisted"]


class DropoffDay(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    starts_at: datetime
    ends_at: datetime
    place: str
    volunteers_needed: int
    status: DayStatus
    plan_id: int | None = None
    plan_slot: datetime | None = None
    version: int
    created_by: int | None = None
    created_at: datetime
    updated_at: datetime

    @property
    def duration(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def cancelled(self) -> bool:
        return self.status == "cancelled"


class DropoffPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    weekday: int
    weeks: tuple[int, ...]
    start_time: time
    end_time: time
    volunteers_needed: int
    place: str
    weeks_ahead: int
    active: bool
    created_by: int | None = None
    created_at: datetime
    stopped_at: datetime | None = None

    @field_validator("weeks", mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(int(part) for part in value.split(",") if part.strip())
        return value


class Volunteer(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    user_id: int
    name: str
    phone: str
    skills: tuple[str, ...]
    consent_at: datetime
    status: VolunteerStatus
    decided_by: int | None = None
    decided_at: datetime | None = None
    created_at: datetime
    updated_at: datetime

    @field_validator("skills", mode="before")
    @classmethod
    def _from_json(cls, value: object) -> object:
        return json.loads(value) if isinstance(value, str) else value


class Registration(StrEnum):
    NEW = "new"  # first request: the admins must decide
    UPDATED = "updated"  # details changed; status kept
    RESUBMITTED = "resubmitted"  # had been declined; pending again


class Decision(BaseModel):
    """The result of an admin's approve/decline: changed is False when someone decided first."""

    model_config = ConfigDict(frozen=True)
    changed: bool
    volunteer: Volunteer


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
