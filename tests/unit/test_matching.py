"""Needs meet offers: the pure matching rules (domain/matching.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.days import DayStatus, DropoffDay
from domain.matching import (
    Need,
    NeedSpec,
    NeedStatus,
    OfferItems,
    all_met,
    collection_day,
    fits,
    needs_for_offer,
    needs_for_request,
    offers_for_request,
    pick_need,
    rank_window,
    size_span,
)
from domain.organisation import Organisation, load_organisation

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 11, 2, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def org() -> Organisation:
    return load_organisation(ROOT / "organisation.toml")


def need(
    org: Organisation,
    size: str | None,
    *,
    category: str = "clothes",
    need_id: int = 1,
    request_id: int = 1,
    status: NeedStatus = NeedStatus.OPEN,
    age: int | None = 7,
) -> Need:
    spec = NeedSpec(category_key=category, size=size, child_age=age)
    return Need(
        id=need_id,
        request_id=request_id,
        reference=f"H-{1000 + request_id}",
        category_key=category,
        size=size,
        size_rank=spec.size_rank(org),
        child_age=age,
        quantity=1,
        status=status,
        source=None,
        offer_id=None,
        created_at=T0 + timedelta(minutes=need_id),
        met_at=None,
    )


def offer(
    size: str | None, *, category: str = "clothes", free: int = 1, offer_id: int = 1
) -> OfferItems:
    return OfferItems(
        offer_id=offer_id,
        reference=f"G-{1000 + offer_id}",
        category_key=category,
        size=size,
        free=free,
    )


def test_a_jacket_of_the_same_size_fits_and_one_four_sizes_up_does_not(org: Organisation) -> None:
    wanted = need(org, "122")
    assert fits(org, offer("122"), wanted)
    assert not fits(org, offer("140"), wanted)


@pytest.mark.parametrize(("size", "expected"), [("116", True), ("128", True), ("110", False)])
def test_one_child_size_either_side_is_within_the_clothes_tolerance(
    org: Organisation, size: str, expected: bool
) -> None:
    assert fits(org, offer(size), need(org, "122")) is expected


def test_the_tolerance_comes_from_the_profile(org: Organisation) -> None:
    strict = org.model_copy(
        update={
            "categories": tuple(
                category.model_copy(update={"size_tolerance": 0.0})
                if category.key == "clothes"
                else category
                for category in org.categories
            )
        }
    )
    assert not fits(strict, offer("128"), need(strict, "122"))
    assert fits(strict, offer("122"), need(strict, "122"))
    assert rank_window(strict, offer("122")) == (12.0, 12.0)


def test_a_double_size_spans_both_and_letters_never_meet_child_sizes(org: Organisation) -> None:
    assert size_span(org, "clothes", "110/116") == (10.0, 11.0)
    assert fits(org, offer("110/116"), need(org, "122"))
    assert not fits(org, offer("XS"), need(org, "176"))
    assert fits(org, offer("L"), need(org, "XL"))
    assert not fits(org, offer("S"), need(org, "XL"))


def test_shoes_match_within_one_size_halves_included(org: Organisation) -> None:
    assert fits(org, offer("38.5", category="shoes"), need(org, "38", category="shoes"))
    assert fits(org, offer("39", category="shoes"), need(org, "38", category="shoes"))
    assert not fits(org, offer("40", category="shoes"), need(org, "38", category="shoes"))


def test_an_unknown_size_on_either_side_fits_and_categories_must_agree(org: Organisation) -> None:
    assert fits(org, offer("mixed"), need(org, "122"))
    assert fits(org, offer("122"), need(org, None))
    assert not fits(org, offer("122", category="shoes"), need(org, "122"))
    assert fits(org, offer(None, category="toys"), need(org, None, category="toys"))


def test_reserved_items_and_met_needs_never_match(org: Organisation) -> None:
    assert not fits(org, offer("122", free=0), need(org, "122"))
    assert not fits(org, offer("122"), need(org, "122", status=NeedStatus.MET))


def test_an_offer_lists_the_oldest_requests_first_once_each(org: Organisation) -> None:
    needs = [
        need(org, "116", need_id=3, request_id=2),
        need(org, "122", need_id=1, request_id=1),
        need(org, "128", need_id=2, request_id=1),
        need(org, "140", need_id=4, request_id=3),
    ]
    found = needs_for_offer(org, offer("122"), needs)
    assert [(item.reference, item.size) for item in found] == [("H-1001", "122"), ("H-1002", "116")]
    assert len(needs_for_offer(org, offer("122"), needs, limit=1)) == 1


def test_a_request_lists_the_offers_that_fit_its_needs(org: Organisation) -> None:
    offers = [offer("140", offer_id=2), offer("122", offer_id=1), offer("122", offer_id=3, free=0)]
    pairs = offers_for_request(org, [need(org, "122")], offers)
    assert [item.reference for _, item in pairs] == ["G-1001"]


def test_needs_come_from_the_answers_the_request_already_has(org: Organisation) -> None:
    assert needs_for_request(org, "clothes", [(7, "122"), (3, None)]) == [
        NeedSpec(category_key="clothes", size="122", child_age=7),
        NeedSpec(category_key="clothes", size=None, child_age=3),
    ]
    assert needs_for_request(org, "furniture", []) == [NeedSpec(category_key="furniture")]
    assert needs_for_request(org, "toys", [(5, "110")]) == [
        NeedSpec(category_key="toys", child_age=5)
    ]
    assert needs_for_request(org, "christmas", [(5, None)]) == []


def test_a_request_can_close_when_all_its_needs_are_met(org: Organisation) -> None:
    met = need(org, "122", status=NeedStatus.MET)
    assert all_met([met])
    assert not all_met([met, need(org, "116", need_id=2)])
    assert not all_met([])


def day(day_id: int, starts: datetime, *, cancelled: bool = False) -> DropoffDay:
    return DropoffDay(
        id=day_id,
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="Teglvænget 97",
        volunteers_needed=3,
        status=DayStatus.CANCELLED if cancelled else DayStatus.PLANNED,
        version=1,
        created_at=T0,
        updated_at=T0,
    )


def test_the_family_collects_on_its_own_day_when_the_thing_is_there_by_then() -> None:
    brought = day(1, T0 + timedelta(days=3))
    own = day(2, T0 + timedelta(days=10))
    assert collection_day(own, brought, False, [brought, own], T0) == own
    # Their appointment comes before the donor brings it: the day it is brought.
    early = day(3, T0 + timedelta(days=1))
    assert collection_day(early, brought, False, [early, brought], T0) == brought


def test_a_passed_or_cancelled_day_gives_the_next_coming_one_after_it() -> None:
    brought = day(1, T0 - timedelta(days=2))  # the donor brought it last week
    later = day(2, T0 + timedelta(days=5))
    called_off = day(3, T0 + timedelta(days=2), cancelled=True)
    assert collection_day(None, brought, False, [called_off, later], T0) == later


def test_a_pickup_not_yet_arranged_has_no_day_and_a_received_thing_any_coming_day() -> None:
    own = day(2, T0 + timedelta(days=4))
    assert collection_day(own, None, False, [own], T0) is None
    assert collection_day(own, None, True, [own], T0) == own
    assert collection_day(None, None, True, [], T0) is None


def test_an_efterlysning_meets_the_need_of_its_size_first(org: Organisation) -> None:
    needs = [
        need(org, "116", need_id=1),
        need(org, "122", need_id=2),
        need(org, "122", need_id=3, status=NeedStatus.MET),
        need(org, None, category="shoes", need_id=4),
    ]
    assert pick_need(needs, "clothes", "122") == needs[1]
    assert pick_need(needs, "clothes", "98") == needs[0]  # another size of it, oldest
    assert pick_need(needs, "toys", None) is None
