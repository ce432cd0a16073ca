"""The rules of asking for help: input checks, seasons, status changes, duplicates, the draft."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain.organisation import HelpType, Organisation, load_organisation
from domain.request_draft import Part, Position, RequestDraft, Step
from domain.request_input import (
    Invalid,
    Reason,
    parse_adults,
    parse_child_age,
    parse_children_count,
    parse_needs,
    parse_phone,
    parse_postcode,
    parse_size,
    size_system_for,
)
from domain.requests import (
    Referral,
    RefusalReason,
    RequestStatus,
    can_change,
    check_kind,
    next_opening,
    normalise_reference,
    notifies_recipient,
    refusal_for,
    season_key,
    statuses_allowing,
)

PROFILE = Path(__file__).resolve().parents[2] / "organisation.toml"
CHRISTMAS = HelpType(
    key="christmas", da="Julehjælp", en="Christmas help", opens="11-01", closes="12-10"
)
WINTER = HelpType(key="winter", da="Vinterhjælp", en="Winter help", opens="12-01", closes="01-31")
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def organisation() -> Organisation:
    return load_organisation(PROFILE)


# --- input checks ---------------------------------------------------------------------------


def test_adults_between_one_and_ten() -> None:
    assert parse_adults(" 2 ") == 2
    assert parse_adults("0") == Invalid(Reason.TOO_SMALL, 1, 10)
    assert parse_adults("11") == Invalid(Reason.TOO_LARGE, 1, 10)
    assert parse_adults("to") == 2  # number words: tests/unit/test_request_natural_answers.py
    assert parse_adults("mange") == Invalid(Reason.NOT_A_NUMBER, 1, 10)
    assert parse_adults("-1") == Invalid(Reason.NOT_A_NUMBER, 1, 10)


def test_children_between_none_and_twelve_aged_up_to_seventeen() -> None:
    assert parse_children_count("0") == 0
    assert parse_children_count("13") == Invalid(Reason.TOO_LARGE, 0, 12)
    assert parse_child_age("0") == 0
    assert parse_child_age("17") == 17
    assert parse_child_age("18") == Invalid(Reason.TOO_LARGE, 0, 17)


def test_digits_from_other_scripts_are_understood() -> None:
    assert parse_adults("٣") == 3
    assert parse_child_age("٧") == 7


def test_needs_text_is_trimmed_and_between_five_and_a_thousand_characters() -> None:
    assert parse_needs("  Vinterjakke til min søn  ") == "Vinterjakke til min søn"
    assert parse_needs("tøj") == Invalid(Reason.TOO_SHORT, 5, 1000)
    assert parse_needs("x" * 1001) == Invalid(Reason.TOO_LONG, 5, 1000)
    assert parse_needs("x" * 1000) == "x" * 1000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("104", "104"),
        ("str. 50", "50"),
        ("176", "176"),
        ("xl", "XL"),
        (" XXL ", "XXL"),
        ("xxxl", "XXXL"),
        ("4XL", "XXXXL"),
    ],
)
def test_clothes_sizes_are_child_sizes_or_letters(text: str, expected: str) -> None:
    assert parse_size(text, "clothes") == expected


@pytest.mark.parametrize("text", ["44", "105", "182", "XXXXXL", "stor"])
def test_clothes_sizes_outside_the_steps_are_refused(text: str) -> None:
    assert parse_size(text, "clothes") == Invalid(Reason.NOT_A_SIZE, 50, 176)


def test_shoe_sizes_from_sixteen_to_forty_eight() -> None:
    assert parse_size("16", "shoes") == "16"
    assert parse_size("48", "shoes") == "48"
    assert parse_size("49", "shoes") == Invalid(Reason.NOT_A_SIZE, 16, 48)
    assert parse_size("M", "shoes") == Invalid(Reason.NOT_A_SIZE, 16, 48)


def test_postcode_must_be_four_digits_inside_the_service_area(organisation: Organisation) -> None:
    area = organisation.service_area
    assert parse_postcode(" 7400 ", area) == "7400"
    assert parse_postcode("740", area) == Invalid(Reason.NOT_A_POSTCODE)
    assert parse_postcode("Herning", area) == Invalid(Reason.NOT_A_POSTCODE)
    assert parse_postcode("8000", area) == Invalid(Reason.OUTSIDE_AREA)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 12 34 56", "+4520123456"),
        ("+45 20123456", "+4520123456"),
        ("0045 20 12 34 56", "+4520123456"),
        ("4520123456", "+4520123456"),  # Telegram's shared contact, without '+'
        ("+46 70 123 45 67", "+46701234567"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(text: str, expected: str) -> None:
    assert parse_phone(text) == expected


@pytest.mark.parametrize("text", ["", "123", "2012345", "ring til mig", "123456789", "+46 1"])
def test_impossible_phone_numbers_are_refused(text: str) -> None:
    assert parse_phone(text) == Invalid(Reason.NOT_A_PHONE)


# --- kinds and seasons ----------------------------------------------------------------------


def test_clothes_and_shoes_ask_for_sizes_other_kinds_do_not(organisation: Organisation) -> None:
    assert size_system_for(organisation, "clothes") == "clothes"
    assert size_system_for(organisation, "shoes") == "shoes"
    assert size_system_for(organisation, "christmas") == "none"


def test_julehjaelp_is_open_only_inside_its_window(organisation: Organisation) -> None:
    open_now = check_kind(organisation, "christmas", date(2026, 11, 1))
    assert open_now == organisation.help_type("christmas")
    closed = check_kind(organisation, "christmas", date(2026, 12, 11))
    assert closed == Invalid(Reason.KIND_CLOSED, opens_on=date(2027, 11, 1))
    assert check_kind(organisation, "christmas", date(2026, 6, 1)) == Invalid(
        Reason.KIND_CLOSED, opens_on=date(2026, 11, 1)
    )
    assert check_kind(organisation, "pets", date(2026, 6, 1)) == Invalid(Reason.UNKNOWN_KIND)


def test_next_opening_is_none_while_open_or_for_kinds_without_a_season() -> None:
    assert next_opening(CHRISTMAS, date(2026, 11, 15)) is None
    clothes = HelpType(key="clothes", da="Tøj", en="Clothes")
    assert next_opening(clothes, date(2026, 6, 1)) is None


def test_a_window_across_new_year_opens_later_the_same_year() -> None:
    assert next_opening(WINTER, date(2026, 2, 1)) == date(2026, 12, 1)
    assert next_opening(WINTER, date(2027, 1, 15)) is None


def test_season_is_named_by_the_year_the_window_opened() -> None:
    assert season_key(CHRISTMAS, date(2026, 11, 20)) == "2026"
    assert season_key(WINTER, date(2026, 12, 20)) == "2026"
    assert season_key(WINTER, date(2027, 1, 20)) == "2026"
    assert season_key(HelpType(key="toys", da="Legetøj", en="Toys"), date(2026, 1, 1)) is None


def test_references_are_understood_as_people_type_them() -> None:
    assert normalise_reference("H-1001") == "H-1001"
    assert normalise_reference(" h1001 ") == "H-1001"
    assert normalise_reference("1001") == "H-1001"
    assert normalise_reference("hej") is None


# --- status changes -------------------------------------------------------------------------


def test_closed_requests_cannot_change_again() -> None:
    for closed in (RequestStatus.DECLINED, RequestStatus.HANDED_OVER, RequestStatus.WITHDRAWN):
        assert not any(can_change(closed, new) for new in RequestStatus)


def test_hand_over_only_after_approval() -> None:
    assert statuses_allowing(RequestStatus.HANDED_OVER) == {RequestStatus.APPROVED}
    assert not can_change(RequestStatus.PENDING, RequestStatus.HANDED_OVER)


def test_admins_decisions_notify_the_recipient_their_own_steps_do_not() -> None:
    assert notifies_recipient(RequestStatus.PENDING, RequestStatus.APPROVED)
    assert notifies_recipient(RequestStatus.PENDING, RequestStatus.NEEDS_INFO)
    assert notifies_recipient(RequestStatus.NEEDS_INFO, RequestStatus.DECLINED)
    assert notifies_recipient(RequestStatus.APPROVED, RequestStatus.HANDED_OVER)
    assert not notifies_recipient(RequestStatus.NEEDS_INFO, RequestStatus.PENDING)
    assert not notifies_recipient(RequestStatus.PENDING, RequestStatus.WITHDRAWN)
    assert not notifies_recipient(RequestStatus.DECLINED, RequestStatus.APPROVED)


# --- one open per kind, one per household per season ---------------------------------------


@dataclass(frozen=True)
class Earlier:
    reference: str
    user_id: int | None
    phone: str | None
    kind: str
    status: RequestStatus
    season: str | None = None


def test_second_open_request_of_the_same_kind_is_refused() -> None:
    earlier = Earlier("H-1001", 7, None, "clothes", RequestStatus.NEEDS_INFO)
    refusal = refusal_for("clothes", 7, None, None, [earlier])
    assert refusal is not None
    assert (refusal.reason, refusal.reference, refusal.status) == (
        RefusalReason.OPEN_SAME_KIND,
        "H-1001",
        RequestStatus.NEEDS_INFO,
    )


def test_another_kind_or_a_closed_request_does_not_block() -> None:
    earlier = [
        Earlier("H-1001", 7, None, "shoes", RequestStatus.PENDING),
        Earlier("H-1002", 7, None, "clothes", RequestStatus.HANDED_OVER),
        Earlier("H-1003", 8, None, "clothes", RequestStatus.PENDING),
    ]
    assert refusal_for("clothes", 7, None, None, earlier) is None


def test_julehjaelp_once_per_household_per_season_even_from_another_account() -> None:
    earlier = Earlier("H-1001", 7, "+4520123456", "christmas", RequestStatus.HANDED_OVER, "2026")
    by_phone = refusal_for("christmas", 99, "+4520123456", "2026", [earlier])
    assert by_phone is not None
    assert by_phone.reason == RefusalReason.SEASON_USED
    assert refusal_for("christmas", 7, None, "2026", [earlier]) is not None
    assert refusal_for("christmas", 7, None, "2027", [earlier]) is None
    assert refusal_for("christmas", 99, "+4529999999", "2026", [earlier]) is None


def test_a_withdrawn_julehjaelp_does_not_use_up_the_season_but_a_declined_one_does() -> None:
    withdrawn = Earlier("H-1001", 7, None, "christmas", RequestStatus.WITHDRAWN, "2026")
    declined = Earlier("H-1002", 8, None, "christmas", RequestStatus.DECLINED, "2026")
    assert refusal_for("christmas", 7, None, "2026", [withdrawn]) is None
    assert refusal_for("christmas", 8, None, "2026", [declined]) is not None


# --- the draft ------------------------------------------------------------------------------


def finished_clothes_draft() -> RequestDraft:
    draft = RequestDraft().with_consent(NOW).with_kind("clothes", "clothes").with_adults(2)
    draft = draft.with_children_count(2).with_child_age(0, 4).with_child_size(0, "104")
    draft = draft.with_child_age(1, 9).with_child_size(1, None)
    draft = draft.with_needs("Vinterjakker og støvler").with_postcode("7400")
    return draft.with_referral(Referral.CASEWORKER).with_contact("+4520123456")


def test_the_draft_asks_each_childs_age_and_size_in_turn() -> None:
    draft = RequestDraft().with_consent(NOW).with_kind("clothes", "clothes").with_adults(1)
    assert draft.next_position() == Position(Step.CHILDREN_COUNT)
    draft = draft.with_children_count(2)
    assert draft.next_position() == Position(Step.CHILD_AGE, 0)
    draft = draft.with_child_age(0, 4)
    assert draft.next_position() == Position(Step.CHILD_SIZE, 0)
    draft = draft.with_child_size(0, None)  # "don't know" is an answer
    assert draft.next_position() == Position(Step.CHILD_AGE, 1)


def test_kinds_without_sizes_skip_the_size_question() -> None:
    draft = RequestDraft().with_consent(NOW).with_kind("toys", "none").with_adults(1)
    draft = draft.with_children_count(1).with_child_age(0, 6)
    assert draft.next_position() == Position(Step.NEEDS)


def test_a_finished_draft_survives_json_and_reaches_the_summary() -> None:
    draft = finished_clothes_draft()
    assert draft.complete
    stored = json.loads(json.dumps(draft.to_dict()))
    assert RequestDraft.from_dict(stored) == draft


def test_an_unreadable_stored_draft_starts_again() -> None:
    assert RequestDraft.from_dict(None) is None
    assert RequestDraft.from_dict({"adults": 40}) is None


def test_impossible_values_are_refused_by_the_draft_itself() -> None:
    with pytest.raises(ValueError):
        RequestDraft().with_adults(11)
    with pytest.raises(ValueError):
        RequestDraft().with_children_count(1).with_child_age(0, 18)


def test_changing_the_household_from_the_summary_asks_it_again_then_returns() -> None:
    draft = finished_clothes_draft().cleared(Part.HOUSEHOLD)
    assert draft.next_position() == Position(Step.ADULTS)
    draft = draft.with_adults(1).with_children_count(0)
    assert draft.next_position() == Position(Step.SUMMARY)


def test_a_kind_with_other_sizes_asks_the_sizes_again_but_keeps_the_ages() -> None:
    draft = finished_clothes_draft().with_kind("shoes", "shoes")
    assert draft.next_position() == Position(Step.CHILD_SIZE, 0)
    assert [child.age for child in draft.children or ()] == [4, 9]
    assert finished_clothes_draft().with_kind("toys", "none").complete


def test_fewer_children_keeps_the_first_ones_described() -> None:
    draft = finished_clothes_draft().with_children_count(1)
    assert draft.children is not None
    assert [(child.age, child.size) for child in draft.children] == [(4, "104")]
    assert draft.complete


def test_back_goes_to_the_previous_step_through_the_children() -> None:
    draft = finished_clothes_draft()
    assert draft.position_before(Position(Step.NEEDS)) == Position(Step.CHILD_SIZE, 1)
    assert draft.position_before(Position(Step.CHILD_AGE, 1)) == Position(Step.CHILD_SIZE, 0)
    assert draft.position_before(Position(Step.CHILD_AGE, 0)) == Position(Step.CHILDREN_COUNT)
    assert draft.position_before(Position(Step.KIND)) == Position(Step.CONSENT)
    assert draft.position_before(Position(Step.CONSENT)) == Position(Step.CONSENT)
    no_children = draft.with_children_count(0)
    assert no_children.position_before(Position(Step.NEEDS)) == Position(Step.CHILDREN_COUNT)
