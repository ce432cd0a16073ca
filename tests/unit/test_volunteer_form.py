"""What volunteers type in /frivillig, and admins type to move a day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from domain.dropoff import FormError, FormProblem
from domain.dropoff_move import parse_new_time
from domain.offers import Invalid, Valid
from domain.volunteer_form import check_name, check_phone, toggle_skill

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def test_names_are_trimmed_and_need_two_letters():
    assert check_name("  Jens Hansen ") == Valid("Jens Hansen")
    assert isinstance(check_name("J"), Invalid)
    assert isinstance(check_name("x" * 61), Invalid)


def test_phone_numbers_in_danish_forms():
    assert check_phone("20 12 34 56") == Valid("+4520123456")
    assert check_phone("4520123456", shared_contact=True) == Valid("+4520123456")
    assert isinstance(check_phone("ring bare"), Invalid)


def test_skills_toggle_and_keep_the_profiles_order():
    known = ["sorting", "driving", "coffee"]
    chosen = toggle_skill([], "coffee", known)
    chosen = toggle_skill(chosen, "sorting", known)
    assert chosen == ["sorting", "coffee"]
    assert toggle_skill(chosen, "coffee", known) == ["sorting"]
    assert toggle_skill(chosen, "flying", known) == ["sorting", "coffee"]


def test_new_time_keeps_the_date_or_moves_it():
    same_day = parse_new_time("11-14", date(2026, 12, 12), CPH, NOW)
    assert same_day == (
        datetime(2026, 12, 12, 10, tzinfo=UTC),
        datetime(2026, 12, 12, 13, tzinfo=UTC),
    )
    moved = parse_new_time("2026-12-19 10:00-13:00", date(2026, 12, 12), CPH, NOW)
    assert isinstance(moved, tuple) and moved[0] == datetime(2026, 12, 19, 9, tzinfo=UTC)


def test_bad_new_times_say_why():
    cases = {
        "14-11": FormError.REVERSED_TIMES,
        "hej": FormError.BAD_TIME,
        "2026-11-01 10-12": FormError.PAST_DATE,
        "2027-03-28 02:15-04:00": FormError.NONEXISTENT_TIME,  # summer time skips 02:15
        "": FormError.EMPTY,
    }
    for text, error in cases.items():
        problem = parse_new_time(text, date(2026, 12, 12), CPH, NOW)
        assert isinstance(problem, FormProblem) and problem.error is error, text
