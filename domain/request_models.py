"""Pydantic models the help request repository returns. Plain data: no Telegram, no SQL."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from domain.requests import CLOSED_STATUSES, OPEN_STATUSES, Decision, Referral, RequestStatus


class Child(BaseModel):
    model_config = ConfigDict(frozen=True)

    age: int
    size: str | None = None


class HelpRequest(BaseModel):
    """One request. After anonymising, the personal fields are None (see 0005_requests.sql)."""

    model_config = ConfigDict(frozen=True)

    id: int
    reference: str
    user_id: int | None
    kind: str
    adults: int
    children_count: int
    children: tuple[Child, ...] | None
    needs: str | None
    postcode: str | None
    referred_by: Referral | None
    referral_text: str | None
    phone: str | None
    consent_at: datetime
    status: RequestStatus
    collect_text: str | None
    dropoff_day_id: int | None
    decline_preset: int | None
    decline_text: str | None
    handed_over_at: datetime | None
    feedback_asked_at: datetime | None
    feedback_score: int | None
    feedback_comment: str | None
    feedback_at: datetime | None
    season: str | None
    idempotency_key: str | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    anonymised_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def decided_so(
        self,
        decision: Decision,
        *,
        day_id: int | None = None,
        text: str | None = None,
        preset: int | None = None,
    ) -> bool:
        """This decision with these details is the one on record: the board's own press
        handled again after a crash (or pressed twice), not a different decision."""
        if self.status is not decision.target:
            return False
        if decision is Decision.APPROVE:
            return (self.dropoff_day_id, self.collect_text) == (day_id, text)
        if decision is Decision.DECLINE:
            return (self.decline_preset, self.decline_text) == (preset, text)
        return decision is Decision.HANDED_OVER

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class RequestQuestion(BaseModel):
    """A question an admin relayed about a request, and the person's answer."""

    model_config = ConfigDict(frozen=True)

    id: int
    request_id: int
    reference: str
    question: str | None
    answer: str | None
    asked_at: datetime
    answered_at: datetime | None
    anonymised_at: datetime | None
