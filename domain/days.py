"""Drop-off days and the plans that make them: plain data, no SQL, no Telegram."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator


class DayStatus(StrEnum):
    PLANNED = "planned"
    CANCELLED = "cancelled"  # called off: no sign-ups, no reminders, no hours


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
        return self.status is DayStatus.CANCELLED


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
