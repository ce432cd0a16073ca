"""The "add to calendar" file opens in a real calendar parser at the right local time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from domain.calendar_file import shift_calendar_file, shift_file_name, shift_uid

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def build(starts_at: datetime, ends_at: datetime, **extra: object) -> Calendar:
    data = shift_calendar_file(
        day_id=7,
        volunteer_id=3,
        starts_at=starts_at,
        ends_at=ends_at,
        zone=CPH,
        summary="Vagt: indleveringsdag, sortering",
        location="Teglvænget 97, 7400 Herning",
        description="Tak fordi du hjælper!",
        now=NOW,
        **extra,  # type: ignore[arg-type]
    )
    assert data.startswith(b"BEGIN:VCALENDAR")
    return Calendar.from_ical(data)


def test_winter_shift_reads_back_at_ten_local_with_tzid() -> None:
    calendar = build(datetime(2026, 12, 6, 9, tzinfo=UTC), datetime(2026, 12, 6, 12, tzinfo=UTC))
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert (start.hour, start.minute, end.hour) == (10, 0, 13)
    assert start.utcoffset().total_seconds() == 3600
    assert event["dtstart"].params["TZID"] == "Europe/Copenhagen"
    assert [zone["tzid"] for zone in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]


def test_summer_shift_reads_back_at_ten_local_two_hours_ahead() -> None:
    calendar = build(datetime(2027, 6, 5, 8, tzinfo=UTC), datetime(2027, 6, 5, 11, tzinfo=UTC))
    start = calendar.walk("VEVENT")[0].decoded("dtstart")
    assert start.hour == 10 and start.utcoffset().total_seconds() == 7200


def test_texts_with_commas_and_danish_letters_survive() -> None:
    calendar = build(datetime(2026, 12, 6, 9, tzinfo=UTC), datetime(2026, 12, 6, 12, tzinfo=UTC))
    event = calendar.walk("VEVENT")[0]
    assert str(event["summary"]) == "Vagt: indleveringsdag, sortering"
    assert str(event["location"]) == "Teglvænget 97, 7400 Herning"
    assert str(event["description"]) == "Tak fordi du hjælper!"


def test_uid_is_stable_per_day_and_volunteer_and_sequence_follows_version() -> None:
    first = build(datetime(2026, 12, 6, 9, tzinfo=UTC), datetime(2026, 12, 6, 12, tzinfo=UTC))
    moved = build(
        datetime(2026, 12, 6, 10, tzinfo=UTC), datetime(2026, 12, 6, 13, tzinfo=UTC), sequence=2
    )
    uids = {str(cal.walk("VEVENT")[0]["uid"]) for cal in (first, moved)}
    assert uids == {shift_uid(7, 3)}
    assert shift_uid(7, 3) != shift_uid(7, 4)
    assert moved.walk("VEVENT")[0].decoded("sequence") == 2


def test_cancelled_file_removes_the_entry() -> None:
    calendar = build(
        datetime(2026, 12, 6, 9, tzinfo=UTC), datetime(2026, 12, 6, 12, tzinfo=UTC), cancelled=True
    )
    assert str(calendar["method"]) == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CANCELLED"


def test_naive_or_reversed_times_are_programming_errors() -> None:
    with pytest.raises(ValueError):
        build(datetime(2026, 12, 6, 9), datetime(2026, 12, 6, 12, tzinfo=UTC))
    with pytest.raises(ValueError):
        build(datetime(2026, 12, 6, 12, tzinfo=UTC), datetime(2026, 12, 6, 9, tzinfo=UTC))


def test_file_name_uses_the_local_date() -> None:
    late_evening = datetime(2026, 12, 5, 23, 30, tzinfo=UTC)  # 00:30 on the 6th in Copenhagen
    assert shift_file_name("vagt", late_evening, CPH) == "vagt-2026-12-06.ics"
