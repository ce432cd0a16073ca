"""Pydantic models for offers, their photos and questions, and "not now" categories. No SQL."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from domain.offers import OPEN_STATUSES, Condition, Handover, OfferStatus


class Offer(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    reference: str  # "G-1001"
    donor_id: int | None  # None once anonymised
    category_key: str
    description: str | None
    size: str | None
    quantity: int
    condition: Condition
    handover: Handover
    dropoff_day_id: int | None
    pickup_address: str | None
    pickup_postcode: str | None
    phone: str | None
    status: OfferStatus
    decided_by: int | None
    decided_at: datetime | None
    decline_preset: int | None
    decline_text: str | None
    # 'dropoff' on accepted_day_id, or 'pickup': "we will contact you about pickup".
    accepted_handover: Handover | None
    accepted_day_id: int | None
    received_by: int | None
    received_at: datetime | None
    created_at: datetime
    updated_at: datetime
    anonymised_at: datetime | None
    wanted_id: int | None = None  # the efterlysning it answers (migration 0014)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def anonymised(self) -> bool:
        return self.anonymised_at is not None

    def accepted_so(self, admin: int, day_id: int | None) -> bool:
        """Accepted by this admin for this day (None: pickup): their own press, handled again
        after a crash or pressed twice, not someone else's decision."""
        return (
            self.status is OfferStatus.ACCEPTED
            and self.decided_by == admin
            and self.accepted_day_id == day_id
        )

    def declined_so(self, admin: int, preset: int | None, text: str | None) -> bool:
        """Declined by this admin for this reason (see accepted_so)."""
        return (
            self.status is OfferStatus.DECLINED
            and self.decided_by == admin
            and (self.decline_preset, self.decline_text) == (preset, text)
        )


class OfferPhoto(BaseModel):
    model_config = ConfigDict(frozen=True)

    offer_id: int
    position: int  # 1-5, the order the donor sent them
    file_id: str
    file_unique_id: str
    caption: str | None = None  # the donor's words with the photo


class OfferQuestion(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    offer_id: int
    offer_reference: str
    donor_id: int | None
    asked_by: int
    question: str | None
    asked_at: datetime
    answer: str | None
    answered_at: datetime | None

    @property
    def answered(self) -> bool:
        return self.answer is not None


class OfferAdminMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    chat_id: int
    message_id: int
    offer_id: int


class NotNow(BaseModel):
    """A category the association does not take right now, and why."""

    model_config = ConfigDict(frozen=True)

    category_key: str
    reason_da: str
    reason_en: str
    until: date | None  # local date, the last day included; None until an admin clears it
    set_by: int
    set_at: datetime

    def reason(self, language: str) -> str:
        return self.reason_da if language == "da" else self.reason_en

    def active_on(self, today: date) -> bool:
        return self.until is None or today <= self.until
