"""A typed label counts as pressing its button: the comparison (domain/typed_press.py)."""

from __future__ import annotations

from domain.typed_press import label_key, pressed_label

CONDITION = ["✨ Som ny", "👍 God", "🩹 Slidt men hel"]


def test_case_emoji_and_signs_do_not_count() -> None:
    assert label_key("👍 God") == "god"
    assert label_key("➕ ons 2.12 10.00: tag vagten") == "ons 212 1000 tag vagten"
    assert label_key("◀ Tilbage") == label_key("tilbage ") == "tilbage"


def test_a_typed_label_names_its_button() -> None:
    assert pressed_label("god", CONDITION) == 1
    assert pressed_label("GOD 👍", CONDITION) == 1
    assert pressed_label("slidt men  hel", CONDITION) == 2


def test_other_text_names_no_button() -> None:
    assert pressed_label("fin", CONDITION) is None
    assert pressed_label("go", CONDITION) is None  # a part of a label is not the label
    assert pressed_label("👍", CONDITION) is None  # emoji alone: nothing to compare
    assert pressed_label("god" * 40, CONDITION) is None


def test_two_buttons_alike_are_pressed_by_neither() -> None:
    assert pressed_label("tag vagten", ["➕ tag vagten", "tag vagten ✅"]) is None
