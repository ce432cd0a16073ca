"""What a volunteer types in /frivillig: their name, their phone number, what they like to do.

Checks return Valid(value) or Invalid(problem) (shared with the offer checks); handlers word them.
"""

from __future__ import annotations

from collections.abc import Iterable

import phonenumbers

from domain.offers import Checked, check_phone, check_text

NAME_MIN, NAME_MAX = 2, 60

__all__ = ["check_name", "check_phone", "display_phone", "toggle_skill"]


def check_name(text: str) -> Checked[str]:
    """A name as people write it: 2 to 60 characters, trimmed."""
    return check_text(text, NAME_MIN, NAME_MAX)


def display_phone(e164: str) -> str:
    """'+4512345678' → '+45 12 34 56 78', for the admins' roster; unchanged if unreadable."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def toggle_skill(chosen: Iterable[str], key: str, known: Iterable[str]) -> list[str]:
    """Adds or removes one skill, keeping the profile's order; unknown keys are ignored."""
    selected = set(chosen)
    if key in selected:
        selected.discard(key)
    else:
        selected.add(key)
    return [skill for skill in known if skill in selected]
