"""SHIFT_REMINDERS, which reminders are due, and when a day is short of volunteers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from domain.shift_reminders import (
    DEFAULT_SHIFT_REMINDERS,
    ReminderSpecError,
    due_reminders,
    first_coming_reminder,
    format_offset,
    is_short_staffed,
    next_reminder_at,
    parse_reminder_offsets,
)

H = timedelta(hours=1)
OFFSETS = (24 * H, 2 * H)
START = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Place:
    starts_at: datetime = START
    not_before: datetime = START - 10 * 24 * H
    sent_offsets: frozenset[timedelta] = field(default_factory=frozenset)


def test_default_is_a_day_and_two_hours_before() -> None:
    assert parse_reminder_offsets(DEFAULT_SHIFT_REMINDERS) == (24 * H, 2 * H)


def test_minutes_days_spaces_and_order_are_accepted() -> None:
    assert parse_reminder_offsets(" 90m, 1D,2h ") == (24 * H, 2 * H, timedelta(minutes=90))


@pytest.mark.parametrize("text", ["", "off", "None"])
def test_empty_or_off_means_no_reminders(text: str) -> None:
    assert parse_reminder_offsets(text) == ()


@pytest.mark.parametrize(
    ("text", "part"),
    [("24", "24"), ("2 hours", "2 hours"), ("24h,,2h", ""), ("0h", "0h"), ("-2h", "-2h"),
     ("120m,2h", "2h"), ("30d", "30d")],
)  # fmt: skip
def test_bad_settings_name_the_part_at_fault(text: str, part: str) -> None:
    with pytest.raises(ReminderSpecError) as raised:
        parse_reminder_offsets(text)
    assert raised.value.part == part
    assert str(raised.value)  # one line for the operator


def test_offsets_print_back_compactly() -> None:
    assert [format_offset(o) for o in (24 * H, 2 * H, timedelta(minutes=90))] == ["1d", "2h", "90m"]


def test_nothing_is_due_before_the_first_moment() -> None:
    assert due_reminders([Place()], OFFSETS, START - 25 * H) == []


def test_day_before_reminder_is_due_at_its_moment() -> None:
    (due,) = due_reminders([Place()], OFFSETS, START - 24 * H)
    assert (due.offset, due.due_at, due.settles) == (24 * H, START - 24 * H, (24 * H,))


def test_a_sent_reminder_is_never_due_again() -> None:
    sent = Place(sent_offsets=frozenset({24 * H}))
    assert due_reminders([sent], OFFSETS, START - 3 * H) == []
    (due,) = due_reminders([sent], OFFSETS, START - 2 * H)
    assert due.offset == 2 * H


def test_reminder_missed_while_down_is_sent_late_before_the_shift() -> None:
    (due,) = due_reminders([Place()], OFFSETS, START - 20 * H)
    assert due.offset == 24 * H and due.due_at < START - 20 * H


def test_several_missed_reminders_become_one_that_settles_them_all() -> None:
    (due,) = due_reminders([Place()], OFFSETS, START - 1 * H)
    assert due.offset == 2 * H
    assert set(due.settles) == {24 * H, 2 * H}


def test_no_reminder_once_the_shift_has_started() -> None:
    assert due_reminders([Place()], OFFSETS, START) == []
    assert due_reminders([Place()], OFFSETS, START + H) == []


def test_place_taken_after_the_moment_gets_no_reminder_for_it() -> None:
    late_joiner = Place(not_before=START - 5 * H)
    assert due_reminders([late_joiner], OFFSETS, START - 4 * H) == []
    (due,) = due_reminders([late_joiner], OFFSETS, START - 2 * H)
    assert due.settles == (2 * H,)


def test_day_before_reminder_is_24_real_hours_across_the_spring_change() -> None:
    cph = ZoneInfo("Europe/Copenhagen")
    sunday_ten = datetime(2026, 3, 29, 10, 0, tzinfo=cph).astimezone(UTC)  # first summer day
    place = Place(starts_at=sunday_ten, not_before=sunday_ten - 48 * H)
    (due,) = due_reminders([place], (24 * H,), sunday_ten - 24 * H)
    assert due.due_at.astimezone(cph).hour == 9  # Saturday 09:00 winter time


def test_next_reminder_is_the_earliest_future_unsent_moment() -> None:
    places = [Place(), Place(starts_at=START + H, sent_offsets=frozenset({24 * H}))]
    assert next_reminder_at(places, OFFSETS, START - 30 * H) == START - 24 * H
    assert next_reminder_at(places, OFFSETS, START - 24 * H) == START - 2 * H
    assert next_reminder_at(places, OFFSETS, START) is None


@pytest.mark.parametrize(
    ("before_start", "taken", "short"),
    [(47 * H, 3, True), (48 * H, 3, True), (49 * H, 3, False), (10 * H, 4, False),
     (-H, 0, False)],
)  # fmt: skip
def test_short_staffed_within_48_hours_and_fewer_than_needed(
    before_start: timedelta, taken: int, short: bool
) -> None:
    assert is_short_staffed(START, 4, taken, START - before_start) is short


def test_first_coming_reminder_of_a_place_taken_less_than_a_day_before_is_the_2_hour_one() -> None:
    start = datetime(2026, 12, 12, 10, tzinfo=UTC)
    offsets = (timedelta(hours=24), timedelta(hours=2))
    assert first_coming_reminder(start, offsets, start - timedelta(days=3)) == start - timedelta(
        hours=24
    )
    assert first_coming_reminder(start, offsets, start - timedelta(hours=20)) == start - timedelta(
        hours=2
    )
    assert first_coming_reminder(start, offsets, start - timedelta(hours=1)) is None
    assert first_coming_reminder(start, (), start - timedelta(days=3)) is None
