"""How a help request is shown: buttons Telegram accepts, natural Danish, escaped input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import I18n, Translator
from domain.days import DropoffDay
from domain.organisation import Organisation, load_organisation
from domain.request_draft import RequestDraft
from domain.request_models import Child, HelpRequest
from domain.requests import Referral, RequestStatus
from handlers.privacy.handlers import _drop_stale_drafts
from handlers.requests import (
    board_texts as admin_texts,
)
from handlers.requests import (
    family_keyboards as keyboards,
)
from handlers.requests import (
    family_outcomes as outcomes,
)
from handlers.requests import (
    family_texts as texts,
)
from handlers.requests.family_notices import feedback_question, question

PROFILE = Path(__file__).resolve().parents[2] / "organisation.toml"
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
STATES = ["consent", "kind", "adults", "children_count", "child_age", "child_size", "needs"]
STATES += ["postcode", "postcode_check", "referral", "referral_note", "contact", "summary"]
STATES += ["change_part"]


@pytest.fixture(scope="module")
def org() -> Organisation:
    return load_organisation(PROFILE)


@pytest.fixture(scope="module")
def da() -> Translator:
    return I18n(ZoneInfo("Europe/Copenhagen"))("da")


def draft() -> RequestDraft:
    made = RequestDraft().with_consent(NOW).with_kind("clothes", "clothes").with_adults(2)
    made = made.with_children_count(1).with_child_age(0, 0).with_child_size(0, "56")
    made = made.with_needs("<b>Zelmira</b> & co har brug for en dragt").with_postcode("7400")
    return made.with_referral(Referral.OTHER, "Mor <3").with_contact("+4520987654")


def request(status: RequestStatus = RequestStatus.PENDING) -> HelpRequest:
    return HelpRequest(
        id=12,
        reference="H-1012",
        user_id=7,
        kind="clothes",
        adults=2,
        children_count=1,
        children=(Child(age=0, size="56"),),
        needs="<b>Zelmira</b> & co",
        postcode="7400",
        referred_by=Referral.OTHER,
        referral_text="Mor <3",
        phone="+4520987654",
        consent_at=NOW,
        status=status,
        collect_text=None,
        dropoff_day_id=None,
        decline_preset=None,
        decline_text=None,
        handed_over_at=None,
        feedback_asked_at=None,
        feedback_score=None,
        feedback_comment=None,
        feedback_at=None,
        season=None,
        idempotency_key="abc12345",
        created_at=NOW,
        updated_at=NOW,
        closed_at=None,
        anonymised_at=None,
    )


def callback_data(markup: Any) -> list[str]:
    rows = getattr(markup, "inline_keyboard", None) or ()
    return [button.callback_data for row in rows for button in row if button.callback_data]


def test_every_button_fits_telegrams_64_ascii_bytes(org: Organisation, da: Translator) -> None:
    day = DropoffDay(
        id=123456789,
        starts_at=NOW,
        ends_at=NOW + timedelta(hours=3),
        place="Teglvænget 97",
        volunteers_needed=0,
        status="planned",
        version=1,
        created_at=NOW,
        updated_at=NOW,
    )
    markups = [keyboards.for_state(da, org, draft(), state, NOW) for state in STATES]
    markups += [admin_texts.card_buttons(da, request(status)) for status in RequestStatus]
    markups += [
        admin_texts.day_choices(da, 999999999, [day]),
        admin_texts.reason_choices(da, org, 999999999),
        question(request(), "?")(da)[1],
        feedback_question(request())(da)[1],
    ]
    data = [item for markup in markups for item in callback_data(markup)]
    assert len(data) > 40
    for item in data:
        assert item.isascii() and len(item.encode()) <= 64, item


def test_the_summary_and_the_admin_card_escape_what_the_person_typed(
    org: Organisation, da: Translator
) -> None:
    summary = texts.summary(da, org, draft())
    assert "&lt;b&gt;Zelmira&lt;/b&gt; &amp; co" in summary
    assert "Andet (Mor &lt;3)" in summary
    assert "Henvist af: Andet" in summary
    assert "Telegram og 20 98 76 54" in summary
    card = admin_texts.card(da, org, request())
    assert "&lt;b&gt;Zelmira" in card and "<b>Zelmira" not in card


def test_the_household_reads_naturally_in_danish(da: Translator) -> None:
    assert texts.household(da, 1, []) == "1 voksen, ingen børn"
    two = [Child(age=0, size="56"), Child(age=7)]
    assert texts.household(da, 2, two) == "2 voksne, 2 børn (under 1 år, størrelse 56; 7 år)"


@pytest.mark.parametrize(
    ("language", "adults", "children", "expected"),
    [
        ("da", 1, 1, "1 voksen, 1 barn"),
        ("da", 3, 5, "3 voksne, 5 børn"),
        ("en", 1, 1, "1 adult, 1 child"),
        ("en", 2, 3, "2 adults, 3 children"),
        ("uk", 1, 1, "1 дорослий, 1 дитина"),
        ("uk", 2, 2, "2 дорослі, 2 дитини"),
        ("uk", 5, 5, "5 дорослих, 5 дітей"),
    ],
)
def test_the_household_counts_agree_with_their_number(
    language: str, adults: int, children: int, expected: str
) -> None:
    t = I18n(ZoneInfo("Europe/Copenhagen"))(language)
    kids = [Child(age=7)] * children
    assert texts.household(t, adults, kids).split(" (")[0] == expected


def test_a_closed_season_says_the_day_it_opens(org: Organisation, da: Translator) -> None:
    text = outcomes.kind_closed(da, org, "christmas", datetime(2026, 11, 1).date())
    assert text == "Julehjælp åbner søndag den 1. november. Vælg noget andet, eller kom igen da."
    closed = outcomes.kind_closed(da, org, "christmas", None)
    assert closed.startswith("Vi kan ikke tage imod ønsker om julehjælp lige nu.")


class FakeApplication:
    def __init__(self, user_data: dict[int, dict[str, Any]]) -> None:
        self.user_data = user_data
        self.marked: list[int] = []

    def mark_data_for_update_persistence(self, user_ids: list[int]) -> None:
        self.marked += user_ids


def test_half_finished_requests_nobody_came_back_to_are_dropped() -> None:
    old = {"request_draft": {"answers": {}, "saved_at": "2026-10-01T00:00:00.000000Z"}}
    fresh = {"request_draft": {"answers": {}, "saved_at": "2026-11-19T00:00:00.000000Z"}}
    other = {"donate_draft": {"x": 1}}
    application = FakeApplication({1: old, 2: fresh, 3: other})
    assert _drop_stale_drafts(application, NOW - timedelta(days=14)) == 1  # type: ignore[arg-type]
    assert application.user_data == {1: {}, 2: fresh, 3: other}
    assert application.marked == [1]


@pytest.mark.parametrize(
    ("language", "age", "expected"),
    [("en", 1, "1 year"), ("en", 7, "7 years"), ("da", 1, "1 år"), ("uk", 2, "2 роки")],
)
def test_a_childs_age_agrees_with_its_number(language: str, age: int, expected: str) -> None:
    assert texts.age_text(I18n(ZoneInfo("Europe/Copenhagen"))(language), age) == expected
