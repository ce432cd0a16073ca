"""The needs part of the board's statistics: totals by source and the median wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.statistics import NeedStatistics, median_days

START = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def test_median_days_of_an_even_count_is_the_middle_two_averaged():
    waits = [(START, START + timedelta(days=d)) for d in (3, 5, 8, 32)]
    assert median_days(waits) == 6.5


def test_median_days_counts_hours_as_parts_of_a_day_and_nothing_gives_none():
    assert median_days([(START, START + timedelta(hours=36))]) == 1.5
    assert median_days([]) is None


def test_needs_met_add_up_over_the_sources():
    needs = NeedStatistics(5, (("dropoff", 1), ("efterlysning", 1), ("matching", 2)), 6.5)
    assert needs.met == 4
    assert needs.met_from("matching") == 2
    assert needs.met_from("efterlysning") == 1
    assert needs.met_from("dropoff") == 1
    assert NeedStatistics().met == 0 and NeedStatistics().median_days is None
