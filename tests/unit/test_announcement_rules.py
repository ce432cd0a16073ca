"""Announcements: typed send times, text limits, the progress bar and how often it is edited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.announcements import (
    MAX_CAPTION,
    MAX_TEXT,
    Progress,
    TextProblem,
    TimeError,
    check_text,
    parse_send_time,
    should_edit,
    too_late,
)

ZONE = ZoneInfo("Europe/Copenhagen")
# Monday 30 November 2026, 12:00 local.
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=ZONE).astimezone(UTC)


def local(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZONE).astimezone(UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-01 18:00", local(12, 1, 18)),
        ("1.12 18:00", local(12, 1, 18)),
        ("01.12.2026 kl. 18.00", local(12, 1, 18)),
        ("i morgen 18:00", local(12, 1, 18)),
        ("I MORGEN kl 18", local(12, 1, 18)),
        ("tomorrow at 18:00", local(12, 1, 18)),
        ("i dag 18:30", local(11, 30, 18, 30)),
        ("18:30", local(11, 30, 18, 30)),
        ("overmorgen 9", local(12, 2, 9)),
    ],
)
def test_send_times_are_read_in_local_time(typed: str, expected: datetime):
    assert parse_send_time(typed, NOW, ZONE) == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", TimeError.BAD_FORMAT),
        ("snart", TimeError.BAD_FORMAT),
        ("2026-12-01", TimeError.BAD_FORMAT),
        ("31.02 18:00", TimeError.BAD_FORMAT),
        ("2026-12-01 25:00", TimeError.BAD_FORMAT),
        ("i dag 11:00", TimeError.PAST),
        ("2026-11-29 18:00", TimeError.PAST),
        ("2027-06-01 18:00", TimeError.TOO_FAR),
    ],
)
def test_bad_send_times_are_refused_with_a_reason(typed: str, problem: TimeError):
    assert parse_send_time(typed, NOW, ZONE) == problem


def test_a_time_skipped_by_summer_time_is_refused():
    march = local(3, 20, 12, year=2027)
    assert parse_send_time("2027-03-28 02:30", march, ZONE) == TimeError.NONEXISTENT


def test_text_limits_are_tighter_with_a_photo():
    assert check_text("Hej alle", with_photo=False) is None
    assert check_text(" ", with_photo=False) is TextProblem.TOO_SHORT
    assert check_text("x" * MAX_TEXT, with_photo=False) is None
    assert check_text("x" * (MAX_TEXT + 1), with_photo=False) is TextProblem.TOO_LONG
    assert check_text("x" * (MAX_CAPTION + 1), with_photo=True) is TextProblem.TOO_LONG


def test_the_progress_bar_fills_in_tenths():
    assert Progress(1200, 3000).bar() == "▓▓▓▓░░░░░░"
    assert Progress(1200, 3000).percent == 40
    assert Progress(0, 300).bar() == "░" * 10
    assert Progress(300, 300).bar() == "▓" * 10
    assert Progress(0, 0).finished and Progress(0, 0).percent == 100


def test_the_progress_message_is_edited_only_every_two_seconds_and_five_percent():
    then = NOW
    assert not should_edit(Progress(10, 300), 0, None, then)  # 3 %: too little
    assert should_edit(Progress(15, 300), 0, None, then)  # 5 %
    assert not should_edit(Progress(60, 300), 5, then, then + timedelta(seconds=1.9))
    assert should_edit(Progress(60, 300), 5, then, then + timedelta(seconds=2))
    assert not should_edit(Progress(70, 300), 20, then, then + timedelta(seconds=10))


def test_the_last_edit_is_never_held_back():
    assert should_edit(Progress(300, 300), 99, NOW, NOW)


def test_a_planned_announcement_more_than_a_day_late_is_not_sent():
    assert not too_late(NOW, NOW + timedelta(hours=23))
    assert too_late(NOW, NOW + timedelta(hours=25))
