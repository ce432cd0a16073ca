"""The audit log: one row per admin action, never personal details (ids and codes only); and
what the ids in it stand for (volunteers' names, drop-off days' starts), for /audit."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from domain.clock import from_db, to_db
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

    # What the entries' subjects stand for, so owners read names and days instead of ids.

    async def volunteer_names(self, volunteer_ids: list[int]) -> dict[int, str]:
        """Volunteer number → name (erased volunteers are left out)."""
        if not volunteer_ids:
            return {}
        marks = ",".join("?" * len(volunteer_ids))
        rows = await self.db.fetchall(
            f"SELECT id, name FROM volunteers WHERE id IN ({marks}) AND name <> ''",
            volunteer_ids,
        )
        return {row["id"]: row["name"] for row in rows}

    async def day_starts(self, day_ids: list[int]) -> dict[int, datetime]:
        """Drop-off day id → when it starts."""
        if not day_ids:
            return {}
        marks = ",".join("?" * len(day_ids))
        rows = await self.db.fetchall(
            f"SELECT id, starts_at FROM dropoff_days WHERE id IN ({marks})", day_ids
        )
        return {row["id"]: from_db(row["starts_at"]) for row in rows}
