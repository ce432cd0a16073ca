"""When drop-off day notices, reminders, cancellations and the weekly digest are due.

Pure rules over stored facts (the days, what was already queued, the clock), so each tick of the
job can simply ask "what is due now?": a restart repeats nothing, and after downtime whatever is
still relevant goes out late rather than never (nothing about a day that has already begun).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from domain.days import DayStatus

# A digest that could not go out at its moment (the bot was off) is still sent this much later;
# after that the next week's digest is the one that counts.
DIGEST_LATE = timedelta(hours=6)
# The digest lists the planned days starting within this span after its moment.
DIGEST_SPAN = timedelta(days=14)
# A notice queued this close before the reminder moment makes the reminder needless.
RECENT_NOTICE = timedelta(hours=6)


class BroadcastKind(StrEnum):
    NOTICE = "notice"  # DROPOFF_NOTICE_DAYS before, or at once when a told day has changed
    REMINDER = "reminder"  # the day before at DROPOFF_REMINDER_TIME
    CANCELLED = "cancelled"  # a day people were told about is called off


class Change(StrEnum):
    TIME = "time"
    PLACE = "place"


class ScheduledDay(Protocol):
    """A drop-off day as the rules need it (storage's DropoffDay fits)."""

    @property
    def id(self) -> int: ...

    @property
    def starts_at(self) -> datetime: ...

    @property
    def ends_at(self) -> datetime: ...

    @property
    def place(self) -> str: ...

    @property
    def status(self) -> str: ...  # a DayStatus

    @property
    def version(self) -> int: ...


@dataclass(frozen=True)
class ScheduleRules:
    notice_days: int
    reminder_time: time  # local wall time, the day before
    digest_weekday: int  # Monday = 0
    digest_time: time  # local wall time
    zone: ZoneInfo


@dataclass(frozen=True)
class Queued:
    """A broadcast about a day that is already in the outbox."""

    day_id: int
    kind: BroadcastKind
    version: int
    queued_at: datetime | None = None
    # What it told: the time and place of the day at that version.
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    place: str | None = None


@dataclass(frozen=True)
class DueBroadcast:
    day_id: int
    kind: BroadcastKind
    version: int
    changed: bool = False  # an earlier time or place of this day was announced
    changes: frozenset[Change] = frozenset()  # what differs from what was told last
    today: bool = False  # the day is today in local time (a reminder says "today")


def local_moment(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time (a time skipped by summer time moves forward)."""
    return datetime.combine(day, wall, tzinfo=zone).astimezone(UTC)


def notice_at(starts_at: datetime, rules: ScheduleRules) -> datetime:
    return starts_at - timedelta(days=rules.notice_days)


def reminder_at(starts_at: datetime, rules: ScheduleRules) -> datetime:
    """The day before the day, at the reminder time, in the organisation's time zone."""
    day_before = starts_at.astimezone(rules.zone).date() - timedelta(days=1)
    return local_moment(day_before, rules.reminder_time, rules.zone)


def is_today(starts_at: datetime, now: datetime, zone: ZoneInfo) -> bool:
    return starts_at.astimezone(zone).date() == now.astimezone(zone).date()


def changes_since(day: ScheduledDay, told: Queued) -> frozenset[Change]:
    """What differs between the day now and what an earlier broadcast told."""
    found = set()
    if told.starts_at != day.starts_at or told.ends_at != day.ends_at:
        found.add(Change.TIME)
    if told.place is not None and told.place != day.place:
        found.add(Change.PLACE)
    return frozenset(found)


def horizon(now: datetime, rules: ScheduleRules) -> datetime:
    """Days starting after this instant cannot have anything due yet (unless told before)."""
    return now + timedelta(days=rules.notice_days + 2)


def due_broadcasts(
    days: Iterable[ScheduledDay], queued: Collection[Queued], now: datetime, rules: ScheduleRules
) -> list[DueBroadcast]:
    """Everything about these days that should be queued now and has not been yet."""
    due: list[DueBroadcast] = []
    for day in days:
        if day.starts_at <= now:
            continue  # begun or over: no notice, reminder or cancellation is of use any more
        found = _due_for_day(day, [q for q in queued if q.day_id == day.id], now, rules)
        if found is not None:
            due.append(found)
    return due


def _due_for_day(
    day: ScheduledDay, queued: list[Queued], now: datetime, rules: ScheduleRules
) -> DueBroadcast | None:
    told = [q for q in queued if q.kind in (BroadcastKind.NOTICE, BroadcastKind.REMINDER)]
    if day.status == DayStatus.CANCELLED:
        # Never announced again; only those who heard about it learn that it is off, once.
        if told and not any(q.kind == BroadcastKind.CANCELLED for q in queued):
            return DueBroadcast(day.id, BroadcastKind.CANCELLED, day.version)
        return None
    done_now = {q.kind for q in told if q.version == day.version}
    earlier = [q for q in told if q.version < day.version]
    last = max(earlier, key=lambda q: (q.version, q.kind == BroadcastKind.REMINDER), default=None)
    changes = changes_since(day, last) if last is not None else frozenset()
    changed = bool(changes)
    if last is not None and not changed and not done_now:
        # Moved and moved back: what people were told is right again, so it counts as told.
        done_now = {q.kind for q in earlier if q.version == last.version}
    remind_at = reminder_at(day.starts_at, rules)
    if now >= remind_at:
        # The reminder has every detail, so a notice that is late this far is not sent too.
        if BroadcastKind.REMINDER in done_now or _noticed_recently(told, day, remind_at):
            return None
        today = is_today(day.starts_at, now, rules.zone)
        return DueBroadcast(day.id, BroadcastKind.REMINDER, day.version, changed, changes, today)
    if done_now:
        return None
    # A change to a day people were told about is news at once, however far ahead it is.
    if now >= notice_at(day.starts_at, rules) or changed:
        return DueBroadcast(day.id, BroadcastKind.NOTICE, day.version, changed, changes)
    return None


def _noticed_recently(told: list[Queued], day: ScheduledDay, remind_at: datetime) -> bool:
    """The notice of this version went out shortly before the reminder moment."""
    return any(
        q.kind == BroadcastKind.NOTICE
        and q.version == day.version
        and q.queued_at is not None
        and q.queued_at >= remind_at - RECENT_NOTICE
        for q in told
    )


def due_digest(now: datetime, rules: ScheduleRules, done: Collection[date]) -> date | None:
    """The local date of this week's digest moment if it is due and not sent, else None."""
    local = now.astimezone(rules.zone)
    week_of = local.date() - timedelta(days=(local.weekday() - rules.digest_weekday) % 7)
    moment = local_moment(week_of, rules.digest_time, rules.zone)
    if moment > now:
        week_of -= timedelta(days=7)
        moment = local_moment(week_of, rules.digest_time, rules.zone)
    if now - moment > DIGEST_LATE or week_of in done:
        return None
    return week_of


def digest_span(week_of: date, rules: ScheduleRules) -> tuple[datetime, datetime]:
    """The days a digest lists: those starting within DIGEST_SPAN of its moment."""
    moment = local_moment(week_of, rules.digest_time, rules.zone)
    return moment, moment + DIGEST_SPAN
