"""A person's help requests as data: export, erasure and retention (part of RequestRepository).

Anonymising sets every PERSONAL column (0005_requests.sql) to NULL; secure_delete overwrites the
old values in the file. Callers checkpoint the WAL after the whole erasure, so no old copy of a
page lingers in the -wal file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.clock import to_db
from domain.requests import RequestStatus
from storage.request_reads import OPEN, RequestReads, marks

# Columns that identify or describe the family; NULL after erasure or retention (0005 CHECKs it).
PERSONAL_COLUMNS: tuple[str, ...] = ("user_id", "children", "needs", "postcode", "phone")
PERSONAL_COLUMNS += ("referral_text", "collect_text", "decline_text", "feedback_comment")
PERSONAL_COLUMNS += ("idempotency_key",)


def message_key_prefix(reference: str) -> str:
    """Every outbox row about a request has a dedup_key starting with this ('request:H-1001:')."""
    return f"request:{reference}:"


class RequestPrivacy(RequestReads):
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
        Callers use the references to drop other traces (forget_messages_about).
        """
        stamp = to_db(now)
        async with self.db.transaction():
            rows = await self.db.fetchall(
                "SELECT reference FROM help_requests WHERE user_id = ? ORDER BY id", (user_id,)
            )
            await self.db.execute(
                f"UPDATE help_requests SET status = ?, closed_at = ?, updated_at = ?"
                f" WHERE user_id = ? AND status IN ({marks(OPEN)})",
                (RequestStatus.WITHDRAWN.value, stamp, stamp, user_id, *OPEN),
            )
            await self._anonymise("user_id = ?", (user_id,), now)
        return [row["reference"] for row in rows]

    async def anonymise_closed_before(self, cutoff: datetime, now: datetime) -> list[str]:
        """Retention: closed requests older than the cutoff lose their personal details.

        Returns the references anonymised now (to forget the messages about them too).
        """
        where = "closed_at IS NOT NULL AND closed_at < ?"
        async with self.db.transaction():
            rows = await self.db.fetchall(
                f"SELECT reference FROM help_requests WHERE anonymised_at IS NULL AND {where}"
                " ORDER BY id",
                (to_db(cutoff),),
            )
            await self._anonymise(where, (to_db(cutoff),), now)
        return [row["reference"] for row in rows]

    async def forget_messages_about(self, references: list[str]) -> int:
        """Deletes the outbox rows about these requests (admin notices hold the family's
        details; notices to the person hold times, places and questions)."""
        deleted = 0
        async with self.db.transaction():
            for reference in references:
                prefix = message_key_prefix(reference)
                deleted += await self.db.execute(
                    "DELETE FROM outbox WHERE substr(dedup_key, 1, ?) = ?", (len(prefix), prefix)
                )
        return deleted

    async def _anonymise(self, where: str, params: tuple[Any, ...], now: datetime) -> int:
        stamp = to_db(now)
        chosen = f"SELECT id FROM help_requests WHERE anonymised_at IS NULL AND {where}"
        async with self.db.transaction():
            await self.db.execute(
                "UPDATE help_request_questions SET question = NULL, answer = NULL,"
                f" anonymised_at = ? WHERE anonymised_at IS NULL AND request_id IN ({chosen})",
                (stamp, *params),
            )
            # A need's size and age describe a child; category and status stay for the counts.
            await self.db.execute(
                "UPDATE needs SET size = NULL, size_rank = NULL, child_age = NULL"
                f" WHERE request_id IN ({chosen})",
                params,
            )
            cleared = ", ".join(f"{column} = NULL" for column in PERSONAL_COLUMNS)
            return await self.db.execute(
                f"UPDATE help_requests SET {cleared}, anonymised_at = ?, updated_at = ?"
                f" WHERE id IN ({chosen})",
                (stamp, stamp, *params),
            )
