"""The audit log: one row per admin action, never personal details (ids and codes only)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from domain.clock import to_db
from storage.db import Database


class AuditEntry(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    at: datetime
    actor_id: int
    action: str
    subject: str | None
    details: str | None


class AuditLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self,
        actor_id: int,
        action: str,
        now: datetime,
        subject: str | None = None,
        details: str | None = None,
    ) -> None:
        await self.db.insert(
            "INSERT INTO audit_log (at, actor_id, action, subject, details) VALUES (?, ?, ?, ?, ?)",
            (to_db(now), actor_id, action, subject, details),
        )

    async def latest(self, limit: int = 30) -> list[AuditEntry]:
        rows = await self.db.fetchall(
            "SELECT * FROM audit_log ORDER BY at DESC, id DESC LIMIT ?", (limit,)
        )
        return [AuditEntry.model_validate(dict(row)) for row in rows]
