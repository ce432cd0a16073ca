"""When volunteers are reminded of their shifts, and when a day counts as short of volunteers.

Reminders are worked out from stored facts (shift start, when the person got the place, which
reminders were already sent), never from in-memory timers, so a restart loses none and repeats
none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Generic, Protocol, TypeVar

DEFAULT_SHIFT_REMINDERS = "24h,2h"
SHORT_STAFFED_WINDOW = timedelta(hours=48)
MAX_OFFSET = timedelta(days=14)
_PART = re.compile(r"^(\d+)\s*([dhm])$")
_UNITS = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
_OFF = {"", "off", "none"}


class ReminderSpecError(ValueError):
    """SHIFT_REMINDERS is wrong; str() is one English line for the operator, part the culprit."""

    def __init__(self, message: str, part: str = "") -> None:
        super().__init__(message)
        self.part = part


def parse_reminder_offsets(text: str) -> tuple[timedelta, ...]:
    """'24h,2h' or '1d, 90m' into offsets before the start, largest first; '' or 'off' for none."""
    if text.strip().lower() in _OFF:
        return ()
    offsets: list[timedelta] = []
    for raw in text.split(","):
        part = raw.strip().lower()
        match = _PART.match(part)
        if not match:
            raise ReminderSpecError(
                f"{raw.strip()!r} is not a time before the shift; write e.g. 24h, 2h or 90m", part
            )
        offset = int(match.group(1)) * _UNITS[match.group(2)]
        if offset <= timedelta(0):
            raise ReminderSpecError(f"{part!r} must be more than zero", part)
        if offset > MAX_OFFSET:
            raise ReminderSpecError(f"{part!r} is more than {MAX_OFFSET.days} days ahead", part)
        if offset in offsets:
            raise ReminderSpecError(f"{part!r} is given twice", part)
        offsets.append(offset)
    return tuple(sorted(offsets, reverse=True))


def format_offset(offset: timedelta) -> str:
    """The compact form back ('24h', '90m'): for keys and logs, not for people."""
    minutes = int(offset.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        return f"{minutes // (24 * 60)}d"
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"


class ReminderSubject(Protocol):
    """One confirmed place on a shift, as the reminder rules need to see it."""

    @property
    def starts_at(self) -> datetime: ...

    @property
    def not_before(self) -> datetime: ...  # when the place was taken or the day last changed

    @property
    def sent_offsets(self) -> frozenset[timedelta]: ...


Subject = TypeVar("Subject", bound=ReminderSubject)


@dataclass(frozen=True)
class DueReminder(Generic[Subject]):
    """Send the reminder for offset now; then record every offset in settles as sent."""

    subject: Subject
    offset: timedelta
    due_at: datetime  # later than this means it was missed (bot down) and goes out late
    settles: tuple[timedelta, ...] = field(default=())


def reminder_moment(starts_at: datetime, offset: timedelta) -> datetime:
    return starts_at - offset


def due_reminders(
    subjects: Iterable[Subject], offsets: Iterable[timedelta], now: datetime
) -> list[DueReminder[Subject]]:
    """The reminders to send at now: at most one per place, never after the shift has started.

    If several were missed (the bot was down), only the one closest to the start goes out and
    the earlier ones are settled with it, so nobody gets "tomorrow" and "in 2 hours" at once.
    Moments before not_before are never due: the person took the place after them.
    """
    wanted = sorted(set(offsets), reverse=True)
    due = []
    for subject in subjects:
        if now >= subject.starts_at:
            continue
        missed = [
            offset
            for offset in wanted
            if offset not in subject.sent_offsets
            and subject.not_before <= reminder_moment(subject.starts_at, offset) <= now
        ]
        if missed:
            closest = missed[-1]
            due.append(
                DueReminder(
                    subject, closest, reminder_moment(subject.starts_at, closest), tuple(missed)
                )
            )
    return due


def next_reminder_at(
    subjects: Iterable[ReminderSubject], offsets: Iterable[timedelta], now: datetime
) -> datetime | None:
    """The next future moment a reminder falls due, to schedule a wake-up; None if none."""
    moments = [
        reminder_moment(subject.starts_at, offset)
        for subject in subjects
        for offset in set(offsets)
        if offset not in subject.sent_offsets
        and max(now, subject.not_before) < reminder_moment(subject.starts_at, offset)
    ]
    return min(moments, default=None)


def first_coming_reminder(
    starts_at: datetime, offsets: Iterable[timedelta], now: datetime
) -> datetime | None:
    """When the first reminder comes for a place taken now: the moment of the largest offset
    still ahead (a place taken 20 hours before gets the 2 hour one, not the day-before one);
    None when every moment has passed or reminders are off."""
    ahead = [reminder_moment(starts_at, offset) for offset in set(offsets)]
    return min((moment for moment in ahead if moment > now), default=None)


def short_staffed_check_at(
    starts_at: datetime, window: timedelta = SHORT_STAFFED_WINDOW
) -> datetime:
    """From this moment on a day that lacks volunteers is announced."""
    return starts_at - window


def is_short_staffed(
    starts_at: datetime,
    needed: int,
    taken: int,
    now: datetime,
    window: timedelta = SHORT_STAFFED_WINDOW,
) -> bool:
    """True when the day starts within window from now and fewer are signed up than needed."""
    return short_staffed_check_at(starts_at, window) <= now < starts_at and taken < needed
