"""The numbers behind /status: the outbox, people we cannot reach, the database's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.clock import from_db, to_db
from storage.db import Database


@dataclass(frozen=True)
class StoredHealth:
    outbox_waiting: int
    outbox_failed_24h: int
    outbox_oldest_due: datetime | None
    unreachable: int
    database_bytes: int


class HealthRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def read(self, now: datetime) -> StoredHealth:
        waiting = await self.db.fetchone(
            "SELECT COUNT(*) AS n, MIN(not_before) AS oldest FROM outbox"
            " WHERE status IN ('pending', 'sending') AND not_before <= ?",
            (to_db(now),),
        )
        failed = await self.db.fetchval(
            "SELECT COUNT(*) FROM outbox WHERE status = 'failed' AND created_at >= ?",
            (to_db(now - timedelta(hours=24)),),
        )
        unreachable = await self.db.fetchval(
            "SELECT COUNT(*) FROM users WHERE unreachable_at IS NOT NULL"
        )
        pages = await self.db.fetchval("PRAGMA page_count")
        page_size = await self.db.fetchval("PRAGMA page_size")
        oldest = waiting["oldest"] if waiting is not None else None
        return StoredHealth(
            outbox_waiting=int(waiting["n"]) if waiting is not None else 0,
            outbox_failed_24h=int(failed or 0),
            outbox_oldest_due=from_db(oldest) if oldest else None,
            unreachable=int(unreachable or 0),
            database_bytes=int(pages) * int(page_size),
        )
