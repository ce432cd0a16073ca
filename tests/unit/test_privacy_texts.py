"""What /deletedata says about a pickup appointment, to the person and to the board, in Danish
and English; and the /mydata labels."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import I18n, Translator
from domain.days import DayStatus, DropoffDay
from handlers.privacy.actions import Appointment
from handlers.privacy.admin_copies import appointment_gone
from handlers.privacy.export_texts import label, readable
from handlers.privacy.texts import before_deleting, cancelled

DAY = DropoffDay(
    id=1,
    starts_at=datetime(2026, 11, 28, 9, 0, tzinfo=UTC),
    ends_at=datetime(2026, 11, 28, 12, 0, tzinfo=UTC),
    place="Teglvænget 97, Herning",
    volunteers_needed=0,
    status=DayStatus.PLANNED,
    version=1,
    created_at=datetime(2026, 11, 1, tzinfo=UTC),
    updated_at=datetime(2026, 11, 1, tzinfo=UTC),
)
ON_A_DAY = Appointment("H-1001", DAY, None)
TYPED = Appointment("H-1002", None, "Fredag kl. 15 hos Lise, Rosenvej 12")


@pytest.fixture(scope="module")
def i18n() -> I18n:
    return I18n(ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def da(i18n: I18n) -> Translator:
    return i18n("da")


@pytest.fixture
def en(i18n: I18n) -> Translator:
    return i18n("en")


def test_the_person_is_told_which_time_goes_before_and_after(
    da: Translator, en: Translator
) -> None:
    assert before_deleting(da, [ON_A_DAY]) == [
        "Du har en tid til at hente dine ting for H-1001:",
        "📅 lørdag den 28. november kl. 10.00-13.00",
        "📍 Teglvænget 97, Herning",
        "Hvis vi sletter dine data, bliver tiden aflyst.",
    ]
    assert cancelled(en, [ON_A_DAY, TYPED]) == [
        "Your time to collect H-1001 is cancelled:",
        "📅 Saturday 28 November, 10:00-13:00",
        "📍 Teglvænget 97, Herning",
        "Your time to collect H-1002 is cancelled:",
        "🕒 Fredag kl. 15 hos Lise, Rosenvej 12",
    ]
    assert before_deleting(da, []) == [] and cancelled(da, []) == []


def test_the_board_hears_the_reference_and_the_time_without_a_name(
    da: Translator, en: Translator
) -> None:
    text, buttons = appointment_gone("H-1001", DAY)(da)
    assert buttons is None
    assert text.splitlines() == [
        "📅 Tiden til afhentning af H-1001 er aflyst:"
        " lørdag den 28. november kl. 10.00-13.00, Teglvænget 97, Herning.",
        "Familien har bedt os slette sine data. Tiden er fri igen.",
    ]
    typed, _ = appointment_gone("H-1002", None)(en)
    assert typed.startswith("📅 The agreed pickup time for H-1002 is cancelled.")
    assert "Rosenvej" not in typed  # a typed time may hold an address: left out


def test_the_file_labels_are_words_in_the_persons_language(da: Translator, en: Translator) -> None:
    assert [label(da, key) for key in ("help_requests", "offers", "shifts")] == [
        "Ønsker",
        "Tilbud",
        "Vagter",
    ]
    assert label(en, "help_requests") == "Requests"
    assert label(da, "some_new_column") == "Some new column"  # never snake_case
    shift = {"starts_at": "2026-12-12T09:00:00.000000Z", "status": "waitlisted", "attended": 1}
    assert readable(da, {"shifts": [shift]}) == {
        "Vagter": [{"Starter": "12.12.2026 10.00", "Status": "på ventelisten", "Mødte op": "ja"}]
    }


def test_stored_keys_in_the_file_read_as_the_organisations_words(
    da: Translator, en: Translator
) -> None:
    from pathlib import Path

    from domain.organisation import load_organisation

    org = load_organisation(Path(__file__).resolve().parents[2] / "organisation.toml")
    exported = {
        "help_requests": [{"kind": "toys", "referred_by": "self", "phone": "+4520987654"}],
        "offers": [{"category_key": "furniture", "condition": "good", "handover": "pickup"}],
        "subscriptions": [{"topic": "christmas"}],
    }
    danish = readable(da, exported, org)
    assert danish["Ønsker"] == [
        {"Slags": "Legetøj", "Sendt af": "Jeg kom selv", "Telefon": "20 98 76 54"}
    ]
    assert danish["Tilbud"] == [
        {"Kategori": "Møbler", "Stand": "God", "Aflevering": "vi henter det"}
    ]
    assert danish["Nyheder, du får"] == [{"Emne": "Julehjælp"}]
    english = readable(en, exported, org)
    assert english["Offers"] == [
        {"Category": "Furniture", "Condition": "Good", "Handover": "we pick it up"}
    ]
