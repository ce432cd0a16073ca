"""The board's questions about offers and the donors' answers (part of OfferRepository)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.clock import to_db
from domain.offer_models import OfferQuestion
from domain.offers import OPEN_STATUSES
from storage.db import Database

_QUESTION_SELECT = (
    "SELECT q.*, o.reference AS offer_reference, o.donor_id"
    " FROM offer_questions q JOIN offers o ON o.id = q.offer_id"
)


def marks(values: frozenset[Any] | list[Any]) -> str:
    return ",".join("?" * len(values))


class OfferQuestions:
    """Questions are asked only about open offers, and answered once, by the offer's donor."""

    db: Database

    async def add_question(
        self, offer_id: int, admin_id: int, question: str, now: datetime
    ) -> OfferQuestion | None:
        """None when the offer is closed or its donor erased (nobody to ask)."""
        async with self.db.transaction():
            offer = await self.db.fetchone(
                "SELECT status, donor_id FROM offers WHERE id = ?", (offer_id,)
            )
            if offer is None or offer["status"] not in OPEN_STATUSES or offer["donor_id"] is None:
                return None
            question_id = await self.db.insert(
                "INSERT INTO offer_questions (offer_id, asked_by, question, asked_at)"
                " VALUES (?, ?, ?, ?)",
                (offer_id, admin_id, question, to_db(now)),
            )
            assert question_id is not None
            return await self._question(question_id)

    async def answer_question(
        self, question_id: int, donor_id: int, answer: str, now: datetime
    ) -> OfferQuestion | None:
        """The donor's answer; None when it is not their question or was answered already."""
        async with self.db.transaction():
            changed = await self.db.execute(
                "UPDATE offer_questions SET answer = ?, answered_at = ?"
                " WHERE id = ? AND answer IS NULL AND question IS NOT NULL"
                " AND offer_id IN (SELECT id FROM offers WHERE donor_id = ?)",
                (answer, to_db(now), question_id, donor_id),
            )
            return await self._question(question_id) if changed else None

    async def open_question_for_donor(self, donor_id: int) -> OfferQuestion | None:
        """The latest unanswered question on one of the donor's open offers."""
        row = await self.db.fetchone(
            f"{_QUESTION_SELECT} WHERE o.donor_id = ? AND q.answer IS NULL"
            f" AND q.question IS NOT NULL AND o.status IN ({marks(OPEN_STATUSES)})"
            " ORDER BY q.asked_at DESC, q.id DESC LIMIT 1",
            (donor_id, *sorted(OPEN_STATUSES)),
        )
        return None if row is None else OfferQuestion.model_validate(dict(row))

    async def questions(self, offer_id: int) -> list[OfferQuestion]:
        rows = await self.db.fetchall(
            f"{_QUESTION_SELECT} WHERE q.offer_id = ? ORDER BY q.id", (offer_id,)
        )
        return [OfferQuestion.model_validate(dict(row)) for row in rows]

    async def get_question(self, question_id: int) -> OfferQuestion | None:
        """One question with its offer's reference and donor (to check who may answer it)."""
        return await self._question(question_id)

    async def _question(self, question_id: int) -> OfferQuestion | None:
        row = await self.db.fetchone(f"{_QUESTION_SELECT} WHERE q.id = ?", (question_id,))
        return None if row is None else OfferQuestion.model_validate(dict(row))

    async def donors_with_open_questions(self) -> set[int]:
        """Every donor who has an unanswered question on an open offer."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT o.donor_id FROM offer_questions q JOIN offers o ON o.id = q.offer_id"
            " WHERE q.answer IS NULL AND q.question IS NOT NULL AND o.donor_id IS NOT NULL"
            f" AND o.status IN ({marks(OPEN_STATUSES)})",
            tuple(sorted(OPEN_STATUSES)),
        )
        return {row["donor_id"] for row in rows}
