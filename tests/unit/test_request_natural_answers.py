"""People answer in their own words: "to", "ja", "ved ikke", "7400 Herning" are understood."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from domain.organisation import Organisation, load_organisation
from domain.request_draft import Part, RequestDraft, Step
from domain.request_input import (
    Invalid,
    Reason,
    is_dont_know,
    number_in,
    parse_adults,
    parse_child_age,
    parse_children_count,
    parse_postcode,
    parse_yes_no,
    postcode_in,
)

PROFILE = Path(__file__).resolve().parents[2] / "organisation.toml"
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def organisation() -> Organisation:
    return load_organisation(PROFILE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("to", 2),
        ("Tre", 3),
        ("en", 1),
        ("et", 1),
        ("én", 1),
        ("ti", 10),
        ("two", 2),
        ("Seven", 7),
        ("ingen", 0),
        ("to voksne", 2),
        ("3 børn", 3),
        ("7 år", 7),
        ("five years old", 5),
        ("٣", 3),
        (" 4. ", 4),
    ],
)
def test_counts_in_digits_or_danish_and_english_words_up_to_ten(text: str, expected: int) -> None:
    assert number_in(text) == expected


@pytest.mark.parametrize("text", ["mange", "tyve", "2,5", "1½", "-1", "to eller tre", "👍", ""])
def test_anything_else_is_not_a_count(text: str) -> None:
    assert number_in(text) is None


def test_the_count_questions_take_words_within_their_limits() -> None:
    assert parse_adults("to") == 2
    assert parse_children_count("tre børn") == 3
    assert parse_children_count("ingen") == 0
    assert parse_child_age("seks år") == 6
    assert parse_adults("ingen") == Invalid(Reason.TOO_SMALL, 1, 10)


@pytest.mark.parametrize("text", ["ja", "Ja!", "ja tak", "Ja, fortsæt", "yes", "OK"])
def test_yes_in_words(text: str) -> None:
    assert parse_yes_no(text) is True


@pytest.mark.parametrize("text", ["nej", "Nej tak", "no", "No thanks"])
def test_no_in_words(text: str) -> None:
    assert parse_yes_no(text) is False


@pytest.mark.parametrize("text", ["måske", "jeg ved det ikke", "7400", ""])
def test_neither_yes_nor_no(text: str) -> None:
    assert parse_yes_no(text) is None


@pytest.mark.parametrize(
    "text", ["ved ikke", "Ved ikke", "Det ved jeg ikke", "jeg ved det ikke", "don't know", "IDK"]
)
def test_dont_know_in_words(text: str) -> None:
    assert is_dont_know(text)


def test_a_size_is_not_dont_know() -> None:
    assert not is_dont_know("110")
    assert not is_dont_know("ved")


def test_a_postcode_with_the_town_name_or_dk_is_understood(organisation: Organisation) -> None:
    area = organisation.service_area
    assert parse_postcode("7400 Herning", area) == "7400"
    assert parse_postcode("DK-7430", area) == "7430"
    assert postcode_in("2100 København Ø") == "2100"
    assert parse_postcode("2100 København Ø", area) == Invalid(Reason.OUTSIDE_AREA)
    for wrong in ("74", "Herning", "Teglvænget 97, 7400 Herning", "74000"):
        assert parse_postcode(wrong, area) == Invalid(Reason.NOT_A_POSTCODE), wrong


def test_a_postcode_outside_the_area_waits_in_the_draft_until_it_is_corrected() -> None:
    draft = RequestDraft().with_consent(NOW).with_kind("toys", "none").with_adults(1)
    draft = draft.with_children_count(0).with_needs("Et puslespil")
    waiting = draft.with_unconfirmed_postcode("2100")
    assert waiting.unconfirmed_postcode == "2100"
    assert waiting.next_position().step == Step.POSTCODE  # not answered yet
    assert RequestDraft.from_dict(waiting.to_dict()) == waiting  # survives a restart
    corrected = waiting.with_postcode("7400")
    assert (corrected.postcode, corrected.unconfirmed_postcode) == ("7400", None)
    assert waiting.cleared(Part.POSTCODE).unconfirmed_postcode is None


def test_requests_have_their_own_decline_reasons(organisation: Organisation) -> None:
    reasons = [reason.da for reason in organisation.request_decline_reasons]
    assert "Vi har ikke det, du har brug for, lige nu." in reasons
    assert "Vi kan ikke bruge det, desværre." not in reasons  # a donor's reason
    assert all(reason.en for reason in organisation.request_decline_reasons)


def test_a_profile_without_request_decline_reasons_still_loads(
    organisation: Organisation,
) -> None:
    data = organisation.model_dump()
    data.pop("request_decline_reasons")
    assert Organisation.model_validate(data).request_decline_reasons == ()
