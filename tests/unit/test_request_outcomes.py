"""What a family reads when a request stops or is looked up, and what admins see on the card."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import I18n, Translator
from domain.organisation import Organisation, load_organisation
from domain.request_draft import RequestDraft
from domain.request_models import RequestQuestion
from domain.requests import Refusal, RefusalReason, RequestStatus
from handlers.privacy.handlers import data_summary
from handlers.requests import (
    board_texts as admin_texts,
)
from handlers.requests import (
    family_outcomes as outcomes,
)
from handlers.requests import (
    family_texts as texts,
)
from storage.requests import Blocked
from tests.unit.test_request_rendering import NOW, request

PROFILE = Path(__file__).resolve().parents[2] / "organisation.toml"
OWNER, STRANGER = 7, 99


@pytest.fixture(scope="module")
def org() -> Organisation:
    return load_organisation(PROFILE)


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n(ZoneInfo("Europe/Copenhagen"))


@pytest.fixture(scope="module")
def da(i18n: I18n) -> Translator:
    return i18n("da")


@pytest.fixture(scope="module")
def en(i18n: I18n) -> Translator:
    return i18n("en")


def christmas_used(status: RequestStatus = RequestStatus.HANDED_OVER) -> Blocked:
    existing = request(status).model_copy(update={"kind": "christmas", "season": "2026"})
    return Blocked(Refusal(RefusalReason.SEASON_USED, existing.reference, status), existing)


def test_another_person_learns_neither_the_number_nor_the_status(
    org: Organisation, da: Translator, en: Translator
) -> None:
    text = outcomes.refusal(da, org, christmas_used(), STRANGER)
    assert "H-1012" not in text and "Status" not in text and "udleveret" not in text
    assert text.startswith("Der er allerede søgt julehjælp til dette hjem i år.")
    assert "Skriv til os, hvis det er en fejl." in text
    assert "Ring til os på 12 34 56 78, eller skriv til kontakt@hjaelpesporet.dk" in text
    english = outcomes.refusal(en, org, christmas_used(), STRANGER)
    assert "H-1012" not in english and "Christmas help" in english


def test_the_owner_is_told_where_their_own_request_stands(
    org: Organisation, da: Translator, en: Translator
) -> None:
    text = outcomes.refusal(da, org, christmas_used(), OWNER)
    assert "Dit hjem har allerede bedt om <b>julehjælp</b> i år" in text
    assert "H-1012" in text
    assert "Status: udleveret – vi håber, det hjalp." in text
    english = outcomes.refusal(en, org, christmas_used(), OWNER)
    assert "Status: handed over — we hope it helped." in english


def test_kinds_are_lowercase_inside_a_sentence_but_names_keep_their_capital(
    org: Organisation, da: Translator, en: Translator
) -> None:
    assert texts.kind_in_sentence(da, org, "shoes") == "sko"
    assert texts.kind_in_sentence(en, org, "kitchen") == "kitchen things"
    assert texts.kind_in_sentence(en, org, "christmas") == "Christmas help"


def test_the_example_under_what_do_you_need_fits_the_kind(
    org: Organisation, da: Translator
) -> None:
    christmas = RequestDraft().with_kind("christmas", "none")
    prompt = texts.prompt(da, org, christmas, "needs", None)
    assert "Vi er 2 voksne og 3 børn og vil gerne have en julekurv" in prompt
    assert "vinterjakke" not in prompt
    clothes = texts.prompt(da, org, RequestDraft().with_kind("clothes", "clothes"), "needs", None)
    assert "en vinterjakke til en dreng på 7 år" in clothes


def test_sizes_are_written_in_full(org: Organisation, da: Translator) -> None:
    draft = RequestDraft().with_kind("clothes", "clothes").with_children_count(2)
    prompt = texts.prompt(da, org, draft, "child_size", 0)
    assert prompt.startswith("Hvilken størrelse bruger barn nr. 1 i tøj?")
    assert "str." not in prompt


def test_the_card_is_new_only_until_someone_acts_on_it(org: Organisation, da: Translator) -> None:
    assert admin_texts.card(da, org, request()).startswith("🆕 <b>H-1012</b>")
    asked = RequestQuestion(
        id=1,
        request_id=12,
        reference="H-1012",
        question="Hvilken størrelse?",
        answer="110",
        asked_at=NOW,
        answered_at=NOW,
        anonymised_at=None,
    )
    answered = admin_texts.card(da, org, request(), questions=[asked])
    assert answered.startswith("<b>H-1012</b>")
    assert admin_texts.card(da, org, request(RequestStatus.APPROVED)).startswith("<b>H-1012")


def test_requests_are_declined_with_the_requests_own_reasons(
    org: Organisation, da: Translator
) -> None:
    declined = request(RequestStatus.DECLINED).model_copy(update={"decline_preset": 0})
    assert (
        admin_texts.decline_reason(da, org, declined)
        == "Vi har ikke det, du har brug for, lige nu."
    )
    labels = [
        button.text
        for row in admin_texts.reason_choices(da, org, 12).inline_keyboard
        for button in row
    ]
    assert "Vi kan ikke bruge det, desværre." not in labels
    assert "Du bor uden for det område, vi hjælper i." in labels


def test_the_data_file_begins_with_a_summary_in_plain_words(da: Translator) -> None:
    exported: dict[str, Any] = {
        "help_requests": [{"reference": "H-1001", "status": "needs_info"}],
        "offers": [],
        "volunteer": None,
        "subscriptions": [],
        "conversation_data": {"user_data": {"request_draft": {}}},
        "messages_to_you": [{"text": "?"}],
    }
    summary = data_summary(da, exported, 180)
    assert summary[0] == "Her er alt, hvad vi har gemt om dig."
    assert "Dine ønsker om hjælp: H-1001 (venter på dit svar på vores spørgsmål)." in summary
    assert "Du er i gang med at svare på vores spørgsmål." in summary
    assert any("/sletdata" in line for line in summary)
    assert any("180 dage" in line for line in summary)
