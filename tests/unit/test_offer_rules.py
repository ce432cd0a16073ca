"""Rules for offers: what donors may type, how the draft moves through the steps, status rules."""

from __future__ import annotations

import json

import pytest

from domain.offer_draft import (
    OfferDraft,
    PhotoOutcome,
    Step,
    missing_steps,
    next_step,
    step_back,
)
from domain.offer_draft import previous_step as back
from domain.offers import (
    Condition,
    Handover,
    Invalid,
    OfferAction,
    OfferStatus,
    Problem,
    Valid,
    check_address,
    check_answer,
    check_description,
    check_phone,
    check_pickup_postcode,
    check_postcode,
    check_quantity,
    check_size,
    find_reference,
    format_reference,
    handover_options,
    needs_size,
    next_status,
    parse_condition,
    parse_reference,
)
from domain.organisation import Category, LocalText, ServiceArea

CLOTHES = Category(key="clothes", da="Tøj", en="Clothes", sizes="clothes")
SHOES = Category(key="shoes", da="Sko", en="Shoes", sizes="shoes")
SOFA = Category(key="furniture", da="Møbler", en="Furniture", large=True)
TOYS = Category(key="toys", da="Legetøj", en="Toys")


def test_description_is_trimmed_and_may_hold_emoji() -> None:
    assert check_description("  Blå vinterjakke 🧥  \n") == Valid("Blå vinterjakke 🧥")
    assert check_description("🧸🧸🧸 LEGO 🧸🧸🧸") == Valid("🧸🧸🧸 LEGO 🧸🧸🧸")


@pytest.mark.parametrize("text", ["🧸" * 11, "!!!!!!!!!!!!", "🧸 ok 🧸🧸🧸🧸🧸🧸🧸"])
def test_a_description_needs_a_few_letters_or_digits(text: str) -> None:
    assert check_description(text) == Invalid(Problem.NO_WORDS, 3)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("   \n\t ", Problem.EMPTY),
        ("\u200b \u00a0", Problem.EMPTY),
        ("jakke", Problem.TOO_SHORT),
        ("x" * 501, Problem.TOO_LONG),
    ],
)
def test_description_outside_ten_to_five_hundred_is_refused_with_the_limits(
    text: str, problem: Problem
) -> None:
    assert check_description(text) == Invalid(problem, 10, 500)


def test_description_of_exactly_the_limits_is_accepted() -> None:
    assert isinstance(check_description("x" * 10), Valid)
    assert isinstance(check_description("ø" * 500), Valid)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("110", "110"),
        ("str. 110", "110"),
        ("Str 50", "50"),
        ("110 cm", "110"),
        ("176", "176"),
        ("110/116", "110/116"),
        ("xl", "XL"),
        ("2xl", "XXL"),
        (" XXL ", "XXL"),
        ("XXXL", "XXXL"),
        ("3xl", "XXXL"),
        ("xxxxl", "XXXXL"),
        ("s", "S"),
        ("Blandet", "mixed"),
    ],
)
def test_clothes_sizes_are_understood_in_their_usual_forms(text: str, size: str) -> None:
    assert check_size(CLOTHES, text) == Valid(size)


@pytest.mark.parametrize("text", ["111", "44", "182", "5xl", "stor", "", "110/128"])
def test_clothes_sizes_outside_the_steps_are_refused(text: str) -> None:
    assert check_size(CLOTHES, text) == Invalid(Problem.NOT_A_SIZE, 50, 176)


@pytest.mark.parametrize(
    ("text", "size"),
    [("38", "38"), ("38.5", "38.5"), ("38,5", "38.5"), ("38½", "38.5"), ("str. 16", "16")],
)
def test_shoe_sizes_allow_halves(text: str, size: str) -> None:
    assert check_size(SHOES, text) == Valid(size)


