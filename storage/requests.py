"""Help requests: storing a finished draft once, admins' decisions, relayed questions, feedback.

Status changes are single UPDATEs guarded by the allowed previous statuses (domain TRANSITIONS),
so a doubled button press or two admins at once change a request once; each returns whether it
changed anything. References are accepted as people type them ('h1001') and normalised.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.clock import to_db
from domain.request_draft import RequestDraft
from domain.request_models import HelpRequest
from domain.requests import (
    CLOSED_STATUSES,
    Refusal,
    RequestStatus,
    normalise_reference,
    refusal_for,
    statuses_allowing,
)
from storage.request_privacy import PERSONAL_COLUMNS, RequestPrivacy
from storage.request_reads import marks, to_request

__all__ = ["PERSONAL_COLUMNS", "Blocked", "RequestRefused", "RequestRepository"]

_HANDED_OVER = RequestStatus.HANDED_OVER.value


@dataclass(frozen=True)
class Blocked:
    """Why a new request may not be made, and the earlier request that stands in the way."""

    refusal: Refusal
    existing: HelpRequest


class RequestRefused(Exception):
    """add_from_draft found an open request of the kind, or the household's one for the season."""

    def __init__(self, blocked: Blocked) -> None:
        super().__init__(blocked.refusal.reason.value)
        self.blocked = blocked


def _children_json(draft: RequestDraft) -> str:
    children = [
        {"age": child.age} | ({"size": child.size} if child.size else {})
        for child in draft.children or ()
    ]
    return json.dumps(children, separators=(",", ":"))


