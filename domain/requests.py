"""Help requests from recipients: the draft, input checks, seasons, status rules, duplicates.

Nothing here returns text for people: checks return values or an `Invalid` with a reason code
(and limits) that handlers turn into a friendly sentence in the person's language.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Literal, NamedTuple, Protocol

import phonenumbers
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain.organisation import HelpType, Organisation, ServiceArea

SizeSystem = Literal["clothes", "shoes", "none"]

ADULTS = (1, 10)
CHILDREN = (0, 12)
CHILD_AGE = (0, 17)
NEEDS_LENGTH = (5, 1000)
SHORT_TEXT_LENGTH = (1, 200)  # referral note
ANSWER_LENGTH = (1, 1000)  # answers to admins' questions and feedback comments
SHOE_SIZES = (16, 48)
CLOTHES_SIZES = (50, 176)
CLOTHES_STEP = 6  # Danish child sizes: 50, 56, 62, ... 176
LETTER_SIZES = ("XS", "S", "M", "L", "XL", "XXL")


class RequestStatus(StrEnum):
    PENDING = "pending"
    NEEDS_INFO = "needs_info"
    APPROVED = "approved"
    DECLINED = "declined"
    HANDED_OVER = "handed_over"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = frozenset({RequestStatus.PENDING, RequestStatus.NEEDS_INFO, RequestStatus.APPROVED})
CLOSED_STATUSES = frozenset(set(RequestStatus) - OPEN_STATUSES)

# Which status may follow which. needs_info → needs_info is a second question before an answer;
# declining after approval covers a family that never came to collect.
_S = RequestStatus
TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    _S.PENDING: frozenset({_S.NEEDS_INFO, _S.APPROVED, _S.DECLINED, _S.WITHDRAWN}),
    _S.NEEDS_INFO: frozenset({_S.NEEDS_INFO, _S.PENDING, _S.APPROVED, _S.DECLINED, _S.WITHDRAWN}),
    _S.APPROVED: frozenset({_S.HANDED_OVER, _S.DECLINED, _S.WITHDRAWN}),
}


def can_change(old: RequestStatus, new: RequestStatus) -> bool:
    return new in TRANSITIONS.get(old, frozenset())


def statuses_allowing(new: RequestStatus) -> frozenset[RequestStatus]:
    """The statuses from which a request may move to `new`."""
    return frozenset(old for old, targets in TRANSITIONS.items() if new in targets)


def notifies_recipient(old: RequestStatus, new: RequestStatus) -> bool:
    """True for changes an admin makes; the person's own steps (answer, withdraw) get a reply."""
    if not can_change(old, new):
        return False
    return new in {_S.NEEDS_INFO, _S.APPROVED, _S.DECLINED, _S.HANDED_OVER}


class Referral(StrEnum):
    CASEWORKER = "caseworker"
    ASSOCIATION = "association"
    SELF = "self"
    OTHER = "other"


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


def _number_between(text: str, limits: tuple[int, int]) -> int | Invalid:
    low, high = limits
    cleaned = text.strip()
    if not cleaned.isdecimal():
        return Invalid(Reason.NOT_A_NUMBER, low, high)
    value = int(cleaned)
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


def parse_answer(text: str) -> str | Invalid:
    """An answer to an admin's question, or a feedback comment."""
    return _text_between(text, ANSWER_LENGTH)


def parse_size(text: str, system: SizeSystem) -> str | Invalid:
    """Clothes: 50-176 in steps of 6 or XS-XXL; shoes: 16-48. Returns the normalised size."""
    cleaned = re.sub(r"^(str\.?|size)\s*", "", text.strip(), flags=re.IGNORECASE).upper()
    if system == "clothes":
        if cleaned in LETTER_SIZES:
            return cleaned
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


def parse_postcode(text: str, area: ServiceArea) -> str | Invalid:
    # Any script's digits count (some type Arabic-Indic digits); the profile holds ASCII ones.
    cleaned = "".join(str(int(char)) if char.isdecimal() else char for char in text.strip())
    if not (len(cleaned) == 4 and cleaned.isdecimal()):
        return Invalid(Reason.NOT_A_POSTCODE)
    if not area.covers(cleaned):
        return Invalid(Reason.OUTSIDE_AREA)
    return cleaned


