"""Write to us: a person's conversation with the board, as plain data and rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class ThreadRole(StrEnum):
    """What the person is to us: it decides who on the board may read the thread."""

    FAMILY = "family"
    DONOR = "donor"
    VOLUNTEER = "volunteer"
    OTHER = "other"


class ThreadStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class MessageKind(StrEnum):
    TEXT = "text"
    PHOTO = "photo"
    DOCUMENT = "document"


class Thread(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    user_id: int
    name: str
    role: ThreadRole
    status: ThreadStatus
    created_at: datetime
    waiting_since: datetime | None = None
    closed_at: datetime | None = None
    closed_by: int | None = None

    @property
    def reference(self) -> str:
        return f"B-{self.id}"


class ThreadMessage(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    thread_id: int
    from_board: bool
    author_id: int
    kind: MessageKind
    body: str | None = None
    file_id: str | None = None
    file_name: str | None = None
    created_at: datetime


@dataclass(frozen=True)
class Incoming:
    """What a person sent: a text, or a photo or file with an optional caption."""

    kind: MessageKind
    body: str | None
    source_key: str
    file_id: str | None = None
    file_name: str | None = None


def role_of_person(*, has_request: bool, is_volunteer: bool, has_offer: bool) -> ThreadRole:
    """A family first (the most sensitive: only admins read it), then volunteer, then donor."""
    if has_request:
        return ThreadRole.FAMILY
    if is_volunteer:
        return ThreadRole.VOLUNTEER
    if has_offer:
        return ThreadRole.DONOR
    return ThreadRole.OTHER


def may_read(role: ThreadRole, *, admin: bool, coordinator: bool) -> bool:
    """Admins (and owners) read every thread; coordinators only volunteers'."""
    return admin or (coordinator and role is ThreadRole.VOLUNTEER)


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class AnswerHours:
    """When the board reads messages, e.g. mon-fri 09:00-17:00 (organisation.toml)."""

    days: frozenset[int]  # Monday = 0
    opens: time
    closes: time

    def covers(self, local: datetime) -> bool:
        return local.weekday() in self.days and self.opens <= local.time() < self.closes


def parse_days(text: str) -> frozenset[int]:
    """'mon-fri', 'mon,wed,fri' or 'sat' → weekday numbers."""
    days: set[int] = set()
    for part in text.lower().replace(" ", "").split(","):
        first, _, last = part.partition("-")
        if first not in WEEKDAYS or (last and last not in WEEKDAYS):
            raise ValueError(f"unknown weekday in {text!r}: use mon, tue, … sun")
        start, end = WEEKDAYS.index(first), WEEKDAYS.index(last or first)
        days.update(range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)])
    return frozenset(days)
