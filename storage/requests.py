"""Help requests: storing a finished draft once, admins' decisions, feedback, export and erasure.

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
from domain.requests import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Refusal,
    RequestDraft,
    RequestStatus,
    normalise_reference,
    refusal_for,
    statuses_allowing,
)
from storage.db import Database
from storage.request_models import HelpRequest, RequestQuestion

# Columns that identify or describe the family; NULL after erasure or retention (0005 CHECKs it).
PERSONAL_COLUMNS: tuple[str, ...] = ("user_id", "children", "needs", "postcode", "phone")
PERSONAL_COLUMNS += ("referral_text", "collect_text", "decline_text", "feedback_comment")
PERSONAL_COLUMNS += ("idempotency_key",)
_OPEN = tuple(status.value for status in OPEN_STATUSES)
_QUESTIONS = (
    "SELECT q.*, r.reference FROM help_request_questions q"
    " JOIN help_requests r ON r.id = q.request_id"
)


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


def _marks(values: tuple[Any, ...] | frozenset[Any]) -> str:
    return ",".join("?" * len(values))


def _request(row: Any) -> HelpRequest:
    data = dict(row)
    if data["children"] is not None:
        data["children"] = json.loads(data["children"])
    return HelpRequest.model_validate(data)


def _children_json(draft: RequestDraft) -> str:
    children = [
        {"age": child.age} | ({"size": child.size} if child.size else {})
        for child in draft.children or ()
    ]
    return json.dumps(children, separators=(",", ":"))


class RequestRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

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
                return _request(row), False
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
        existing = [_request(row) for row in rows]
        refusal = refusal_for(kind, user_id, phone, season, existing)
        if refusal is None:
            return None
        blocking = next(request for request in existing if request.reference == refusal.reference)
        return Blocked(refusal, blocking)

    async def get(self, request_id: int) -> HelpRequest | None:
        row = await self.db.fetchone("SELECT * FROM help_requests WHERE id = ?", (request_id,))
        return None if row is None else _request(row)

    async def get_by_reference(self, reference: str) -> HelpRequest | None:
        normalised = normalise_reference(reference)
        if normalised is None:
            return None
        row = await self.db.fetchone(
            "SELECT * FROM help_requests WHERE reference = ?", (normalised,)
        )
        return None if row is None else _request(row)

    async def open_for_user_and_kind(self, user_id: int, kind: str) -> HelpRequest | None:
        row = await self.db.fetchone(
            f"SELECT * FROM help_requests WHERE user_id = ? AND kind = ?"
            f" AND status IN ({_marks(_OPEN)}) ORDER BY id LIMIT 1",
            (user_id, kind, *_OPEN),
        )
        return None if row is None else _request(row)

    async def seasonal_for_household(
        self, kind: str, user_id: int, phone: str | None, season: str
    ) -> HelpRequest | None:
        """The household's request of a seasonal kind (julehjælp) this season, if not withdrawn."""
        row = await self.db.fetchone(
            "SELECT * FROM help_requests WHERE kind = ? AND season = ? AND status <> 'withdrawn'"
            " AND (user_id = ? OR (? IS NOT NULL AND phone = ?)) ORDER BY id LIMIT 1",
            (kind, season, user_id, phone, phone),
        )
        return None if row is None else _request(row)

    async def list_open(self) -> list[HelpRequest]:
        """Requests waiting for an admin or a hand-over, oldest first."""
        rows = await self.db.fetchall(
            f"SELECT * FROM help_requests WHERE status IN ({_marks(_OPEN)})"
            " ORDER BY created_at, id",
            _OPEN,
        )
        return [_request(row) for row in rows]

    async def list_for_user(self, user_id: int) -> list[HelpRequest]:
        """The person's requests, newest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM help_requests WHERE user_id = ? ORDER BY created_at DESC, id DESC",
            (user_id,),
        )
        return [_request(row) for row in rows]

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
            f" WHERE reference = ? AND status IN ({_marks(allowed)}){owner}",
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

    async def ask(self, reference: str, question: str, now: datetime) -> bool:
        """Records an admin's question and sets needs_info; False if the request is not open."""
        async with self.db.transaction():
            if not await self._change(reference, RequestStatus.NEEDS_INFO, now):
                return False
            request = await self.get_by_reference(reference)
            assert request is not None
            await self.db.insert(
                "INSERT INTO help_request_questions (request_id, question, asked_at)"
                " VALUES (?, ?, ?)",
                (request.id, question, to_db(now)),
            )
        return True

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

    async def unanswered_question(self, reference: str) -> RequestQuestion | None:
        """The latest question still waiting for the person's answer."""
        questions = await self.questions(reference)
        waiting = [question for question in questions if question.answered_at is None]
        return waiting[-1] if waiting else None

    async def questions(self, reference: str) -> list[RequestQuestion]:
        normalised = normalise_reference(reference)
        rows = await self.db.fetchall(
            f"{_QUESTIONS} WHERE r.reference = ? ORDER BY q.id", (normalised,)
        )
        return [RequestQuestion.model_validate(dict(row)) for row in rows]

    # --- feedback: asked once after the hand-over -----------------------------------------

    async def due_for_feedback_question(self, handed_over_before: datetime) -> list[HelpRequest]:
        rows = await self.db.fetchall(
            "SELECT * FROM help_requests WHERE status = 'handed_over'"
            " AND feedback_asked_at IS NULL AND user_id IS NOT NULL AND handed_over_at <= ?"
            " ORDER BY handed_over_at, id",
            (to_db(handed_over_before),),
        )
        return [_request(row) for row in rows]

    async def mark_feedback_asked(self, reference: str, now: datetime) -> bool:
        """True only the first time, so the question is sent once."""
        return bool(
            await self.db.execute(
                "UPDATE help_requests SET feedback_asked_at = ?, updated_at = ?"
                " WHERE reference = ? AND status = 'handed_over' AND feedback_asked_at IS NULL"
                " AND user_id IS NOT NULL",
                (to_db(now), to_db(now), normalise_reference(reference)),
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
                " AND status = 'handed_over' AND feedback_at IS NULL",
                (score, comment, to_db(now), to_db(now), normalise_reference(reference), user_id),
            )
        )

    # --- the person's data: export, erasure, retention ------------------------------------

    async def export_for_user(self, user_id: int) -> dict[str, Any]:
        """Everything stored about the person here, JSON-able; callers add their own tables."""
        exported = []
        async with self.db.transaction():
            for request in await self.list_for_user(user_id):
                item = request.model_dump(mode="json", exclude={"id"})
                questions = await self.questions(request.reference)
                item["questions"] = [
                    question.model_dump(
                        mode="json", include={"question", "answer", "asked_at", "answered_at"}
                    )
                    for question in questions
                ]
                exported.append(item)
        return {"help_requests": exported}

    async def erase_user(self, user_id: int, now: datetime) -> list[str]:
        """Anonymises all the person's requests at once; returns their references.

        Open requests become withdrawn first: nobody could tell the person about them anymore.
        Callers use the references to drop other traces (e.g. outbox rows about them).
        """
        stamp = to_db(now)
        async with self.db.transaction():
            rows = await self.db.fetchall(
                "SELECT reference FROM help_requests WHERE user_id = ? ORDER BY id", (user_id,)
            )
            await self.db.execute(
                f"UPDATE help_requests SET status = 'withdrawn', closed_at = ?, updated_at = ?"
                f" WHERE user_id = ? AND status IN ({_marks(_OPEN)})",
                (stamp, stamp, user_id, *_OPEN),
            )
            await self._anonymise("user_id = ?", (user_id,), now)
        return [row["reference"] for row in rows]

    async def anonymise_closed_before(self, cutoff: datetime, now: datetime) -> int:
        """Retention: closed requests older than the cutoff lose their personal details."""
        return await self._anonymise(
            "closed_at IS NOT NULL AND closed_at < ?", (to_db(cutoff),), now
        )

    async def _anonymise(self, where: str, params: tuple[Any, ...], now: datetime) -> int:
        stamp = to_db(now)
        chosen = f"SELECT id FROM help_requests WHERE anonymised_at IS NULL AND {where}"
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE help_request_questions SET question = NULL, answer = NULL,"
                f" anonymised_at = ? WHERE anonymised_at IS NULL AND request_id IN ({chosen})",
                (stamp, *params),
            )
            cleared = ", ".join(f"{column} = NULL" for column in PERSONAL_COLUMNS)
            return await self.db.execute(
                f"UPDATE help_requests SET {cleared}, anonymised_at = ?, updated_at = ?"
                f" WHERE id IN ({chosen})",
                (stamp, stamp, *params),
            )