class RequestRepository(RequestPrivacy):
    """Help requests: reads (RequestReads), privacy (RequestPrivacy) and every change."""

    async def add_from_draft(
        self, draft: RequestDraft, user_id: int, season: str | None, now: datetime
    ) -> tuple[HelpRequest, bool]:
        """Stores a finished draft once: a second send of the same draft returns the first.

        Raises RequestRefused when the duplicate rules (domain.requests.refusal_for) say no;
        checked inside the transaction, so two sends from two devices cannot both pass.
        """
        if not draft.complete or draft.kind is None or draft.consent_at is None:
            raise ValueError(f"draft is not finished: {draft.next_position().step}")
        async with self.db.transaction():
            row = await self.db.fetchone(
                "SELECT * FROM help_requests WHERE idempotency_key = ?", (draft.draft_id,)
            )
            if row is not None:
                return to_request(row), False
            blocked = await self.blocked_for_new(draft.kind, user_id, draft.phone, season)
            if blocked is not None:
                raise RequestRefused(blocked)
            stamp = to_db(now)
            new_id = await self.db.insert(
                "INSERT INTO help_requests (user_id, kind, adults, children_count, children,"
                " needs, postcode, referred_by, referral_text, phone, consent_at, season,"
                " idempotency_key, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    user_id,
                    draft.kind,
                    draft.adults,
                    len(draft.children or ()),
                    _children_json(draft),
                    draft.needs,
                    draft.postcode,
                    draft.referred_by,
                    draft.referral_text,
                    draft.phone,
                    to_db(draft.consent_at),
                    season,
                    draft.draft_id,
                    stamp,
                    stamp,
                ),
            )
            assert new_id is not None
            request = await self.get(new_id)
        assert request is not None
        return request, True

    async def blocked_for_new(
        self, kind: str, user_id: int, phone: str | None, season: str | None
    ) -> Blocked | None:
        """Whether this person (or household, by phone) may make a new request of the kind."""
        rows = await self.db.fetchall(
            "SELECT * FROM help_requests WHERE kind = ?"
            " AND (user_id = ? OR (? IS NOT NULL AND phone = ?)) ORDER BY id",
            (kind, user_id, phone, phone),
        )
        existing = [to_request(row) for row in rows]
        refusal = refusal_for(kind, user_id, phone, season, existing)
        if refusal is None:
            return None
        blocking = next(request for request in existing if request.reference == refusal.reference)
        return Blocked(refusal, blocking)

    # --- status changes -------------------------------------------------------------------

    async def _change(
        self,
        reference: str,
        new: RequestStatus,
        now: datetime,
        sets: dict[str, Any] | None = None,
        only_user: int | None = None,
    ) -> bool:
        normalised = normalise_reference(reference)
        if normalised is None:
            return False
        allowed = tuple(status.value for status in statuses_allowing(new))
        sets = {
            "status": new.value,
            "updated_at": to_db(now),
            "closed_at": to_db(now) if new in CLOSED_STATUSES else None,
            **(sets or {}),
        }
        assignments = ", ".join(f"{column} = ?" for column in sets)
        owner, owner_params = ("", ()) if only_user is None else (" AND user_id = ?", (only_user,))
        changed = await self.db.execute(
            f"UPDATE help_requests SET {assignments}"
            f" WHERE reference = ? AND status IN ({marks(allowed)}){owner}",
            (*sets.values(), normalised, *allowed, *owner_params),
        )
        return bool(changed)

    async def approve(
        self,
        reference: str,
        now: datetime,
        *,
        collect_text: str | None = None,
        dropoff_day_id: int | None = None,
    ) -> bool:
        """Approves with a time and place: a drop-off day, typed text, or both."""
        if collect_text is None and dropoff_day_id is None:
            raise ValueError("approve needs collect_text or dropoff_day_id")
        sets = {"collect_text": collect_text, "dropoff_day_id": dropoff_day_id}
        return await self._change(reference, RequestStatus.APPROVED, now, sets)

    async def decline(
        self, reference: str, now: datetime, *, preset: int | None = None, text: str | None = None
    ) -> bool:
        """Declines with one of the profile's reasons (its index) or a typed one."""
        if preset is None and text is None:
            raise ValueError("decline needs a preset reason or a text")
        sets = {"decline_preset": preset, "decline_text": text}
        return await self._change(reference, RequestStatus.DECLINED, now, sets)

    async def mark_handed_over(self, reference: str, now: datetime) -> bool:
        sets = {"handed_over_at": to_db(now)}
        return await self._change(reference, RequestStatus.HANDED_OVER, now, sets)

    async def withdraw(self, reference: str, user_id: int, now: datetime) -> bool:
        """The person takes back their own open request."""
        return await self._change(reference, RequestStatus.WITHDRAWN, now, only_user=user_id)

    # --- questions relayed by reference ---------------------------------------------------

    async def ask(self, reference: str, question: str, now: datetime) -> int | None:
        """Records an admin's question and sets needs_info; returns the question's id, or None
        if the request is not open."""
        async with self.db.transaction():
            if not await self._change(reference, RequestStatus.NEEDS_INFO, now):
                return None
            request = await self.get_by_reference(reference)
            assert request is not None
            question_id = await self.db.insert(
                "INSERT INTO help_request_questions (request_id, question, asked_at)"
                " VALUES (?, ?, ?)",
                (request.id, question, to_db(now)),
            )
        return question_id

    async def answer(self, reference: str, user_id: int, answer: str, now: datetime) -> bool:
        """Stores the person's answer to the open question; the request goes back to pending."""
        async with self.db.transaction():
            question = await self.unanswered_question(reference)
            if question is None:
                return False
            if not await self._change(reference, RequestStatus.PENDING, now, only_user=user_id):
                return False
            await self.db.execute(
                "UPDATE help_request_questions SET answer = ?, answered_at = ? WHERE id = ?",
                (answer, to_db(now), question.id),
            )
        return True

    # --- feedback: asked once after the hand-over -----------------------------------------

    async def due_for_feedback_question(self, handed_over_before: datetime) -> list[HelpRequest]:
        rows = await self.db.fetchall(
            "SELECT * FROM help_requests WHERE status = ?"
            " AND feedback_asked_at IS NULL AND user_id IS NOT NULL AND handed_over_at <= ?"
            " ORDER BY handed_over_at, id",
            (_HANDED_OVER, to_db(handed_over_before)),
        )
        return [to_request(row) for row in rows]

    async def mark_feedback_asked(self, reference: str, now: datetime) -> bool:
        """True only the first time, so the question is sent once."""
        return bool(
            await self.db.execute(
                "UPDATE help_requests SET feedback_asked_at = ?, updated_at = ?"
                " WHERE reference = ? AND status = ? AND feedback_asked_at IS NULL"
                " AND user_id IS NOT NULL",
                (to_db(now), to_db(now), normalise_reference(reference), _HANDED_OVER),
            )
        )

    async def record_feedback(
        self, reference: str, user_id: int, score: int, comment: str | None, now: datetime
    ) -> bool:
        """Keeps the first answer only; later ones return False."""
        if not 1 <= score <= 5:
            raise ValueError(f"feedback score must be 1-5, not {score}")
        return bool(
            await self.db.execute(
                "UPDATE help_requests SET feedback_score = ?, feedback_comment = ?,"
                " feedback_at = ?, updated_at = ? WHERE reference = ? AND user_id = ?"
                " AND status = ? AND feedback_at IS NULL",
                (
                    score,
                    comment,
                    to_db(now),
                    to_db(now),
                    normalise_reference(reference),
                    user_id,
                    _HANDED_OVER,
                ),
            )
        )

    async def add_feedback_comment(
        self, reference: str, user_id: int, comment: str, now: datetime
    ) -> bool:
        """The optional words after the score; kept once, like the score."""
        return bool(
            await self.db.execute(
                "UPDATE help_requests SET feedback_comment = ?, updated_at = ?"
                " WHERE reference = ? AND user_id = ? AND feedback_score IS NOT NULL"
                " AND feedback_comment IS NULL",
                (comment, to_db(now), normalise_reference(reference), user_id),
            )
        )
