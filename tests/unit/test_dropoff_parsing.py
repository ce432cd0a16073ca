"""Typed drop-off days and repeating plans, read in Copenhagen time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from domain.dropoff import (
    LAST_WEEK,
    DayDraft,
    FormError,
    FormProblem,
    PlanRule,
    make_draft,
    parse_date,
    parse_day_line,
    parse_plan_rule,
    parse_time_span,
    plan_days,
)

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def draft(text: str, now: datetime = NOW) -> DayDraft:
    result = parse_day_line(text, CPH, now)
    assert isinstance(result, DayDraft), result
    return result


def problem(text: str, now: datetime = NOW) -> FormError:
    result = parse_day_line(text, CPH, now)
    assert isinstance(result, FormProblem), result
    return result.error


def test_iso_line_in_winter_is_stored_as_utc_one_hour_earlier() -> None:
    day = draft("2026-12-06 10:00-13:00 4")
    assert day.starts_at == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    assert day.ends_at == datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    assert day.volunteers_needed == 4
    assert day.place is None  # the handler uses the profile's address


def test_summer_day_is_two_hours_ahead_of_utc() -> None:
    day = draft("2027-06-05 10:00-13:00 2")
    assert day.starts_at == datetime(2027, 6, 5, 8, 0, tzinfo=UTC)
    assert day.starts_at.astimezone(CPH).hour == 10


def test_text_after_the_count_is_the_place() -> None:
    assert draft("2026-12-06 10:00-13:00 4 Kirkesalen, Nørregade 3").place == (
        "Kirkesalen, Nørregade 3"
    )
    assert draft("2026-12-06 10-13 4 frivillige").place is None


@pytest.mark.parametrize(
    "line",
    ["6/12 10-13 4", "06.12.2026 10.00-13.00 4", "6.12 kl. 10-13 4", "6/12-26 10 - 13 4"],
)
def test_danish_forms_mean_the_same_day(line: str) -> None:
    assert draft(line) == draft("2026-12-06 10:00-13:00 4")


def test_day_and_month_already_passed_this_year_means_next_year() -> None:
    late_december = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
    assert parse_date("6/1", late_december.date()) == date(2027, 1, 6)
    assert parse_date("24/12", late_december.date()) == date(2026, 12, 24)


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("", FormError.EMPTY),
        ("2026-13-01 10-13 4", FormError.BAD_DATE),
        ("31/2 10-13 4", FormError.NO_SUCH_DATE),
        ("31.2.2027 10-13 4", FormError.NO_SUCH_DATE),
        ("2026-13-40 10-13 4", FormError.BAD_DATE),
        ("tomorrow 10-13 4", FormError.BAD_DATE),
        ("2026-11-19 10-13 4", FormError.PAST_DATE),
        ("2026-11-20 10-13 4", FormError.PAST_TIME),  # today, but 10:00 has passed
        ("2030-01-01 10-13 4", FormError.TOO_FAR),
        ("2026-12-06 13:00-10:00 4", FormError.REVERSED_TIMES),
        ("2026-12-06 10-10 4", FormError.REVERSED_TIMES),
        ("2026-12-06 25-26 4", FormError.BAD_TIME),
        ("2026-12-06 morning 4", FormError.BAD_TIME),
        ("2026-12-06 10-13", FormError.BAD_COUNT),
        ("2026-12-06 10-13 four", FormError.BAD_COUNT),
        ("2026-12-06 10-13 99", FormError.BAD_COUNT),
    ],
)
def test_bad_lines_are_refused_with_a_reason(line: str, error: FormError) -> None:
    assert problem(line) == error


def test_later_today_is_accepted() -> None:
    assert draft("2026-11-20 15-17 1").starts_at == datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


def test_problem_names_the_part_at_fault() -> None:
    result = parse_day_line("2026-02-30 10-13 4", CPH, NOW)
    assert result == FormProblem(FormError.NO_SUCH_DATE, "2026-02-30")
    assert parse_day_line("x.2.2027 10-13 4", CPH, NOW) == FormProblem(
        FormError.BAD_DATE, "x.2.2027"
    )


@pytest.mark.parametrize("text", ["31.2.2027", "31/2", "29.2.2027", "31-4-2027", "2027-02-29"])
def test_a_date_the_calendar_lacks_is_not_an_unreadable_one(text: str) -> None:
    assert parse_date(text, NOW.date()) == FormProblem(FormError.NO_SUCH_DATE, text)
    assert parse_date("29.2.2028", NOW.date()) == date(2028, 2, 29)  # a leap year


def test_a_past_day_and_a_past_time_today_say_which_and_carry_it() -> None:
    past_day = parse_day_line("1.11.2026 10-13 4", CPH, NOW)
    assert past_day == FormProblem(FormError.PAST_DATE, "2026-11-01", date(2026, 11, 1))
    # 12:00 UTC is 13:00 in Copenhagen: 10:00 today has passed, the day has not.
    past_time = parse_day_line("20.11.2026 10-13 4", CPH, NOW)
    assert past_time == FormProblem(FormError.PAST_TIME, "10:00", date(2026, 11, 20), time(10))
    guided = make_draft(date(2026, 11, 20), time(12, 30), time(14), 2, None, CPH, NOW)
    assert isinstance(guided, FormProblem) and guided.error is FormError.PAST_TIME


def test_time_skipped_by_summer_time_is_refused() -> None:
    # 28 March 2027: clocks jump from 02:00 to 03:00.
    assert problem("2027-03-28 02:30-05:00 2") == FormError.NONEXISTENT_TIME


def test_time_that_happens_twice_in_autumn_means_the_summer_time_one() -> None:
    # 31 October 2027: 02:30 happens first at +02:00, then at +01:00.
    day = draft("2027-10-31 02:30-05:00 2")
    assert day.starts_at == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert day.ends_at == datetime(2027, 10, 31, 4, 0, tzinfo=UTC)  # 3.5 real hours later


def test_day_on_the_spring_change_keeps_its_local_hours() -> None:
    day = draft("2027-03-28 10-13 2")
    assert day.starts_at.astimezone(CPH).time() == time(10, 0)
    assert day.starts_at == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)


def test_guided_steps_build_the_same_draft() -> None:
    span = parse_time_span("10.00 - 13.00")
    assert span == (time(10), time(13))
    guided = make_draft(date(2026, 12, 6), time(10), time(13), 4, "  ", CPH, NOW)
    assert guided == draft("2026-12-06 10:00-13:00 4")


def rule(text: str) -> PlanRule:
    result = parse_plan_rule(text)
    assert isinstance(result, PlanRule), result
    return result


def test_danish_plan_rule_second_and_fourth_saturday() -> None:
    assert rule("2. og 4. lørdag, 10-13, 4 frivillige") == PlanRule(
        weekday=5, weeks=(2, 4), start=time(10), end=time(13), volunteers_needed=4
    )


def test_english_plan_rule_means_the_same() -> None:
    assert rule("2nd and 4th Saturday, 10:00-13:00, 4 volunteers") == rule(
        "2. og 4. lørdag, 10-13, 4 frivillige"
    )


def test_plan_rule_with_last_week_and_place() -> None:
    found = rule("første og sidste fredag 16-18 2 frivillige, Teglvænget 97")
    assert (found.weekday, found.weeks, found.place) == (4, (1, LAST_WEEK), "Teglvænget 97")


def test_every_weekday_means_all_weeks() -> None:
    assert rule("hver tirsdag 9-12 3").weeks == (1, 2, 3, 4, 5)
    assert rule("every tue 9-12 3").weekday == 1


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", FormError.EMPTY),
        ("2. og 4. 10-13 4", FormError.BAD_WEEKDAY),
        ("lørdag 10-13 4", FormError.BAD_WEEKS),
        ("2. og 9. lørdag 10-13 4", FormError.BAD_WEEKS),
        ("2. lørdag 13-10 4", FormError.REVERSED_TIMES),
        ("2. lørdag om formiddagen", FormError.BAD_TIME),
        ("2. lørdag 10-13", FormError.BAD_COUNT),
    ],
)
def test_bad_plan_rules_are_refused(text: str, error: FormError) -> None:
    result = parse_plan_rule(text)
    assert isinstance(result, FormProblem) and result.error == error


def test_plan_days_across_the_spring_change_stay_at_ten_local() -> None:
    plan = rule("2. og 4. lørdag 10-13 4")
    slots = plan_days(plan, CPH, date(2026, 3, 1), date(2026, 4, 30))
    local_days = [slot.starts_at.astimezone(CPH) for slot in slots]
    assert [moment.date() for moment in local_days] == [
        date(2026, 3, 14),
        date(2026, 3, 28),
        date(2026, 4, 11),
        date(2026, 4, 25),
    ]
    assert all(moment.time() == time(10) for moment in local_days)
    assert [slot.starts_at.hour for slot in slots] == [9, 9, 8, 8]  # UTC: winter, then summer
    assert all(slot.starts_at.tzinfo == UTC for slot in slots)


def test_fifth_week_only_in_months_that_have_one_and_last_is_not_doubled() -> None:
    plan = PlanRule(
        weekday=5, weeks=(4, 5, LAST_WEEK), start=time(10), end=time(12), volunteers_needed=1
    )
    slots = plan_days(plan, CPH, date(2026, 1, 1), date(2026, 2, 28))
    assert [slot.starts_at.astimezone(CPH).date() for slot in slots] == [
        date(2026, 1, 24),
        date(2026, 1, 31),  # January 2026 has five Saturdays
        date(2026, 2, 28),  # February has four: the 4th is also the last
    ]


def test_plan_days_include_both_ends_of_the_range() -> None:
    plan = rule("hver lørdag 10-13 1")
    slots = plan_days(plan, CPH, date(2026, 12, 5), date(2026, 12, 12))
    assert len(slots) == 2


def test_plan_start_in_the_skipped_hour_moves_forward() -> None:
    plan = PlanRule(
        weekday=6, weeks=(LAST_WEEK,), start=time(2, 30), end=time(5), volunteers_needed=1
    )
    (slot,) = plan_days(plan, CPH, date(2026, 3, 1), date(2026, 3, 31))
    assert slot.starts_at.astimezone(CPH).time() == time(3, 30)
