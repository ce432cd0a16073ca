"""Reading an admin's /notnow command: which category, until when, and the reason donors read.

    /notnow                                    → the list
    /notnow møbler Vi tager ikke imod sofaer før januar | No sofas until January
    /notnow møbler til 2027-01-15 Ingen sofaer lige nu
    /notnow møbler off                         → taken off the list (also: fra, slet, clear)

Nothing here speaks to people: the handler turns a Problem into a sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.organisation import Category

REASON_MAX = 300
_CLEAR_WORDS = frozenset({"off", "fra", "slet", "fjern", "clear", "stop", "ok"})
_UNTIL = re.compile(
    r"^(?:(?:til|until|indtil)\s+)?(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\.(\d{1,2})\.(\d{4}))"
    r"(?=\s|$)\s*",
    re.IGNORECASE | re.ASCII,
)


class NotNowProblem(StrEnum):
    UNKNOWN_CATEGORY = "unknown_category"
    NO_REASON = "no_reason"
    BAD_DATE = "bad_date"
    PAST_DATE = "past_date"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class ShowList:
    pass


@dataclass(frozen=True)
class SetNotNow:
    category_key: str
    reason_da: str
    reason_en: str | None  # None: the Danish text is shown in English too
    until: date | None


@dataclass(frozen=True)
class ClearNotNow:
    category_key: str


@dataclass(frozen=True)
class NotNowError:
    problem: NotNowProblem


NotNowCommand = ShowList | SetNotNow | ClearNotNow | NotNowError


def find_category(text: str, categories: Sequence[Category]) -> tuple[Category, str] | None:
    """The category named at the start of text (key, Danish or English label) and the rest."""
    lowered = text.casefold()
    names = sorted(
        ((name.casefold(), category) for category in categories for name in _names(category)),
        key=lambda pair: -len(pair[0]),  # "kitchen things" before "kitchen"
    )
    for name, category in names:
        if lowered == name or lowered.startswith(name + " "):
            return category, text[len(name) :].strip()
    return None


def _names(category: Category) -> tuple[str, str, str]:
    return category.key, category.da, category.en


def parse_not_now(text: str, categories: Sequence[Category], today: date) -> NotNowCommand:
    """What the words after /notnow ask for."""
    words = text.strip()
    if not words:
        return ShowList()
    first, _, rest_after_first = words.partition(" ")
    clearing_first = first.casefold() in _CLEAR_WORDS
    found = find_category(rest_after_first.strip() if clearing_first else words, categories)
    if found is None:
        return NotNowError(NotNowProblem.UNKNOWN_CATEGORY)
    category, rest = found
    if clearing_first or rest.casefold() in _CLEAR_WORDS:
        return ClearNotNow(category.key)
    until: date | None = None
    match = _UNTIL.match(rest)
    if match:
        year, month, day = (
            (match.group(1), match.group(2), match.group(3))
            if match.group(1)
            else (match.group(6), match.group(5), match.group(4))
        )
        try:
            until = date(int(year), int(month), int(day))
        except ValueError:
            return NotNowError(NotNowProblem.BAD_DATE)
        if until < today:
            return NotNowError(NotNowProblem.PAST_DATE)
        rest = rest[match.end() :]
    danish, _, english = rest.partition("|")
    reason_da, reason_en = danish.strip(), english.strip() or None
    if not reason_da:
        return NotNowError(NotNowProblem.NO_REASON)
    if len(reason_da) > REASON_MAX or len(reason_en or "") > REASON_MAX:
        return NotNowError(NotNowProblem.TOO_LONG)
    return SetNotNow(category.key, reason_da, reason_en, until)
