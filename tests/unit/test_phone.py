"""One phone rule for donors, recipients and volunteers; and one way a number is shown."""

from __future__ import annotations

import pytest

from domain.phone import display_phone, normalise_phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 34 56 78", "+4512345678"),
        ("+45 20 12 34 56", "+4520123456"),
        ("0045 20123456", "+4520123456"),
        ("٢٠١٢٣٤٥٦", "+4520123456"),  # Arabic-Indic digits
        ("+46 70 123 45 67", "+46701234567"),
    ],
)
def test_typed_numbers(text: str, expected: str) -> None:
    assert normalise_phone(text) == expected


def test_a_shared_contact_lacks_the_plus() -> None:
    assert normalise_phone("4520123456", shared_contact=True) == "+4520123456"


@pytest.mark.parametrize("text", ["", "ring mig op", "123", "+46 1", "20 12 34 5"])
def test_not_phone_numbers(text: str) -> None:
    assert normalise_phone(text) is None


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+4522334455", "22 33 44 55"),  # Danish: the national form, as Danes write it
        ("+4512345678", "12 34 56 78"),  # outside the library's ranges, paired all the same
        ("+45 22 33 44 55", "22 33 44 55"),  # as typed in organisation.toml
        ("+45 12345678", "12 34 56 78"),
        ("22334455", "22 33 44 55"),
        ("+46701234567", "+46 70 123 45 67"),  # foreign: international, with its country
        ("+447911123456", "+44 7911 123456"),
        ("+380501234567", "+380 50 123 4567"),
    ],
)
def test_one_display_form(stored: str, shown: str) -> None:
    assert display_phone(stored) == shown


@pytest.mark.parametrize("text", ["ring mig op", "kontakt@x.dk", "+45 1234"])
def test_what_is_not_a_number_is_shown_as_it_is(text: str) -> None:
    assert display_phone(text) == text


def test_no_number_shows_nothing() -> None:
    assert display_phone(None) == "" and display_phone("") == ""


@pytest.mark.parametrize("typed", ["12 34 56 78", "+45 20 12 34 56", "+46 70 123 45 67"])
def test_a_typed_number_stored_and_shown_again_reads_the_same(typed: str) -> None:
    stored = normalise_phone(typed)
    assert stored is not None
    assert normalise_phone(display_phone(stored)) == stored
