"""The offer a donor is putting together in the chat, and the order of the conversation's steps.

The draft lives in python-telegram-bot's user_data as plain JSON (to_dict / from_dict), so after a
restart the donor goes on from the same step with everything they already gave.
"""

from __future__ import annotations

import uuid
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain.offers import Condition, Handover, needs_size
from domain.organisation import Category

MAX_PHOTOS = 5
DRAFT_VERSION = 1


class Step(StrEnum):
    """The conversation's states; the names match handlers/donate/donate.mmd."""

    CATEGORY = "CATEGORY"
    DESCRIPTION = "DESCRIPTION"
    SIZE = "SIZE"
    QUANTITY = "QUANTITY"
    CONDITION = "CONDITION"
    PHOTOS = "PHOTOS"
    HANDOVER = "HANDOVER"
    PICKUP_ADDRESS = "PICKUP_ADDRESS"
    PICKUP_POSTCODE = "PICKUP_POSTCODE"
    CONTACT = "CONTACT"
    SUMMARY = "SUMMARY"


STEP_ORDER: tuple[Step, ...] = tuple(Step)


class PhotoOutcome(Enum):
    ADDED = "added"
    DUPLICATE = "duplicate"  # the same picture again (same file_unique_id)
    FULL = "full"  # already MAX_PHOTOS


CAPTION_MAX = 200  # a photo's caption kept for the admins; Telegram allows 1024


class DraftPhoto(BaseModel):
    model_config = ConfigDict(frozen=True)
    file_id: str = Field(min_length=1)
    file_unique_id: str = Field(min_length=1)
    caption: str | None = Field(default=None, max_length=CAPTION_MAX)  # the donor's words


def new_draft_id() -> str:
    return uuid.uuid4().hex


class OfferDraft(BaseModel):
    """Everything the donor has given so far; each with_* returns a new draft."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    version: int = DRAFT_VERSION
    # Becomes the offer's idempotency key: sending the same draft twice stores one offer.
    draft_id: str = Field(default_factory=new_draft_id, min_length=8, max_length=64)
    category_key: str | None = None
    description: str | None = None
    size: str | None = None
    quantity: int | None = Field(default=None, ge=1, le=100)
    condition: Condition | None = None
    photos: tuple[DraftPhoto, ...] = Field(default=(), max_length=MAX_PHOTOS)
    photos_done: bool = False  # the donor finished or skipped the photo step
    handover: Handover | None = None
    dropoff_day_id: int | None = None
    pickup_address: str | None = None
    pickup_postcode: str | None = None
    phone: str | None = None  # E.164
    contact_done: bool = False  # answered the contact step (a phone is optional)
    wanted_id: int | None = None  # started from an efterlysning's "🙋 Det har jeg" (E-12)
    # The current step was opened from the summary ("change X"): its answer returns there, and
    # "back" restores `undo`, the draft as the summary showed it, and returns there too.
    reviewing: bool = False
    undo: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, data: object) -> OfferDraft | None:
        """The stored draft, or None when it is missing or no longer fits (start afresh)."""
        if not isinstance(data, dict) or data.get("version") != DRAFT_VERSION:
            return None
        try:
            return cls.model_validate(data)
        except ValidationError:
            return None

    def with_(self, **changes: Any) -> OfferDraft:
        """A copy with the changes, validated like a stored draft."""
        return type(self).model_validate({**self.model_dump(), **changes})

    def with_category(self, category: Category) -> OfferDraft:
        """Another category drops what no longer fits: its size, and pickup unless large."""
        changes: dict[str, Any] = {"category_key": category.key}
        if category.key != self.category_key:
            changes["size"] = None
        if self.handover is Handover.PICKUP and not category.large:
            changes.update(handover=None, pickup_address=None, pickup_postcode=None)
        return self.with_(**changes)

    def with_dropoff(self, day_id: int) -> OfferDraft:
        return self.with_(
            handover=Handover.DROPOFF,
            dropoff_day_id=day_id,
            pickup_address=None,
            pickup_postcode=None,
        )

    def with_pickup(self) -> OfferDraft:
        return self.with_(handover=Handover.PICKUP, dropoff_day_id=None)

    def with_phone(self, phone: str | None) -> OfferDraft:
        """The contact step answered: with a phone number, or Telegram only (None)."""
        return self.with_(phone=phone, contact_done=True)

    def add_photo(
        self, file_id: str, file_unique_id: str, caption: str | None = None
    ) -> tuple[OfferDraft, PhotoOutcome]:
        if any(photo.file_unique_id == file_unique_id for photo in self.photos):
            return self, PhotoOutcome.DUPLICATE
        if len(self.photos) >= MAX_PHOTOS:
            return self, PhotoOutcome.FULL
        words = (caption or "").strip()[:CAPTION_MAX] or None
        photo = DraftPhoto(file_id=file_id, file_unique_id=file_unique_id, caption=words)
        return self.with_(photos=(*self.photos, photo)), PhotoOutcome.ADDED

    @property
    def photos_full(self) -> bool:
        return len(self.photos) >= MAX_PHOTOS

    def for_change(self) -> OfferDraft:
        """Opens a change from the summary, remembering the summary's draft for "back"."""
        return self.with_(reviewing=True, undo=self.at_summary().to_dict())

    def at_summary(self) -> OfferDraft:
        """The draft the summary shows: no change under way."""
        return self.with_(reviewing=False, undo=None)

    def undone(self) -> OfferDraft:
        """The draft before the change under way ("back" drops an unfinished change)."""
        before = OfferDraft.from_dict(self.undo) if self.undo else None
        return (before or self).at_summary()


