"""Offers of items: checks of what donors type, status rules and reference numbers.

Nothing here speaks to people: a check returns Valid(value) or Invalid(Problem.TOO_SHORT, 10, 500)
and the handlers turn that into a sentence in the person's language.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeAlias, TypeVar

from domain.organisation import Category, ServiceArea
from domain.phone import normalise_phone

T = TypeVar("T")


class OfferStatus(StrEnum):
    PENDING = "pending"  # afventer
    ACCEPTED = "accepted"  # accepteret
    DECLINED = "declined"  # afvist
    RECEIVED = "received"  # modtaget
    WITHDRAWN = "withdrawn"  # trukket tilbage


class Condition(StrEnum):
    LIKE_NEW = "like_new"  # som ny
    GOOD = "good"  # god
    WORN = "worn"  # slidt men hel


class Handover(StrEnum):
    DROPOFF = "dropoff"
    PICKUP = "pickup"


class Problem(StrEnum):
    EMPTY = "empty"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    NOT_A_SIZE = "not_a_size"
    NOT_A_NUMBER = "not_a_number"
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"
    NOT_A_PHONE = "not_a_phone"
    NOT_A_POSTCODE = "not_a_postcode"
    NO_WORDS = "no_words"  # only emoji or signs: we cannot tell what it is
    NOT_AN_ADDRESS = "not_an_address"  # no street name or no house number
    OUTSIDE_AREA = "outside_area"  # a postcode we do not pick up in


@dataclass(frozen=True)
class Valid(Generic[T]):
    value: T


@dataclass(frozen=True)
class Invalid:
    problem: Problem
    minimum: int | None = None
    maximum: int | None = None


Checked: TypeAlias = Valid[T] | Invalid

# --- free text -------------------------------------------------------------------------------

DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 500
DESCRIPTION_WORD_CHARACTERS = 3  # letters or digits: eleven emoji tell us nothing
ADDRESS_MIN, ADDRESS_MAX = 4, 200
ANSWER_MAX = 1000
# Invisible characters people paste along; a text of only these is as empty as only spaces.
_EDGE_BLANKS = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


def check_text(text: str, minimum: int, maximum: int) -> Checked[str]:
    """Trimmed, NFC text whose length (code points: an emoji counts) lies in the bounds."""
    cleaned = _EDGE_BLANKS.sub("", unicodedata.normalize("NFC", text))
    if not cleaned:
        return Invalid(Problem.EMPTY, minimum, maximum)
    if len(cleaned) < minimum:
        return Invalid(Problem.TOO_SHORT, minimum, maximum)
    if len(cleaned) > maximum:
        return Invalid(Problem.TOO_LONG, minimum, maximum)
    return Valid(cleaned)


def _word_characters(text: str) -> int:
    return sum(character.isalnum() for character in text)


def check_description(text: str) -> Checked[str]:
    """10-500 characters, at least a few of them letters or digits."""
    checked = check_text(text, DESCRIPTION_MIN, DESCRIPTION_MAX)
    if isinstance(checked, Valid) and _word_characters(checked.value) < DESCRIPTION_WORD_CHARACTERS:
        return Invalid(Problem.NO_WORDS, DESCRIPTION_WORD_CHARACTERS)
    return checked


def check_address(text: str) -> Checked[str]:
    """A street and a house number ('Skovvej 12, 2. th.'): letters and at least one digit."""
    checked = check_text(text, ADDRESS_MIN, ADDRESS_MAX)
    if isinstance(checked, Valid):
        letters = sum(character.isalpha() for character in checked.value)
        if letters < 2 or not any(character.isdigit() for character in checked.value):
            return Invalid(Problem.NOT_AN_ADDRESS, ADDRESS_MIN, ADDRESS_MAX)
    return checked


def check_answer(text: str) -> Checked[str]:
    """A donor's answer to an admin's question."""
    return check_text(text, 1, ANSWER_MAX)


# --- sizes and quantity ----------------------------------------------------------------------

CHILD_SIZES: tuple[int, ...] = tuple(range(50, 177, 6))  # 50, 56, … 170, 176
ADULT_SIZES: tuple[str, ...] = ("XS", "S", "M", "L", "XL", "XXL", "XXXL", "XXXXL")
SHOE_MIN, SHOE_MAX = 16, 48
MIXED_SIZE = "mixed"  # a bag of clothes in several sizes
_MIXED_WORDS = frozenset({"mixed", "blandet", "blandede", "diverse", "forskellige", "various"})
_ADULT_ALIASES = {
    "1XL": "XL",
    "2XL": "XXL",
    "3XL": "XXXL",
    "4XL": "XXXXL",
    "SMALL": "S",
    "MEDIUM": "M",
    "LARGE": "L",
}
_SIZE_WORDS = re.compile(r"^(?:str\.?|størrelse|size)\s*|\s*cm\.?$", re.IGNORECASE)
_CHILD = re.compile(r"(\d{2,3})(?:\s*[/-]\s*(\d{2,3}))?", re.ASCII)
_SHOE = re.compile(r"(\d{1,3})(?:\.(\d))?", re.ASCII)


def needs_size(category: Category) -> bool:
    return category.sizes != "none"


def _size_core(text: str) -> str:
    return _SIZE_WORDS.sub("", text.strip()).strip()


def check_clothes_size(text: str) -> Checked[str]:
    """Child size 50-176 in steps of 6 ('110', '110/116'), XS-XXXXL, or mixed sizes."""
    core = _size_core(text)
    if core.lower() in _MIXED_WORDS:
        return Valid(MIXED_SIZE)
    child = _CHILD.fullmatch(core)
    if child:
        first = int(child.group(1))
        second = int(child.group(2)) if child.group(2) else None
        if first in CHILD_SIZES and second is None:
            return Valid(str(first))
        if first in CHILD_SIZES and second == first + 6:
            return Valid(f"{first}/{second}")
        return Invalid(Problem.NOT_A_SIZE, CHILD_SIZES[0], CHILD_SIZES[-1])
    adult = adult_size(core)
    if adult is not None:
        return Valid(adult)
    return Invalid(Problem.NOT_A_SIZE, CHILD_SIZES[0], CHILD_SIZES[-1])


def adult_size(text: str) -> str | None:
    """An adult's letter size, XS to XXXXL ('xxxl', '3XL', 'x-large' is not one): the one rule
    for donors' and families' answers; None when it is none."""
    adult = re.sub(r"[\s-]", "", text).upper()
    adult = _ADULT_ALIASES.get(adult, adult)
    return adult if adult in ADULT_SIZES else None


def check_shoe_size(text: str) -> Checked[str]:
    """16-48, halves allowed ('38,5', '38½', '38 1/2'); stored as '38' or '38.5'."""
    core = _size_core(text).replace(",", ".").replace("½", ".5")
    core = re.sub(r"\s*1/2$", ".5", core).replace("..", ".")
    match = _SHOE.fullmatch(core)
    if match is None or match.group(2) not in (None, "0", "5"):
        return Invalid(Problem.NOT_A_SIZE, SHOE_MIN, SHOE_MAX)
    whole, half = int(match.group(1)), match.group(2) == "5"
    if not SHOE_MIN <= whole + (0.5 if half else 0) <= SHOE_MAX:
        return Invalid(Problem.NOT_A_SIZE, SHOE_MIN, SHOE_MAX)
    return Valid(f"{whole}.5" if half else str(whole))


def check_size(category: Category, text: str) -> Checked[str]:
    if category.sizes == "shoes":
        return check_shoe_size(text)
    return check_clothes_size(text)


QUANTITY_MIN, QUANTITY_MAX = 1, 100
_NUMBER_WORDS = {
    **dict.fromkeys(("en", "et", "én", "ét", "one"), 1),
    **{"to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7, "otte": 8, "ni": 9, "ti": 10},
    **{"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8},
    **{"nine": 9, "ten": 10},
}
_QUANTITY = re.compile(
    r"(.+?)\s*(?:stk\.?|styk|styks|stykker|pcs\.?|pieces?|par|pairs?|x)?", re.IGNORECASE
)


def check_quantity(text: str) -> Checked[int]:
    """1-100: '2', '2 stk', '3 par', 'to', 'two'."""
    match = _QUANTITY.fullmatch(text.strip())
    word = match.group(1).strip().lower() if match else ""
    if re.fullmatch(r"\d{1,9}", word, re.ASCII):
        number = int(word)
    elif word in _NUMBER_WORDS:
        number = _NUMBER_WORDS[word]
    else:
        return Invalid(Problem.NOT_A_NUMBER, QUANTITY_MIN, QUANTITY_MAX)
    if number < QUANTITY_MIN:
        return Invalid(Problem.TOO_FEW, QUANTITY_MIN, QUANTITY_MAX)
    if number > QUANTITY_MAX:
        return Invalid(Problem.TOO_MANY, QUANTITY_MIN, QUANTITY_MAX)
    return Valid(number)


def parse_condition(code: str) -> Condition | None:
    """A condition code from a button; None for anything else (a forged press)."""
    try:
        return Condition(code)
    except ValueError:
        return None


# --- contact and hand-over -------------------------------------------------------------------


def check_phone(text: str, *, shared_contact: bool = False, region: str = "DK") -> Checked[str]:
    """A phone number as E.164 ('+4512345678'); see domain.phone for the rules."""
    number = normalise_phone(text, shared_contact=shared_contact, region=region)
    return Invalid(Problem.NOT_A_PHONE) if number is None else Valid(number)


_POSTCODE = re.compile(r"(?:DK\s*-?\s*)?(\d{4})(?:\s+\D.*)?", re.IGNORECASE | re.ASCII)


def check_postcode(text: str) -> Checked[str]:
    """Four digits: '7400', 'DK-7400' and '7400 Herning' give '7400'."""
    match = _POSTCODE.fullmatch(text.strip())
    return Valid(match.group(1)) if match else Invalid(Problem.NOT_A_POSTCODE)


def check_pickup_postcode(text: str, area: ServiceArea) -> Checked[str]:
    """A postcode we pick up in; four digits elsewhere are OUTSIDE_AREA (bring it instead)."""
    checked = check_postcode(text)
    if isinstance(checked, Valid) and not area.covers(checked.value):
        return Invalid(Problem.OUTSIDE_AREA)
    return checked


def handover_options(category: Category) -> tuple[Handover, ...]:
    return (Handover.DROPOFF, Handover.PICKUP) if category.large else (Handover.DROPOFF,)


# --- status ----------------------------------------------------------------------------------


class OfferAction(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"
    RECEIVE = "receive"
    WITHDRAW = "withdraw"


# action → (the statuses it may start from, the status it leads to)
TRANSITIONS: dict[OfferAction, tuple[frozenset[OfferStatus], OfferStatus]] = {
    OfferAction.ACCEPT: (frozenset({OfferStatus.PENDING}), OfferStatus.ACCEPTED),
    OfferAction.DECLINE: (frozenset({OfferStatus.PENDING}), OfferStatus.DECLINED),
    OfferAction.RECEIVE: (frozenset({OfferStatus.ACCEPTED}), OfferStatus.RECEIVED),
    # An accepted offer too: the donor may change their mind before the drop-off day.
    OfferAction.WITHDRAW: (
        frozenset({OfferStatus.PENDING, OfferStatus.ACCEPTED}),
        OfferStatus.WITHDRAWN,
    ),
}
# Still in play: admins may ask questions about these.
OPEN_STATUSES = frozenset({OfferStatus.PENDING, OfferStatus.ACCEPTED})


def next_status(status: OfferStatus, action: OfferAction) -> OfferStatus | None:
    """The status after the action, or None when the action is not allowed from this status."""
    sources, target = TRANSITIONS[action]
    return target if status in sources else None


# --- reference numbers -----------------------------------------------------------------------

REFERENCE_PREFIX = "G"  # gave
REFERENCE_OFFSET = 1000  # id 1 is G-1001: four digits read aloud easily
_REFERENCE = re.compile(r"#?\s*(?:G\s*[-–—]?\s*)?(\d{1,9})", re.IGNORECASE | re.ASCII)
_REFERENCE_IN_TEXT = re.compile(r"\bG\s*[-–—]?\s*(\d{4,9})\b", re.IGNORECASE | re.ASCII)


def format_reference(offer_id: int) -> str:
    return f"{REFERENCE_PREFIX}-{offer_id + REFERENCE_OFFSET}"


def parse_reference(text: str) -> int | None:
    """'G-1042', 'g 1042', 'G1042', '1042' → offer id 42; None for anything else."""
    match = _REFERENCE.fullmatch(text.strip())
    if match is None:
        return None
    offer_id = int(match.group(1)) - REFERENCE_OFFSET
    return offer_id if offer_id > 0 else None


def find_reference(text: str) -> int | None:
    """The first 'G-1042' inside a longer text (an admin's '/ask G-1042 …'), as an offer id."""
    match = _REFERENCE_IN_TEXT.search(text)
    return parse_reference(match.group(1)) if match else None