@pytest.mark.parametrize("text", ["15", "49", "38.3", "M", "fyrre"])
def test_shoe_sizes_outside_16_to_48_are_refused(text: str) -> None:
    assert check_size(SHOES, text) == Invalid(Problem.NOT_A_SIZE, 16, 48)


def test_only_categories_with_sizes_ask_for_one_and_only_large_ones_may_be_picked_up() -> None:
    assert needs_size(CLOTHES) and needs_size(SHOES) and not needs_size(SOFA)
    assert handover_options(SOFA) == (Handover.DROPOFF, Handover.PICKUP)
    assert handover_options(TOYS) == (Handover.DROPOFF,)


@pytest.mark.parametrize(
    ("text", "number"),
    [("2", 2), ("2 stk", 2), ("2 stk.", 2), ("3 par", 3), ("to", 2), ("Two", 2), ("100", 100)],
)
def test_quantity_in_words_or_digits(text: str, number: int) -> None:
    assert check_quantity(text) == Valid(number)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("0", Problem.TOO_FEW),
        ("101", Problem.TOO_MANY),
        ("mange", Problem.NOT_A_NUMBER),
        ("-1", Problem.NOT_A_NUMBER),
        ("2,5", Problem.NOT_A_NUMBER),
        ("²", Problem.NOT_A_NUMBER),
    ],
)
def test_quantity_outside_one_to_hundred_is_refused(text: str, problem: Problem) -> None:
    assert check_quantity(text) == Invalid(problem, 1, 100)