def applies(step: Step, draft: OfferDraft, category: Category | None) -> bool:
    """Whether the step is part of this donor's conversation (size and pickup depend on it)."""
    if step is Step.SIZE:
        return category is not None and needs_size(category)
    if step in (Step.PICKUP_ADDRESS, Step.PICKUP_POSTCODE):
        return draft.handover is Handover.PICKUP
    return True


def is_done(step: Step, draft: OfferDraft) -> bool:
    answers = {
        Step.CATEGORY: draft.category_key,
        Step.DESCRIPTION: draft.description,
        Step.SIZE: draft.size,
        Step.QUANTITY: draft.quantity,
        Step.CONDITION: draft.condition,
        Step.PICKUP_ADDRESS: draft.pickup_address,
        Step.PICKUP_POSTCODE: draft.pickup_postcode,
    }
    if step in answers:
        return answers[step] is not None
    if step is Step.PHOTOS:
        return draft.photos_done
    if step is Step.HANDOVER:
        return draft.handover is Handover.PICKUP or (
            draft.handover is Handover.DROPOFF and draft.dropoff_day_id is not None
        )
    if step is Step.CONTACT:
        return draft.contact_done
    return False  # SUMMARY is never "done": sending ends the conversation


def missing_steps(draft: OfferDraft, category: Category | None) -> list[Step]:
    """Steps still to answer before the offer can be sent; SIZE is checked only with a category."""
    return [
        step
        for step in STEP_ORDER
        if step is not Step.SUMMARY and applies(step, draft, category) and not is_done(step, draft)
    ]


def next_step(draft: OfferDraft, current: Step, category: Category | None) -> Step:
    """Where to go after the current step was answered.

    While reviewing, straight back to the summary, unless the change opened a new step (another
    category now needs a size; pickup needs an address).
    """
    if draft.reviewing:
        missing = missing_steps(draft, category)
        return missing[0] if missing else Step.SUMMARY
    later = STEP_ORDER[STEP_ORDER.index(current) + 1 :]
    if draft.wanted_id is not None:  # an efterlysning filled in the size: not asked again
        later = tuple(step for step in later if step is not Step.SIZE or not is_done(step, draft))
    return next((step for step in later if applies(step, draft, category)), Step.SUMMARY)


def previous_step(draft: OfferDraft, current: Step, category: Category | None) -> Step | None:
    """The step before in the conversation's order; None from the first step."""
    earlier = STEP_ORDER[: STEP_ORDER.index(current)]
    return next((step for step in reversed(earlier) if applies(step, draft, category)), None)


def step_back(
    draft: OfferDraft, current: Step, category: Category | None
) -> tuple[OfferDraft, Step | None]:
    """Where "back" leads and the draft to keep there.

    During a change opened from the summary: back to the summary, as it was before the change.
    Otherwise (also from the summary itself) the step before, in order; None from the first.
    """
    if draft.reviewing and current is not Step.SUMMARY:
        return draft.undone(), Step.SUMMARY
    return draft, previous_step(draft, current, category)
