"""Efterlysninger (migration 0014): stored once per draft, sent as one outbox batch to the
subscribers of 'wanted', counted by the offers that answer them, closed once."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from domain.clock import to_db
from domain.wanted import WantedStatus
from storage.broadcasts import Recipient, new_batch
from storage.db import Database
from storage.models import Language


class WantedPost(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    reference: str  # "E-12"
    category_key: str
    size: str | None
    text: str
    photo_file_id: str | None
    request_id: int | None
    status: WantedStatus
    created_by: int
    created_at: datetime
    idempotency_key: str | None
    batch_id: int | None
    recipients: int
    skipped_unreachable: int
    admin_chat_id: int
    admin_language: Language
    closed_by: int | None
    closed_at: datetime | None
    need_met_source: str | None

    @property
    def is_open(self) -> bool:
        return self.status is WantedStatus.OPEN


class WantedRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        *,
        category_key: str,
        size: str | None,
        text: str,
        photo_file_id: str | None,
        request_id: int | None,
        created_by: int,
        admin_chat_id: int,
        admin_language: Language,
        idempotency_key: str,
        now: datetime,
    ) -> tuple[WantedPost, bool]:
        """Stores an open post with a fresh batch id; (the existing one, False) for a repeated
        draft id."""
        async with self.db.transaction():
            existing = await self._one("WHERE idempotency_key = ?", (idempotency_key,))
            if existing is not None:
                return existing, False
            batch_id = await new_batch(self.db, "wanted", now)
            post_id = await self.db.insert(
                "INSERT INTO wanted_posts (category_key, size, text, photo_file_id, request_id,"
                " created_by, created_at, idempotency_key, batch_id, admin_chat_id,"
                " admin_language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    category_key,
                    size,
                    text,
                    photo_file_id,
                    request_id,
                    created_by,
                    to_db(now),
                    idempotency_key,
                    batch_id,
                    admin_chat_id,
                    admin_language,
                ),
            )
            assert post_id is not None
            post = await self.get(post_id)
        assert post is not None
        return post, True

    async def subscribers(self, default_language: Language) -> tuple[list[Recipient], int]:
        """The reachable subscribers of 'wanted' with their language, and how many are known
        to have blocked the bot (skipped)."""
        rows = await self.db.fetchall(
            "SELECT s.user_id, u.language, u.unreachable_at FROM subscriptions s"
            " LEFT JOIN users u ON u.id = s.user_id WHERE s.topic = 'wanted' ORDER BY s.user_id"
        )
        reachable = [
            Recipient(row["user_id"], row["language"] or default_language)
            for row in rows
            if row["unreachable_at"] is None
        ]
        return reachable, len(rows) - len(reachable)

    async def record_queued(self, post_id: int, recipients: int, skipped: int) -> None:
        await self.db.execute(
            "UPDATE wanted_posts SET recipients = ?, skipped_unreachable = ? WHERE id = ?",
            (recipients, skipped, post_id),
        )

    async def get(self, post_id: int) -> WantedPost | None:
        return await self._one("WHERE id = ?", (post_id,))

    async def list_open(self, limit: int = 20) -> list[tuple[WantedPost, int]]:
        """Open posts, oldest first, each with how many offers answered it."""
        rows = await self.db.fetchall(
            "SELECT w.*,"
            " (SELECT COUNT(*) FROM offers o WHERE o.wanted_id = w.id) AS offer_count"
            " FROM wanted_posts w WHERE w.status = ? ORDER BY w.id LIMIT ?",
            (WantedStatus.OPEN, limit),
        )
        return [(WantedPost.model_validate(dict(row)), int(row["offer_count"])) for row in rows]

    async def close(
        self, post_id: int, admin_id: int, now: datetime, need_source: str | None
    ) -> bool:
        """open → closed; False when it is unknown or closed already."""
        changed = await self.db.execute(
            "UPDATE wanted_posts SET status = ?, closed_by = ?, closed_at = ?,"
            " need_met_source = ? WHERE id = ? AND status = ?",
            (WantedStatus.CLOSED, admin_id, to_db(now), need_source, post_id, WantedStatus.OPEN),
        )
        return changed == 1

    async def _one(self, where: str, params: tuple[object, ...]) -> WantedPost | None:
        row = await self.db.fetchone(f"SELECT * FROM wanted_posts {where}", params)
        return None if row is None else WantedPost.model_validate(dict(row))
