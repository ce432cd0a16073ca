"""Volunteers and the board's decisions on them: plain data, no SQL, no Telegram."""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

VolunteerStatus = Literal["pending", "approved", "declined", "erased"]


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