def test_condition_codes_from_buttons() -> None:
    assert parse_condition("like_new") is Condition.LIKE_NEW
    assert parse_condition("brand_new") is None


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("12 34 56 78", "+4512345678"),
        ("+45 12345678", "+4512345678"),
        ("0045 12 34 56 78", "+4512345678"),
        ("20-30-40-50", "+4520304050"),
        ("+46 70 123 45 67", "+46701234567"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(text: str, e164: str) -> None:
    assert check_phone(text) == Valid(e164)


def test_shared_contact_number_without_plus_is_international() -> None:
    assert check_phone("4512345678", shared_contact=True) == Valid("+4512345678")


@pytest.mark.parametrize("text", ["abc", "123", "+45 1234", "1234567890123", "ring 12345678"])
def test_junk_is_not_a_phone_number(text: str) -> None:
    assert check_phone(text) == Invalid(Problem.NOT_A_PHONE)


@pytest.mark.parametrize(
    ("text", "code"), [("7400", "7400"), ("DK-7400", "7400"), ("7400 Herning", "7400")]
)
def test_postcode_is_four_digits(text: str, code: str) -> None:
    assert check_postcode(text) == Valid(code)


@pytest.mark.parametrize("text", ["740", "74000", "Herning", "７４００"])
def test_other_postcodes_are_refused(text: str) -> None:
    assert check_postcode(text) == Invalid(Problem.NOT_A_POSTCODE)


def test_address_and_answer_must_hold_text() -> None:
    assert check_address(" Teglvænget 97 ") == Valid("Teglvænget 97")
    assert check_address("Skovvej 12, 2. th.") == Valid("Skovvej 12, 2. th.")
    assert check_address("  ") == Invalid(Problem.EMPTY, 4, 200)
    assert check_answer("Ja") == Valid("Ja")


@pytest.mark.parametrize("text", ["Hovedgaden", "1234", "Vej uden nummer"])
def test_an_address_needs_a_street_and_a_house_number(text: str) -> None:
    assert check_address(text) == Invalid(Problem.NOT_AN_ADDRESS, 4, 200)


def test_pickup_only_in_our_area() -> None:
    area = ServiceArea(postcodes=frozenset({"7400"}), elsewhere=LocalText(da="x", en="x"))
    assert check_pickup_postcode("7400 Herning", area) == Valid("7400")
    assert check_pickup_postcode("2100", area) == Invalid(Problem.OUTSIDE_AREA)
    assert check_pickup_postcode("0000", area) == Invalid(Problem.OUTSIDE_AREA)
    assert check_pickup_postcode("Herning", area) == Invalid(Problem.NOT_A_POSTCODE)


def test_admins_answer_only_pending_offers_and_receive_only_accepted_ones() -> None:
    assert next_status(OfferStatus.PENDING, OfferAction.ACCEPT) is OfferStatus.ACCEPTED
    assert next_status(OfferStatus.PENDING, OfferAction.DECLINE) is OfferStatus.DECLINED
    assert next_status(OfferStatus.ACCEPTED, OfferAction.RECEIVE) is OfferStatus.RECEIVED
    assert next_status(OfferStatus.WITHDRAWN, OfferAction.ACCEPT) is None
    assert next_status(OfferStatus.ACCEPTED, OfferAction.DECLINE) is None
    assert next_status(OfferStatus.PENDING, OfferAction.RECEIVE) is None


def test_donor_withdraws_while_pending_or_accepted() -> None:
    assert next_status(OfferStatus.PENDING, OfferAction.WITHDRAW) is OfferStatus.WITHDRAWN
    assert next_status(OfferStatus.ACCEPTED, OfferAction.WITHDRAW) is OfferStatus.WITHDRAWN
    assert next_status(OfferStatus.RECEIVED, OfferAction.WITHDRAW) is None
    assert next_status(OfferStatus.WITHDRAWN, OfferAction.ACCEPT) is None


@pytest.mark.parametrize("text", ["G-1042", "g 1042", "G1042", " g-1042 ", "1042", "#G–1042"])
def test_references_are_read_tolerantly(text: str) -> None:
    assert parse_reference(text) == 42


def test_reference_round_trip_and_rejects() -> None:
    assert format_reference(42) == "G-1042"
    assert parse_reference(format_reference(7)) == 7
    assert parse_reference("H-1042") is None
    assert parse_reference("G-999") is None
    assert find_reference("/ask g-1042 Er den hel?") == 42


def _complete(**changes: object) -> OfferDraft:
    draft = OfferDraft(
        category_key="toys",
        description="Kasse med LEGO",
        quantity=1,
        condition=Condition.GOOD,
        photos_done=True,
    ).with_dropoff(3)
    return draft.with_phone(None).with_(**changes)


def test_draft_survives_json_as_plain_data() -> None:
    draft, outcome = _complete().add_photo("file-a", "uniq-a")
    assert outcome is PhotoOutcome.ADDED
    stored = json.loads(json.dumps(draft.to_dict()))
    assert OfferDraft.from_dict(stored) == draft


def test_an_unreadable_stored_draft_starts_afresh() -> None:
    assert OfferDraft.from_dict(None) is None
    assert OfferDraft.from_dict({"version": 99}) is None
    assert OfferDraft.from_dict({"version": 1, "quantity": 0}) is None


def test_photos_stop_at_five_and_the_same_picture_counts_once() -> None:
    draft = OfferDraft()
    draft, outcome = draft.add_photo("f1", "u1")
    draft, again = draft.add_photo("f1-resent", "u1")
    assert (outcome, again, len(draft.photos)) == (PhotoOutcome.ADDED, PhotoOutcome.DUPLICATE, 1)
    for number in range(2, 6):
        draft, _ = draft.add_photo(f"f{number}", f"u{number}")
    assert draft.photos_full
    assert draft.add_photo("f6", "u6") == (draft, PhotoOutcome.FULL)


def test_steps_skip_size_without_sizes_and_address_without_pickup() -> None:
    draft = OfferDraft(category_key="toys")
    assert next_step(draft, Step.DESCRIPTION, TOYS) is Step.QUANTITY
    assert next_step(draft, Step.DESCRIPTION, CLOTHES) is Step.SIZE
    assert next_step(draft.with_dropoff(1), Step.HANDOVER, TOYS) is Step.CONTACT
    assert next_step(draft.with_pickup(), Step.HANDOVER, SOFA) is Step.PICKUP_ADDRESS
    assert next_step(draft, Step.CONTACT, TOYS) is Step.SUMMARY


def test_back_goes_to_the_previous_step_that_applies() -> None:
    draft = OfferDraft(category_key="toys")
    assert back(draft, Step.CATEGORY, TOYS) is None
    assert back(draft, Step.QUANTITY, TOYS) is Step.DESCRIPTION
    assert back(draft, Step.QUANTITY, CLOTHES) is Step.SIZE
    assert back(draft.with_dropoff(1), Step.CONTACT, TOYS) is Step.HANDOVER
    assert back(draft.with_pickup(), Step.CONTACT, SOFA) is Step.PICKUP_POSTCODE
    assert back(draft, Step.SUMMARY, TOYS) is Step.CONTACT


def test_a_change_from_the_summary_returns_to_it_unless_a_new_step_opened() -> None:
    draft = _complete().for_change()
    assert missing_steps(draft, TOYS) == []
    assert next_step(draft, Step.DESCRIPTION, TOYS) is Step.SUMMARY
    clothes = draft.with_category(CLOTHES)
    assert next_step(clothes, Step.CATEGORY, CLOTHES) is Step.SIZE
    pickup = draft.with_category(SOFA).with_pickup()
    assert next_step(pickup, Step.HANDOVER, SOFA) is Step.PICKUP_ADDRESS


def test_back_during_a_change_returns_to_the_summary_as_it_was() -> None:
    summary = _complete()
    shoes = summary.for_change().with_category(SHOES)  # "change category" → Sko, size asked
    kept, target = step_back(shoes, Step.SIZE, SHOES)
    assert target is Step.SUMMARY and kept == summary
    pickup = summary.for_change().with_category(SOFA).with_pickup()
    kept, target = step_back(pickup, Step.PICKUP_ADDRESS, SOFA)
    assert target is Step.SUMMARY and kept == summary
    kept, target = step_back(summary.for_change(), Step.CONTACT, TOYS)
    assert target is Step.SUMMARY and kept == summary


def test_back_from_the_summary_goes_back_in_order_and_on() -> None:
    summary = _complete()
    kept, target = step_back(summary, Step.SUMMARY, TOYS)
    assert (kept, target) == (summary, Step.CONTACT)
    assert step_back(summary, Step.CONTACT, TOYS) == (summary, Step.HANDOVER)
    assert step_back(summary, Step.HANDOVER, TOYS) == (summary, Step.PHOTOS)
    assert next_step(summary, Step.HANDOVER, TOYS) is Step.CONTACT  # then forward in order


def test_a_change_under_way_survives_json() -> None:
    summary = _complete()
    draft = summary.for_change().with_category(SHOES)
    stored = OfferDraft.from_dict(json.loads(json.dumps(draft.to_dict())))
    assert stored == draft and stored is not None and stored.undone() == summary


def test_another_category_drops_the_size_and_a_pickup_it_does_not_allow() -> None:
    draft = _complete(category_key="furniture", size="XL").with_pickup()
    draft = draft.with_(pickup_address="Vej 1", pickup_postcode="7400")
    moved = draft.with_category(TOYS)
    assert (moved.size, moved.handover, moved.pickup_address) == (None, None, None)
    assert missing_steps(moved, TOYS) == [Step.HANDOVER]
    assert missing_steps(draft.with_category(CLOTHES), CLOTHES) == [Step.SIZE, Step.HANDOVER]


def test_a_photo_keeps_its_caption_trimmed_and_short_and_none_when_blank():
    draft, _ = _complete().add_photo("f1", "u1", "  Jakken forfra \n")
    draft, _ = draft.add_photo("f2", "u2", "   ")
    draft, _ = draft.add_photo("f3", "u3", "x" * 500)
    assert [photo.caption for photo in draft.photos] == ["Jakken forfra", None, "x" * 200]
