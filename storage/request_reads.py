"""Reading help requests and their relayed questions (the base of RequestRepository)."""

from __future__ import annotations

import json
from typing import Any

from domain.request_models import HelpRequest, RequestQuestion
from domain.requests import OPEN_STATUSES, RequestStatus, normalise_reference
from storage.db import Database

OPEN = tuple(status.value for status in OPEN_STATUSES)
_QUESTIONS = (
    "SELECT q.*, r.reference FROM help_request_questions q"
    " JOIN help_requests r ON r.id = q.request_id"
)


def marks(values: tuple[Any, ...] | frozenset[Any] | list[Any]) -> str:
    return ",".join("?" * len(values))


def to_request(row: Any) -> HelpRequest:
    data = dict(row)
    if data["children"] is not None:
        data["children"] = json.loads(data["children"])
    return HelpRequest.model_validate(data)


class RequestReads:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, request_id: int) -> HelpRequest | None:
        row = await self.db.lookup("SELECT * FROM help_requests WHERE id = ?", (request_id,))
        return None if row is None else to_request(row)

    async def get_by_reference(self, reference: str) -> HelpRequest | None:
        normalised = normalise_reference(reference)
        if normalised is None:
            return None
        row = await self.db.fetchone(
            "SELECT * FROM help_requests WHERE reference = ?", (normalised,)
        )
        return None if row is None else to_request(row)

    async def open_for_user_and_kind(self, user_id: int, kind: str) -> HelpRequest | None:
        row = await self.db.fetchone(
            f"SELECT * FROM help_requests WHERE user_id = ? AND kind = ?"
            f" AND status IN ({marks(OPEN)}) ORDER BY id LIMIT 1",
            (user_id, kind, *OPEN),
        )
        return None if row is None else to_request(row)

    async def seasonal_for_household(
        self, kind: str, user_id: int, phone: str | None, season: str
    ) -> HelpRequest | None:
        """The household's request of a seasonal kind (julehjælp) this season, if not withdrawn."""
        row = await self.db.fetchone(
            "SELECT * FROM help_requests WHERE kind = ? AND season = ? AND status <> ?"
            " AND (user_id = ? OR (? IS NOT NULL AND phone = ?)) ORDER BY id LIMIT 1",
            (kind, season, RequestStatus.WITHDRAWN.value, user_id, phone, phone),
        )
        return None if row is None else to_request(row)

    async def list_open(self) -> list[HelpRequest]:
        """Requests waiting for an admin or a hand-over, oldest first."""
        rows = await self.db.fetchall(
            f"SELECT * FROM help_requests WHERE status IN ({marks(OPEN)}) ORDER BY created_at, id",
            OPEN,
        )
        return [to_request(row) for row in rows]

    async def list_for_user(self, user_id: int) -> list[HelpRequest]:
        """The person's requests, newest first."""
        rows = await self.db.lookup_all(
            "SELECT * FROM help_requests WHERE user_id = ? ORDER BY created_at DESC, id DESC",
            (user_id,),
        )
        return [to_request(row) for row in rows]

    async def unanswered_question(self, reference: str) -> RequestQuestion | None:
        """The latest question still waiting for the person's answer."""
        questions = await self.questions(reference)
        waiting = [question for question in questions if question.answered_at is None]
        return waiting[-1] if waiting else None

    async def open_questions_for_user(self, user_id: int) -> list[RequestQuestion]:
        """The latest unanswered question of each of the person's requests waiting for them,
        oldest first (so the last one is the question asked most recently)."""
        rows = await self.db.fetchall(
            f"{_QUESTIONS} WHERE r.user_id = ? AND r.status = ?"
            " AND q.answered_at IS NULL ORDER BY q.id",
            (user_id, RequestStatus.NEEDS_INFO.value),
        )
        latest = {row["request_id"]: RequestQuestion.model_validate(dict(row)) for row in rows}
        return sorted(latest.values(), key=lambda question: question.id)

    async def questions(self, reference: str) -> list[RequestQuestion]:
        normalised = normalise_reference(reference)
        rows = await self.db.fetchall(
            f"{_QUESTIONS} WHERE r.reference = ? ORDER BY q.id", (normalised,)
        )
        return [RequestQuestion.model_validate(dict(row)) for row in rows]
