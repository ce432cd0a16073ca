"""What a volunteer types in /frivillig: their name, their phone number, what they like to do.

Checks return Valid(value) or Invalid(problem) (shared with the offer checks); handlers word them.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.offers import Checked, check_phone, check_text

NAME_MIN, NAME_MAX = 2, 60

__all__ = ["check_name", "check_phone", "toggle_skill"]


def check_name(text: str) -> Checked[str]:
    """A name as people write it: 2 to 60 characters, trimmed."""
    return check_text(text, NAME_MIN, NAME_MAX)


def toggle_skill(chosen: Iterable[str], key: str, known: Iterable[str]) -> list[str]:
    """Adds or removes one skill, keeping the profile's order; unknown keys are ignored."""
    selected = set(chosen)
    if key in selected:
        selected.discard(key)
    else:
        selected.add(key)
    return [skill for skill in known if skill in selected]
