"""The organisation's own texts in four languages: Ukrainian and Arabic when given, else
English, else Danish."""

from __future__ import annotations

from domain.organisation import Category, LocalText


def test_a_missing_language_falls_back_to_english_then_danish() -> None:
    note = LocalText(
        da="Vi har åbent lørdag.", en="We are open on Saturday.", uk="Ми працюємо в суботу."
    )
    assert note.in_("uk") == "Ми працюємо в суботу."
    assert note.in_("ar") == "We are open on Saturday."
    assert note.in_("da") == "Vi har åbent lørdag."
    assert note.in_("sv") == "We are open on Saturday."


def test_category_labels_in_arabic() -> None:
    coats = Category(key="coats", da="Jakker", en="Coats", ar="معاطف", sizes="clothes")
    assert coats.label("ar") == "معاطف"
    assert coats.label("uk") == "Coats"
