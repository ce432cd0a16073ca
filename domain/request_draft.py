"""The answers a help request conversation collects, and which question comes next.

JSON-able (to_dict/from_dict) so it can live in PTB's user_data between steps and survive a
restart. Each with_* method validates, so a wrong value fails where it is given.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain.request_input import ADULTS, CHILD_AGE, CHILDREN, NEEDS_LENGTH, SizeSystem
from domain.requests import Referral


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
    # A postcode outside the service area, kept only until the person corrects or confirms it.
    unconfirmed_postcode: str | None = Field(default=None, pattern=r"^\d{4}$")
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
        return self._set({"postcode": postcode, "unconfirmed_postcode": None})

    def with_unconfirmed_postcode(self, postcode: str | None) -> RequestDraft:
        """A postcode outside the area, to ask "is it right?" before anything is dropped."""
        return self._set({"unconfirmed_postcode": postcode})

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
    Part.POSTCODE: {"postcode": None, "unconfirmed_postcode": None},
    Part.REFERRAL: {"referral_answered": False, "referred_by": None, "referral_text": None},
    Part.CONTACT: {"contact_answered": False, "phone": None},
}