def parse_phone(text: str, default_region: str = "DK") -> str | Invalid:
    """A valid number in E.164 ('+4512345678'); Telegram's shared contacts may lack the '+'."""
    cleaned = text.strip()
    candidates = [cleaned]
    if cleaned[:1].isdigit() and not cleaned.startswith("0"):
        candidates.append("+" + cleaned)
    for candidate in candidates:
        try:
            number = phonenumbers.parse(candidate, default_region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return Invalid(Reason.NOT_A_PHONE)


def size_system_for(organisation: Organisation, kind: str) -> SizeSystem:
    """Sizes are asked for kinds that share a key with a sized category (clothes, shoes)."""
    category = organisation.category(kind)
    return "none" if category is None else category.sizes


def next_opening(help_type: HelpType, today: date) -> date | None:
    """The next day a closed seasonal kind opens; None when it is open now or not seasonal."""
    if help_type.opens is None or help_type.is_open(today):
        return None
    month, day = (int(part) for part in help_type.opens.split("-"))
    for year in range(today.year, today.year + 9):  # 9 years always include a 29 February
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def check_kind(organisation: Organisation, key: str, today: date) -> HelpType | Invalid:
    help_type = organisation.help_type(key)
    if help_type is None:
        return Invalid(Reason.UNKNOWN_KIND)
    if not help_type.is_open(today):
        return Invalid(Reason.KIND_CLOSED, opens_on=next_opening(help_type, today))
    return help_type


def season_key(help_type: HelpType, day: date) -> str | None:
    """The season a day belongs to: the year its window last opened ('2026'); None if not seasonal.

    A window that wraps the new year (e.g. 12-01 to 01-31) is one season named by its first year.
    """
    if help_type.opens is None or help_type.closes is None:
        return None
    year = day.year if day.strftime("%m-%d") >= help_type.opens else day.year - 1
    return str(year)


_REFERENCE = re.compile(r"^\s*H?\s*-?\s*(\d{4,9})\s*$", re.IGNORECASE)


def normalise_reference(text: str) -> str | None:
    """'h1001', 'H 1001' or '1001' → 'H-1001'; None when it cannot be a reference."""
    match = _REFERENCE.match(text)
    return None if match is None else f"H-{int(match.group(1))}"


# --- one open request per kind, one per household per season --------------------------------


class RequestFacts(Protocol):
    """What the duplicate rules need to know about an existing request."""

    @property
    def reference(self) -> str: ...
    @property
    def user_id(self) -> int | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> RequestStatus: ...
    @property
    def season(self) -> str | None: ...


class RefusalReason(StrEnum):
    OPEN_SAME_KIND = "open_same_kind"
    SEASON_USED = "season_used"


@dataclass(frozen=True)
class Refusal:
    """A new request is refused; the person is told where the earlier one stands."""

    reason: RefusalReason
    reference: str
    status: RequestStatus


def refusal_for(
    kind: str,
    user_id: int,
    phone: str | None,
    season: str | None,
    existing: Iterable[RequestFacts],
) -> Refusal | None:
    """One open request per kind per person; for seasonal kinds one per household per season.

    The household is matched by Telegram user or by phone number. A withdrawn request does not
    use up the season (the person changed their mind); a declined one does.
    """
    same_kind = [request for request in existing if request.kind == kind]
    for request in same_kind:
        if request.user_id == user_id and request.status in OPEN_STATUSES:
            return Refusal(RefusalReason.OPEN_SAME_KIND, request.reference, request.status)
    if season is None:
        return None
    for request in same_kind:
        same_household = request.user_id == user_id or (
            phone is not None and request.phone == phone
        )
        if (
            same_household
            and request.season == season
            and request.status != RequestStatus.WITHDRAWN
        ):
            return Refusal(RefusalReason.SEASON_USED, request.reference, request.status)
    return None


# --- the draft the conversation fills in -------------------------------------------------------


class Step(StrEnum):
    CONSENT = "consent"
    KIND = "kind"
    ADULTS = "adults"
    CHILDREN_COUNT = "children_count"
    CHILD_AGE = "child_age"
    CHILD_SIZE = "child_size"
    NEEDS = "needs"
    POSTCODE = "postcode"
    REFERRAL = "referral"
    CONTACT = "contact"
    SUMMARY = "summary"


class Part(StrEnum):
    """What the person can choose to change from the summary."""

    KIND = "kind"
    HOUSEHOLD = "household"
    NEEDS = "needs"
    POSTCODE = "postcode"
    REFERRAL = "referral"
    CONTACT = "contact"


class Position(NamedTuple):
    step: Step
    child: int | None = None  # which child (0-based) for CHILD_AGE and CHILD_SIZE


class ChildDraft(BaseModel):
    model_config = ConfigDict(frozen=True)
    age: int | None = Field(default=None, ge=CHILD_AGE[0], le=CHILD_AGE[1])
    size: str | None = None
    size_answered: bool = False  # the size may be skipped ("don't know")


class RequestDraft(BaseModel):
    """The answers so far; JSON-able so it can live in PTB's user_data between steps."""

    model_config = ConfigDict(frozen=True)
    draft_id: str = Field(default_factory=lambda: uuid.uuid4().hex, min_length=8)
    consent_at: datetime | None = None
    kind: str | None = None
    size_system: SizeSystem = "none"
    adults: int | None = Field(default=None, ge=ADULTS[0], le=ADULTS[1])
    children: tuple[ChildDraft, ...] | None = Field(default=None, max_length=CHILDREN[1])
    needs: str | None = Field(default=None, max_length=NEEDS_LENGTH[1])
    postcode: str | None = Field(default=None, pattern=r"^\d{4}$")
    referral_answered: bool = False
    referred_by: Referral | None = None
    referral_text: str | None = None
    contact_answered: bool = False
    phone: str | None = None

    def to_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: object) -> RequestDraft | None:
        """The stored draft, or None when missing or unreadable (the person starts again)."""
        if not isinstance(data, dict):
            return None
        try:
            return cls.model_validate(data)
        except ValidationError:
            return None

    def with_consent(self, now: datetime) -> RequestDraft:
        return self._set({"consent_at": now})

    def with_kind(self, kind: str, size_system: SizeSystem) -> RequestDraft:
        """A kind with another size system drops the sizes (they no longer fit or are needed)."""
        children = self.children
        if children is not None and size_system != self.size_system:
            children = tuple(ChildDraft(age=child.age) for child in children)
        return self._set({"kind": kind, "size_system": size_system, "children": children})

    def with_adults(self, adults: int) -> RequestDraft:
        return self._set({"adults": adults})

    def with_children_count(self, count: int) -> RequestDraft:
        """Keeps the children already described, up to the new count."""
        kept = (self.children or ())[:count]
        return self._set({"children": kept + (ChildDraft(),) * (count - len(kept))})

    def with_child_age(self, index: int, age: int) -> RequestDraft:
        return self._with_child(index, {"age": age})

    def with_child_size(self, index: int, size: str | None) -> RequestDraft:
        """None records 'don't know', so the size is not asked again."""
        return self._with_child(index, {"size": size, "size_answered": True})

    def with_needs(self, needs: str) -> RequestDraft:
        return self._set({"needs": needs})

    def with_postcode(self, postcode: str) -> RequestDraft:
        return self._set({"postcode": postcode})

    def with_referral(self, referred_by: Referral | None, text: str | None = None) -> RequestDraft:
        return self._set(
            {"referral_answered": True, "referred_by": referred_by, "referral_text": text}
        )

    def with_contact(self, phone: str | None) -> RequestDraft:
        return self._set({"contact_answered": True, "phone": phone})

    def cleared(self, part: Part) -> RequestDraft:
        """Forgets one part, so next_position() asks for it again."""
        return self._set(_CLEARED[part])

    def positions(self) -> list[Position]:
        """The path through the conversation for this draft, in order."""
        path = [Position(step) for step in (Step.CONSENT, Step.KIND, Step.ADULTS)]
        path.append(Position(Step.CHILDREN_COUNT))
        for index in range(len(self.children or ())):
            path.append(Position(Step.CHILD_AGE, index))
            if self.size_system != "none":
                path.append(Position(Step.CHILD_SIZE, index))
        tail = (Step.NEEDS, Step.POSTCODE, Step.REFERRAL, Step.CONTACT, Step.SUMMARY)
        return path + [Position(step) for step in tail]

    def next_position(self) -> Position:
        """The first unanswered step; SUMMARY when everything is there."""
        return next(position for position in self.positions() if not self._answered(position))

    @property
    def complete(self) -> bool:
        return self.next_position().step == Step.SUMMARY

    def position_before(self, position: Position) -> Position:
        """Where 'back' leads (CONSENT has nothing before it)."""
        path = self.positions()
        index = path.index(position) if position in path else 0
        return path[max(index - 1, 0)]

    def _answered(self, position: Position) -> bool:
        children = self.children or ()
        match position.step:
            case Step.CHILD_AGE:
                return children[position.child or 0].age is not None
            case Step.CHILD_SIZE:
                return children[position.child or 0].size_answered
            case Step.SUMMARY:
                return False
        return getattr(self, _ANSWER_FIELD[position.step]) not in (None, False)

    def _set(self, changes: dict[str, object]) -> RequestDraft:
        # model_copy would skip validation; a wrong value must fail here, not in a later step.
        return type(self).model_validate({**self.model_dump(), **changes})

    def _with_child(self, index: int, changes: dict[str, object]) -> RequestDraft:
        children = list(self.children or ())
        if not 0 <= index < len(children):
            raise IndexError(f"no child {index} in a household of {len(children)} children")
        children[index] = ChildDraft.model_validate({**children[index].model_dump(), **changes})
        return self._set({"children": tuple(children)})


_ANSWER_FIELD = {
    Step.CONSENT: "consent_at",
    Step.KIND: "kind",
    Step.ADULTS: "adults",
    Step.CHILDREN_COUNT: "children",
    Step.NEEDS: "needs",
    Step.POSTCODE: "postcode",
    Step.REFERRAL: "referral_answered",
    Step.CONTACT: "contact_answered",
}

_CLEARED: dict[Part, dict[str, object]] = {
    Part.KIND: {"kind": None},
    Part.HOUSEHOLD: {"adults": None, "children": None},
    Part.NEEDS: {"needs": None},
    Part.POSTCODE: {"postcode": None},
    Part.REFERRAL: {"referral_answered": False, "referred_by": None, "referral_text": None},
    Part.CONTACT: {"contact_answered": False, "phone": None},
}
