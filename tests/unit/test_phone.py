"""One phone rule for donors, recipients and volunteers."""

from __future__ import annotations

import pytest

from domain.phone import normalise_phone


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
