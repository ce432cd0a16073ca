"""What donors and admins read about an offer: short Danish, escaped user text, safe buttons."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import I18n
from domain.days import DropoffDay
from domain.lix import lix
from domain.offer_draft import OfferDraft, Step
from domain.offer_models import Offer
from domain.offers import Condition, Invalid, Problem
from domain.organisation import load_organisation
from handlers.donate import keyboards as keys
from handlers.donate import texts
from handlers.offers import texts as offer_texts

ORGANISATION = load_organisation(Path(__file__).resolve().parents[2] / "organisation.toml")
I18N = I18n(ZoneInfo("Europe/Copenhagen"))
DA, EN = I18N("da"), I18N("en")
STAMP = datetime(2026, 11, 1, tzinfo=UTC)
DAY = DropoffDay(
    id=1,
    starts_at=datetime(2026, 11, 21, 9, tzinfo=UTC),
    ends_at=datetime(2026, 11, 21, 12, tzinfo=UTC),
    place="Teglvænget 97",
    volunteers_needed=3,
    status="planned",
    version=1,
    created_at=STAMP,
    updated_at=STAMP,
)
DRAFT = (
    OfferDraft(
        category_key="clothes",
        description="Two <b>jackets</b> & a hat",
        size="110",
        quantity=2,
        condition=Condition.GOOD,
        photos_done=True,
    )
    .with_dropoff(1)
    .with_phone(None)
)
CLOTHES = ORGANISATION.category("clothes")
FURNITURE = ORGANISATION.category("furniture")


def offer(**changes: object) -> Offer:
    data: dict[str, object] = {
        "id": 1,
        "reference": "G-1001",
        "donor_id": 5,
        "category_key": "toys",
        "description": "LEGO <3",
        "size": None,
        "quantity": 1,
        "condition": "good",
        "handover": "dropoff",
        "dropoff_day_id": 1,
        "pickup_address": None,
        "pickup_postcode": None,
        "phone": None,
        "status": "pending",
        "decided_by": None,
        "decided_at": None,
        "decline_preset": None,
        "decline_text": None,
        "accepted_handover": None,
        "accepted_day_id": None,
        "received_by": None,
        "received_at": None,
        "created_at": STAMP,
        "updated_at": STAMP,
        "anonymised_at": None,
    }
    return Offer.model_validate({**data, **changes})


@pytest.mark.parametrize("step", list(Step))
def test_each_danish_question_reads_easily(step: Step) -> None:
    category = FURNITURE if step is Step.HANDOVER else CLOTHES
    question = texts.question(step, DRAFT, category, [DAY], DAY, ORGANISATION, DA)
    assert lix(question) <= 30, question


def test_danish_confirmations_and_decisions_read_easily() -> None:
    for text in (
        texts.sent("G-1001", False, ORGANISATION, DA),
        texts.sent("G-1001", True, ORGANISATION, DA),
        offer_texts.accepted_for_donor(offer(), DAY, ORGANISATION, DA),
        offer_texts.accepted_for_donor(offer(), None, ORGANISATION, DA),
        offer_texts.declined_for_donor(offer(), "Vi har nok af det lige nu.", ORGANISATION, DA),
    ):
        assert lix(text) <= 30, text


def test_what_the_donor_typed_is_escaped_in_the_summary_and_the_admin_card() -> None:
    summary = texts.summary(DRAFT, DAY, ORGANISATION, EN)
    assert "Two &lt;b&gt;jackets&lt;/b&gt; &amp; a hat" in summary
    assert "lørdag" not in summary and "Saturday 21 November, 10:00-13:00" in summary
    card = offer_texts.admin_card(offer(), 0, DAY, ORGANISATION, DA)
    assert "LEGO &lt;3" in card and "Slags: Legetøj" in card


def test_a_preset_reason_is_told_in_the_donors_language_and_a_typed_one_as_written() -> None:
    preset = offer(status="declined", decline_preset=1)
    assert offer_texts.decline_reason(preset, ORGANISATION, EN) == "Sadly, we cannot use it."
    assert (
        offer_texts.decline_reason(preset, ORGANISATION, DA) == "Vi kan ikke bruge det, desværre."
    )
    typed = offer(status="declined", decline_text="For <mange> bøger")
    assert offer_texts.decline_reason(typed, ORGANISATION, EN) == "For &lt;mange&gt; bøger"


def test_problems_say_what_would_be_taken() -> None:
    too_short = texts.problem(Step.DESCRIPTION, Invalid(Problem.TOO_SHORT, 10, 500), None, DA)
    assert "mindst 10 tegn" in too_short
    shoes = texts.problem(
        Step.SIZE, Invalid(Problem.NOT_A_SIZE), ORGANISATION.category("shoes"), EN
    )
    assert "16 to 48" in shoes


def test_sizes_read_as_people_write_them() -> None:
    assert offer_texts.size_label("38.5", DA) == "38,5"
    assert offer_texts.size_label("38.5", EN) == "38.5"
    assert offer_texts.size_label("mixed", DA) == "Blandede størrelser"


def test_every_button_carries_short_ascii_data() -> None:
    markups = [
        keys.categories(ORGANISATION, DA),
        keys.size(CLOTHES, DA),
        keys.quantity(DA),
        keys.condition(DA),
        keys.photos(DRAFT, DA),
        keys.handover(FURNITURE, [DAY], DA),
        keys.handover(CLOTHES, [], DA),
        keys.summary(DRAFT, CLOTHES, DA),
        keys.subscribe(DA),
        keys.outside_area(DA),
    ]
    for markup in markups:
        for row in markup.inline_keyboard:
            for button in row:
                data = button.callback_data
                assert isinstance(data, str) and data.isascii() and len(data.encode()) <= 64
                assert data.startswith("donate:")


def test_the_summary_offers_to_change_only_the_parts_that_apply() -> None:
    furniture = DRAFT.with_(category_key="furniture", size=None)
    labels = [b.text for row in keys.summary(furniture, FURNITURE, EN).inline_keyboard for b in row]
    assert "✏️ Size" not in labels and "✏️ Hand-over" in labels
    labels = [b.text for row in keys.summary(DRAFT, CLOTHES, EN).inline_keyboard for b in row]
    assert "✏️ Size" in labels and labels[0] == "✅ Send"


def test_no_drop_off_day_offers_pickup_only_for_large_things() -> None:
    small = [b.callback_data for row in keys.handover(CLOTHES, [], DA).inline_keyboard for b in row]
    assert "donate:pickup" not in small and "donate:later:subscribe" in small
    large = [
        b.callback_data for row in keys.handover(FURNITURE, [], DA).inline_keyboard for b in row
    ]
    assert "donate:pickup" in large and "donate:later" in large


def test_the_description_example_fits_the_category_or_is_left_out() -> None:
    def asked(key: str | None) -> str:
        category = ORGANISATION.category(key) if key else None
        return texts.question(Step.DESCRIPTION, DRAFT, category, [], None, ORGANISATION, DA)

    assert "vinterjakker" in asked("clothes")
    assert "gummistøvler" in asked("shoes")
    assert "spisebord" in asked("furniture") and "vinterjakker" not in asked("furniture")
    assert "For eksempel" not in asked("other") and "Hvad er det" in asked("other")
    assert "For eksempel" not in asked(None)
    for key in ("clothes", "shoes", "furniture", "toys", "kitchen", "other"):
        assert lix(asked(key)) <= 30


def test_a_summary_once_sent_keeps_its_number_and_drops_the_question() -> None:
    sent = texts.summary(DRAFT, DAY, ORGANISATION, DA, sent_as="G-1001")
    assert sent.startswith("<b>Dit tilbud G-1001</b>") and "Er det rigtigt?" not in sent
    assert "Er det rigtigt?" in texts.summary(DRAFT, DAY, ORGANISATION, DA)


def test_no_photos_read_as_none() -> None:
    assert "Billeder: ingen" in texts.summary(DRAFT, DAY, ORGANISATION, DA)
    assert "Photos: none" in texts.summary(DRAFT, DAY, ORGANISATION, EN)
    with_photo, _ = DRAFT.add_photo("f", "u")
    assert "Billeder: 1" in texts.summary(with_photo, DAY, ORGANISATION, DA)


def test_with_five_photos_a_sticker_is_told_to_tap_done_not_to_send_more() -> None:
    assert texts.hint(Step.PHOTOS, "other", DA, photos_full=True) == "Det kan jeg ikke bruge her."
    assert "Send et billede" in texts.hint(Step.PHOTOS, "other", DA)
    full = DRAFT
    for number in range(5):
        full, _ = full.add_photo(f"f{number}", f"u{number}")
    assert "Tryk på »Færdig«" in texts.photos_question(full, DA)


def test_new_problems_are_said_kindly() -> None:
    words = texts.problem(Step.DESCRIPTION, Invalid(Problem.NO_WORDS, 3), None, DA)
    assert words == "Skriv det gerne med ord, så vi ved, hvad det er."
    address = texts.problem(Step.PICKUP_ADDRESS, Invalid(Problem.NOT_AN_ADDRESS), None, DA)
    assert "Skriv vej og husnummer" in address
    outside = texts.problem(Step.PICKUP_POSTCODE, Invalid(Problem.OUTSIDE_AREA), None, DA)
    assert "kun hente ting i vores eget område" in outside


def test_the_admin_card_names_the_donor_and_loses_its_new_mark_once_decided() -> None:
    donor = offer_texts.Donor("<Tom>", "en")
    card = offer_texts.admin_card(offer(), 0, DAY, ORGANISATION, DA, donor=donor, new=True)
    assert card.startswith("🆕 📦") and "Giver: &lt;Tom&gt; (skriver på engelsk)" in card
    decided = offer_texts.admin_card(
        offer(), 0, DAY, ORGANISATION, DA, "✅ Taget imod", donor=donor, new=True
    )
    assert not decided.startswith("🆕") and decided.endswith("✅ Taget imod")
    unnamed = offer_texts.admin_card(
        offer(), 0, DAY, ORGANISATION, EN, donor=offer_texts.Donor(None, "da")
    )
    assert "Donor: – (writes in Danish)" in unnamed


def test_the_day_step_names_each_days_own_place_when_they_differ():
    church = DAY.model_copy(update={"id": 2, "place": "Kirkens sal, Nørregade 4"})
    clothes = ORGANISATION.categories[0]
    both = texts.handover_question(clothes, [DAY, church], ORGANISATION, DA)
    assert "Vores indleveringsdage:" in both
    assert "Teglvænget 97" in both and "Kirkens sal, Nørregade 4" in both
    lines = both.splitlines()
    assert any("Kirkens sal" in line and "21." in line for line in lines[1:])
    one = texts.handover_question(clothes, [DAY], ORGANISATION, EN)
    assert one.startswith("When can you bring it? Our drop-off days at Teglvænget 97:")
