"""A typed button label counts as pressing that button.

Someone who reads "👍 God" under a question and types "god" means the button. The rule is one
comparison, the same for every step: letters and digits only, case folded, spaces squeezed;
emoji, punctuation and arrows do not count. A label that two buttons share (after that) is
pressed by neither: a guess would be worse than asking again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

# A typed text longer than this is an answer, not a label.
MAX_LABEL_LENGTH = 64


def label_key(text: str) -> str:
    """'➕ Lør 12.12: tag vagten' → 'lør 1212 tag vagten'; '' when only emoji and signs."""
    kept = "".join(_kept(char) for char in unicodedata.normalize("NFKC", text))
    return " ".join(kept.casefold().split())


def _kept(char: str) -> str:
    """Letters, digits and their marks stay; '.', ':' and the like go ('12.12' is '1212');
    anything else (emoji, arrows, dashes, spaces) separates words."""
    category = unicodedata.category(char)
    if category[0] in "LNM":
        return char
    return "" if category == "Po" else " "


def pressed_label(typed: str, labels: Sequence[str]) -> int | None:
    """The index of the one label the typed text names, or None (no label, or two alike)."""
    if len(typed) > MAX_LABEL_LENGTH:
        return None
    wanted = label_key(typed)
    if not wanted:
        return None
    matches = [index for index, label in enumerate(labels) if label_key(label) == wanted]
    return matches[0] if len(matches) == 1 else None
