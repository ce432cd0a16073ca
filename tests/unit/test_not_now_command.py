"""What an admin's /notnow words mean: the list, a pause with its reason, or taking it off."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from domain.not_now import (
    ClearNotNow,
    NotNowError,
    NotNowProblem,
    SetNotNow,
    ShowList,
    parse_not_now,
)
from domain.organisation import load_organisation

CATEGORIES = load_organisation(Path(__file__).resolve().parents[2] / "organisation.toml").categories
TODAY = date(2026, 11, 18)


def parse(text: str) -> object:
    return parse_not_now(text, CATEGORIES, TODAY)


def test_no_words_show_the_list() -> None:
    assert parse("") == ShowList()
    assert parse("   ") == ShowList()


def test_a_category_by_danish_name_english_name_or_key_with_a_reason() -> None:
    expected = SetNotNow("furniture", "Vi tager ikke imod sofaer før januar", None, None)
    assert parse("møbler Vi tager ikke imod sofaer før januar") == expected
    assert parse("Møbler Vi tager ikke imod sofaer før januar") == expected
    assert parse("furniture Vi tager ikke imod sofaer før januar") == expected


def test_a_two_word_english_name_wins_over_a_shorter_match() -> None:
    assert parse("kitchen things No more plates") == SetNotNow(
        "kitchen", "No more plates", None, None
    )


def test_danish_and_english_reasons_are_split_on_a_bar() -> None:
    assert parse("møbler Ingen sofaer | No sofas") == SetNotNow(
        "furniture", "Ingen sofaer", "No sofas", None
    )


def test_an_end_date_in_either_form() -> None:
    end = date(2027, 1, 15)
    assert parse("møbler til 2027-01-15 Ingen sofaer") == SetNotNow(
        "furniture", "Ingen sofaer", None, end
    )
    assert parse("møbler 15.1.2027 Ingen sofaer") == SetNotNow(
        "furniture", "Ingen sofaer", None, end
    )
    assert parse("møbler until 2027-01-15 No sofas") == SetNotNow(
        "furniture", "No sofas", None, end
    )


def test_taking_a_category_off_the_list() -> None:
    assert parse("møbler off") == ClearNotNow("furniture")
    assert parse("slet legetøj") == ClearNotNow("toys")
    assert parse("Sko fra") == ClearNotNow("shoes")


def test_problems_are_named() -> None:
    assert parse("raketter Nej tak") == NotNowError(NotNowProblem.UNKNOWN_CATEGORY)
    assert parse("møbler") == NotNowError(NotNowProblem.NO_REASON)
    assert parse("møbler til 2027-02-30 Ingen") == NotNowError(NotNowProblem.BAD_DATE)
    assert parse("møbler til 2026-11-17 Ingen") == NotNowError(NotNowProblem.PAST_DATE)
    assert parse("møbler " + "x" * 301) == NotNowError(NotNowProblem.TOO_LONG)
    assert parse("møbler | only English") == NotNowError(NotNowProblem.NO_REASON)


def test_today_is_still_a_valid_end() -> None:
    assert parse("sko til 2026-11-18 Ikke i dag") == SetNotNow("shoes", "Ikke i dag", None, TODAY)
