"""What recipients type into the help request: limits, checks, and why an input was refused.

Nothing here returns text for people: a check returns the cleaned value or an `Invalid` with a
reason code (and limits) that handlers turn into a friendly sentence in the person's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from domain.offers import adult_size
from domain.organisation import Organisation, ServiceArea
from domain.phone import normalise_phone

SizeSystem = Literal["clothes", "shoes", "none"]

ADULTS = (1, 10)
CHILDREN = (0, 12)
CHILD_AGE = (0, 17)
NEEDS_LENGTH = (5, 1000)
SHORT_TEXT_LENGTH = (1, 200)  # referral note; an admin's typed time and place or reason
ANSWER_LENGTH = (1, 1000)  # answers to admins' questions and feedback comments
SHOE_SIZES = (16, 48)
CLOTHES_SIZES = (50, 176)
CLOTHES_STEP = 6  # Danish child sizes: 50, 56, 62, ... 176


class Reason(StrEnum):
    NOT_A_NUMBER = "not_a_number"
    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NOT_A_SIZE = "not_a_size"
    NOT_A_POSTCODE = "not_a_postcode"
    OUTSIDE_AREA = "outside_area"
    NOT_A_PHONE = "not_a_phone"
    UNKNOWN_KIND = "unknown_kind"
    KIND_CLOSED = "kind_closed"


@dataclass(frozen=True)
class Invalid:
    """Why an input was refused, with the limits a handler may quote."""

    reason: Reason
    minimum: int | None = None
    maximum: int | None = None
    opens_on: date | None = None  # KIND_CLOSED: the next day it opens


# Counts people write in words, up to ten (higher ones come as digits).
NUMBER_WORDS: dict[str, int] = {
    **dict.fromkeys(("nul", "ingen", "zero", "none", "no"), 0),
    **dict.fromkeys(("en", "én", "et", "ét", "one"), 1),
    **dict.fromkeys(("to", "two"), 2),
    **dict.fromkeys(("tre", "three"), 3),
    **dict.fromkeys(("fire", "four"), 4),
    **dict.fromkeys(("fem", "five"), 5),
    **dict.fromkeys(("seks", "six"), 6),
    **dict.fromkeys(("syv", "seven"), 7),
    **dict.fromkeys(("otte", "eight"), 8),
    **dict.fromkeys(("ni", "nine"), 9),
    **dict.fromkeys(("ti", "ten"), 10),
}
# Words that may follow the number: "to voksne", "3 børn", "7 år", "5 years old".
_COUNTED = frozenset(
    {"voksen", "voksne", "barn", "børn", "år", "gammel", "gamle", "adult", "adults"}
    | {"child", "children", "kid", "kids", "year", "years", "old"}
)
_YES = frozenset({"ja", "jo", "jep", "ja tak", "ja fortsæt", "fortsæt", "ok", "okay", "yes"})
_YES |= {"yes please", "yes go on", "go on", "yep", "yeah", "sure"}
_NO = frozenset({"nej", "nej tak", "no", "no thanks", "nope"})
_DONT_KNOW = frozenset({"ved ikke", "ved det ikke", "jeg ved ikke", "jeg ved det ikke"})
_DONT_KNOW |= {"det ved jeg ikke", "aner det ikke", "ikke sikker", "don t know", "dont know"}
_DONT_KNOW |= {"i don t know", "i dont know", "do not know", "i do not know", "not sure", "idk"}


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.casefold())


def number_in(text: str) -> int | None:
    """'3', '٣', 'tre', 'three', 'to voksne' or '7 år' → the number; None for anything else."""
    if not re.fullmatch(r"[^\W_]+(?:\s+[^\W_]+)*[.!]?", text.strip()):
        return None
    first, *rest = _words(text)
    if any(word not in _COUNTED for word in rest):
        return None
    return int(first) if first.isdecimal() else NUMBER_WORDS.get(first)


def parse_yes_no(text: str) -> bool | None:
    """'ja', 'Ja tak!', 'yes' → True; 'nej', 'no thanks' → False; anything else → None."""
    said = " ".join(_words(text))
    return True if said in _YES else False if said in _NO else None


def is_dont_know(text: str) -> bool:
    """'ved ikke', 'Det ved jeg ikke', "don't know" … (where a "don't know" button is shown)."""
    return " ".join(_words(text)) in _DONT_KNOW


def _number_between(text: str, limits: tuple[int, int]) -> int | Invalid:
    low, high = limits
    value = number_in(text)
    if value is None:
        return Invalid(Reason.NOT_A_NUMBER, low, high)
    if value < low:
        return Invalid(Reason.TOO_SMALL, low, high)
    if value > high:
        return Invalid(Reason.TOO_LARGE, low, high)
    return value


def _text_between(text: str, limits: tuple[int, int]) -> str | Invalid:
    low, high = limits
    cleaned = text.strip()
    if len(cleaned) < low:
        return Invalid(Reason.TOO_SHORT, low, high)
    if len(cleaned) > high:
        return Invalid(Reason.TOO_LONG, low, high)
    return cleaned


def parse_adults(text: str) -> int | Invalid:
    return _number_between(text, ADULTS)


def parse_children_count(text: str) -> int | Invalid:
    return _number_between(text, CHILDREN)


def parse_child_age(text: str) -> int | Invalid:
    return _number_between(text, CHILD_AGE)


def parse_needs(text: str) -> str | Invalid:
    return _text_between(text, NEEDS_LENGTH)


def parse_referral_text(text: str) -> str | Invalid:
    return _text_between(text, SHORT_TEXT_LENGTH)


def parse_short_text(text: str) -> str | Invalid:
    """An admin's typed time and place to collect, or a typed reason for saying no."""
    return _text_between(text, SHORT_TEXT_LENGTH)


