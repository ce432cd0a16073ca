"""Volunteers and the board's decisions on them: plain data, no SQL, no Telegram."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator


class VolunteerStatus(StrEnum):
    PENDING = "pending"  # sent the form; the board has not decided
    APPROVED = "approved"  # may take shifts
    DECLINED = "declined"  # may send the form again, and is then pending again
    ERASED = "erased"  # personal data deleted; the row stays, anonymous, for the statistics


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


def registration(before: Volunteer | None) -> Registration:
    """What sending the form means for someone: a new request, a resubmitted one (they had been
    declined), or just new details (pending or approved people keep their status)."""
    if before is None:
        return Registration.NEW
    if before.status is VolunteerStatus.DECLINED:
        return Registration.RESUBMITTED
    return Registration.UPDATED


def may_be_decided(volunteer: Volunteer) -> bool:
    """Only a pending request is decided: of two admins pressing at once, the first wins."""
    return volunteer.status is VolunteerStatus.PENDING
