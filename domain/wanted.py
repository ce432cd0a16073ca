"""Efterlysninger (wanted posts): the board asks donors for one thing a family needs.

The rules only: the post's reference, its statuses and what its text may be. No Telegram, no SQL.
"""

from __future__ import annotations

import re
from enum import StrEnum

MIN_TEXT = 2
MAX_TEXT = 300  # a short text: it goes under the category and size, and fits a photo caption
# The source a met need gets when its efterlysning is closed (the board's statistics).
NEED_SOURCE = "efterlysning"

_REFERENCE = re.compile(r"^\s*E?\s*-?\s*(\d{1,9})\s*$", re.IGNORECASE)


class WantedStatus(StrEnum):
    OPEN = "open"  # sent to the subscribers; offers may come
    CLOSED = "closed"  # the need is met: later presses are thanked and told so


def format_reference(post_id: int) -> str:
    return f"E-{post_id}"


def parse_reference(text: str) -> int | None:
    """'E-12', 'e12' or '12' → 12; None for anything else."""
    match = _REFERENCE.match(text)
    return None if match is None else int(match.group(1))


def check_text(text: str) -> str | None:
    """The admin's short text, trimmed; None when empty or too long."""
    cleaned = " ".join(text.split())
    if len(cleaned) < MIN_TEXT or len(cleaned) > MAX_TEXT:
        return None
    return cleaned
