"""Categories the association does not take right now, with the reason donors are told."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from domain.clock import to_db
from domain.offer_models import NotNow
from storage.db import Database


class NotNowRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def set(
        self,
        category_key: str,
        reason_da: str,
        reason_en: str | None,
        until: date | None,
        set_by: int,
        now: datetime,
    ) -> NotNow:
        """Puts the category on the list, or replaces its reason and end; English falls back
        to the Danish text when the admin wrote only one."""
        await self.db.execute(
            "INSERT INTO not_now_categories"
            " (category_key, reason_da, reason_en, until, set_by, set_at)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (category_key) DO UPDATE SET reason_da = excluded.reason_da,"
            " reason_en = excluded.reason_en, until = excluded.until,"
            " set_by = excluded.set_by, set_at = excluded.set_at",
            (
                category_key,
                reason_da,
                reason_en or reason_da,
                None if until is None else until.isoformat(),
                set_by,
                to_db(now),
            ),
        )
        stored = await self._get(category_key)
        assert stored is not None
        return stored

    async def clear(self, category_key: str) -> bool:
        """Takes the category off the list; False when it was not on it."""
        removed = await self.db.execute(
            "DELETE FROM not_now_categories WHERE category_key = ?", (category_key,)
        )
        return removed > 0

    async def list_all(self) -> list[NotNow]:
        """Every entry, also those whose end date has passed (for the admins' overview)."""
        rows = await self.db.fetchall("SELECT * FROM not_now_categories ORDER BY category_key")
        return [NotNow.model_validate(dict(row)) for row in rows]

    async def list_active(self, now: datetime, zone: tzinfo) -> list[NotNow]:
        """Entries in force on today's date where the association is (zone)."""
        today = now.astimezone(zone).date()
        return [entry for entry in await self.list_all() if entry.active_on(today)]

    async def get(self, category_key: str, now: datetime, zone: tzinfo) -> NotNow | None:
        """The entry for the category when it is in force today; None when it is welcome."""
        entry = await self._get(category_key)
        if entry is None or not entry.active_on(now.astimezone(zone).date()):
            return None
        return entry

    async def _get(self, category_key: str) -> NotNow | None:
        row = await self.db.fetchone(
            "SELECT * FROM not_now_categories WHERE category_key = ?", (category_key,)
        )
        return None if row is None else NotNow.model_validate(dict(row))
