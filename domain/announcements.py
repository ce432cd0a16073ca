"""Admin announcements: who they go to, when ("i morgen 18:00"), and how their progress shows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.dropoff import FormProblem, local_instant, parse_date, parse_time

# Telegram allows 4096 characters in a message and 1024 in a photo caption; the bot adds a short
# header and footer, so the admin's own text must leave room for them.
MAX_TEXT = 3500
MAX_CAPTION = 800
MIN_TEXT = 2
MAX_DAYS_AHEAD = 90
# A planned announcement the bot could not send within this (it was off) is not sent late:
# "i morgen" in its text would be wrong by then. The admin is told instead.
MAX_LATE = timedelta(hours=24)
# The admin's progress message is edited at most this often, and only for this much progress.
EDIT_EVERY = timedelta(seconds=2)
EDIT_STEP_PERCENT = 5
BAR_WIDTH = 10


class Audience(StrEnum):
    ALL = "all"  # everyone who has used the bot
    DROPOFF = "dropoff"  # subscribers of each topic
    CHRISTMAS = "christmas"
    NEWS = "news"
    VOLUNTEERS = "volunteers"  # approved volunteers
    DONORS = "donors"  # anyone who has offered something
    RECIPIENTS = "recipients"  # anyone with a help request on file


TOPIC_AUDIENCES = (Audience.DROPOFF, Audience.CHRISTMAS, Audience.NEWS)


class AnnouncementStatus(StrEnum):
    """Where an announcement is: planned, being queued and sent, reported, or called off."""

    DRAFT = "draft"  # reserved by the table; the bot keeps drafts in user_data instead
    SCHEDULED = "scheduled"  # stored, waiting for its time (also "send now", for an instant)
    SENDING = "sending"  # its rows are in the outbox; the progress message is followed
    SENT = "sent"  # every row finished and the report shown
    CANCELLED = "cancelled"  # by an admin (/scheduled), or given up when far too late


class TextProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"


def check_text(text: str, with_photo: bool) -> TextProblem | None:
    """An announcement's own text: not empty, and short enough for a message or a caption."""
    if len(text.strip()) < MIN_TEXT:
        return TextProblem.TOO_SHORT
    if len(text) > (MAX_CAPTION if with_photo else MAX_TEXT):
        return TextProblem.TOO_LONG
    return None


class TimeError(StrEnum):
    BAD_FORMAT = "bad_format"
    PAST = "past"
    TOO_FAR = "too_far"
    NONEXISTENT = "nonexistent"  # skipped by the change to summer time


_RELATIVE = {
    "i dag": 0,
    "idag": 0,
    "today": 0,
    "i morgen": 1,
    "imorgen": 1,
    "tomorrow": 1,
    "i overmorgen": 2,
    "overmorgen": 2,
}
_WHEN = re.compile(
    r"^(?:(?:(?P<relative>i dag|idag|today|i morgen|imorgen|tomorrow|i overmorgen|overmorgen)"
    r"|(?P<date>\S+))\s+)?(?:(?:kl\.?|at)\s*)?(?P<time>\d{1,2}(?:[:.]\d{2})?)$",
    re.IGNORECASE,
)


def parse_send_time(text: str, now: datetime, zone: ZoneInfo) -> datetime | TimeError:
    """'2026-12-01 18:00', '1.12 18:00', 'i morgen 18:00', 'tomorrow 18:00', '18:00' (today)."""
    match = _WHEN.match(" ".join(text.strip().lower().split()))
    if match is None:
        return TimeError.BAD_FORMAT
    wall = parse_time(match.group("time"))
    if wall is None:
        return TimeError.BAD_FORMAT
    today = now.astimezone(zone).date()
    day: date | FormProblem
    if match.group("relative"):
        day = today + timedelta(days=_RELATIVE[match.group("relative")])
    elif match.group("date"):
        day = parse_date(match.group("date"), today)
        if isinstance(day, FormProblem):
            return TimeError.BAD_FORMAT
    else:
        day = today
    moment = local_instant(day, wall, zone)
    if moment is None:
        return TimeError.NONEXISTENT
    if moment <= now:
        return TimeError.PAST
    if moment > now + timedelta(days=MAX_DAYS_AHEAD):
        return TimeError.TOO_FAR
    return moment


def too_late(scheduled_for: datetime, now: datetime) -> bool:
    return now - scheduled_for > MAX_LATE


@dataclass(frozen=True)
class Progress:
    """How far a broadcast has come: rows finished (any outcome) of rows queued."""

    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else min(100, self.done * 100 // self.total)

    @property
    def finished(self) -> bool:
        return self.done >= self.total

    def bar(self, width: int = BAR_WIDTH) -> str:
        """'▓▓▓▓░░░░░░' for 40 %."""
        filled = min(width, self.percent * width // 100)
        return "▓" * filled + "░" * (width - filled)


def should_edit(
    progress: Progress, shown_percent: int, last_edit: datetime | None, now: datetime
) -> bool:
    """Edit the admin's message when done, or when EDIT_EVERY has passed and the bar moved by
    EDIT_STEP_PERCENT or more: a few edits per broadcast, never one per message sent."""
    if progress.finished:
        return True
    if last_edit is not None and now - last_edit < EDIT_EVERY:
        return False
    return progress.percent - shown_percent >= EDIT_STEP_PERCENT
