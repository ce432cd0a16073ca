"""Efterlysninger's rules: references, the short text, and an offer started from one."""

from __future__ import annotations

from domain.offer_draft import OfferDraft, Step, missing_steps, next_step
from domain.organisation import Category
from domain.wanted import MAX_TEXT, check_text, format_reference, parse_reference

CLOTHES = Category(key="clothes", sizes="clothes", da="Tøj", en="Clothes")


def test_references_are_written_and_read_back() -> None:
    assert format_reference(12) == "E-12"
    assert [parse_reference(text) for text in ("E-12", "e12", " 12 ", "E 7")] == [12, 12, 12, 7]
    assert parse_reference("G-1001") is None
    assert parse_reference("") is None


def test_the_short_text_is_trimmed_and_bounded() -> None:
    assert check_text("  Vinterjakke\n til  en dreng 🧥 ") == "Vinterjakke til en dreng 🧥"
    assert check_text(" ") is None
    assert check_text("x" * (MAX_TEXT + 1)) is None
    assert check_text("x" * MAX_TEXT) == "x" * MAX_TEXT


def test_an_offer_from_an_efterlysning_skips_the_size_it_was_given() -> None:
    draft = OfferDraft(category_key="clothes", size="122", wanted_id=3)
    assert missing_steps(draft, CLOTHES)[0] is Step.DESCRIPTION
    described = draft.with_(description="Vinterjakke")
    assert next_step(described, Step.DESCRIPTION, CLOTHES) is Step.QUANTITY
    # Without an efterlysning the order stays as it was.
    plain = described.with_(wanted_id=None)
    assert next_step(plain, Step.DESCRIPTION, CLOTHES) is Step.SIZE