def parse_answer(text: str) -> str | Invalid:
    """An answer to an admin's question, or a feedback comment."""
    return _text_between(text, ANSWER_LENGTH)


def parse_size(text: str, system: SizeSystem) -> str | Invalid:
    """Clothes: 50-176 in steps of 6 or XS-XXXXL; shoes: 16-48. Returns the normalised size."""
    cleaned = re.sub(r"^(str\.?|size)\s*", "", text.strip(), flags=re.IGNORECASE).upper()
    if system == "clothes":
        letters = adult_size(cleaned)
        if letters is not None:
            return letters
        low, high = CLOTHES_SIZES
        number = int(cleaned) if cleaned.isdecimal() else -1
        if low <= number <= high and (number - low) % CLOTHES_STEP == 0:
            return str(number)
        return Invalid(Reason.NOT_A_SIZE, low, high)
    if system == "shoes":
        low, high = SHOE_SIZES
        if cleaned.isdecimal() and low <= int(cleaned) <= high:
            return str(int(cleaned))
        return Invalid(Reason.NOT_A_SIZE, low, high)
    return Invalid(Reason.NOT_A_SIZE)


def postcode_in(text: str) -> str | None:
    """The one 4-digit number in '7400', '7400 Herning' or 'DK-7400'; None when there is none."""
    # Any script's digits count (some type Arabic-Indic digits); the profile holds ASCII ones.
    cleaned = "".join(str(int(char)) if char.isdecimal() else char for char in text.strip())
    numbers = re.findall(r"\d+", cleaned)
    if len(numbers) != 1 or len(numbers[0]) != 4 or len(cleaned) > 40:
        return None
    return numbers[0]


def parse_postcode(text: str, area: ServiceArea) -> str | Invalid:
    postcode = postcode_in(text)
    if postcode is None:
        return Invalid(Reason.NOT_A_POSTCODE)
    if not area.covers(postcode):
        return Invalid(Reason.OUTSIDE_AREA)
    return postcode


def parse_phone(text: str, default_region: str = "DK", *, verified: bool = False) -> str | Invalid:
    """A phone number in E.164; verified: shared from Telegram (rules in domain.phone)."""
    number = normalise_phone(text, shared_contact=verified, region=default_region)
    return Invalid(Reason.NOT_A_PHONE) if number is None else number


def size_system_for(organisation: Organisation, kind: str) -> SizeSystem:
    """Sizes are asked for kinds that share a key with a sized category (clothes, shoes)."""
    category = organisation.category(kind)
    return "none" if category is None else category.sizes
