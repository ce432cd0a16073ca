"""Periods for the board's statistics: presets, typed spans, local months and buckets."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.statistics import (
    BadSpan,
    GroupCount,
    Month,
    Period,
    PeriodKind,
    PeriodStatistics,
    SpanProblem,
    bucket_by_month,
    last_month,
    parse_code,
    parse_span,
    this_month,
    this_year,
)

ZONE = ZoneInfo("Europe/Copenhagen")


def test_presets_cover_whole_months_and_years():
    today = date(2026, 11, 25)
    assert this_month(today) == Period(date(2026, 11, 1), date(2026, 11, 30), PeriodKind.THIS_MONTH)
    assert last_month(today).first == date(2026, 10, 1)
    assert last_month(today).last == date(2026, 10, 31)
    assert last_month(date(2027, 1, 3)).first == date(2026, 12, 1)
    assert this_year(today) == Period(date(2026, 1, 1), date(2026, 12, 31), PeriodKind.THIS_YEAR)
    assert this_month(date(2028, 2, 10)).last == date(2028, 2, 29)


def test_bounds_are_local_midnights_in_utc_across_summer_time():
    start, end = Period(date(2026, 3, 1), date(2026, 3, 31)).bounds(ZONE)
    assert start == datetime(2026, 2, 28, 23, 0, tzinfo=UTC)  # winter: UTC+1
    assert end == datetime(2026, 3, 31, 22, 0, tzinfo=UTC)  # summer: UTC+2


@pytest.mark.parametrize(
    "text",
    ["2026-11-01 2026-11-30", "1.11.2026 - 30.11.2026", "fra 01-11-2026 til 30/11/2026"],
)
def test_a_typed_span_in_iso_or_danish_order(text: str):
    assert parse_span(text) == Period(date(2026, 11, 1), date(2026, 11, 30))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("november", SpanProblem.NOT_TWO_DATES),
        ("2026-11-01", SpanProblem.NOT_TWO_DATES),
        ("2026-11-01 2026-11-30 2026-12-01", SpanProblem.NOT_TWO_DATES),
        ("2026-02-30 2026-03-10", SpanProblem.NO_SUCH_DATE),
        ("2026-11-30 2026-11-01", SpanProblem.END_BEFORE_START),
        ("2020-01-01 2026-12-31", SpanProblem.TOO_LONG),
        ("🎄" * 500, SpanProblem.NOT_TWO_DATES),
    ],
)
def test_a_bad_span_says_why(text: str, problem: SpanProblem):
    result = parse_span(text)
    assert isinstance(result, BadSpan) and result.problem is problem


def test_button_codes_round_trip_and_forged_ones_are_refused():
    period = Period(date(2026, 11, 1), date(2026, 11, 30))
    assert parse_code(period.code) == period
    for forged in ("20261301-20261302", "20261130-20261101", "x", "20200101-20261231", ""):
        assert parse_code(forged) is None


def test_short_periods_are_charted_with_the_months_before():
    months = Period(date(2026, 2, 1), date(2026, 2, 28)).chart_months()
    assert months[0] == Month(2025, 9) and months[-1] == Month(2026, 2) and len(months) == 6
    assert months[3:] == [Month(2025, 12), Month(2026, 1), Month(2026, 2)]
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    assert len(year.chart_months()) == 12


def test_instants_fall_in_the_local_month():
    months = [Month(2026, 10), Month(2026, 11)]
    moments = [
        datetime(2026, 10, 31, 23, 30, tzinfo=UTC),  # 00:30 on 1 November in Denmark
        datetime(2026, 10, 31, 22, 59, tzinfo=UTC),  # still 31 October
        datetime(2026, 12, 1, 0, 0, tzinfo=UTC),  # December: not charted
    ]
    assert bucket_by_month(moments, months, ZONE) == [1.0, 1.0]


def test_helped_households_children_and_christmas_families():
    stats = PeriodStatistics(
        offers=(GroupCount("clothes", "accepted", 2),),
        requests=(
            GroupCount("christmas", "approved", 2, children=5),
            GroupCount("christmas", "declined", 1, children=2),
            GroupCount("clothes", "handed_over", 3, children=4),
        ),
        dropoff_days=0,
        shifts_attended=0,
        volunteer_hours=0,
        new_subscribers=0,
        feedback_average=None,
        feedback_count=0,
    )
    assert stats.requests_total == 6
    assert stats.households_helped == 5
    assert stats.children_helped == 9
    assert stats.christmas_families == 2
