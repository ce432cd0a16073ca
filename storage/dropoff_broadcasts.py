"""What was already broadcast about drop-off days (migration 0007), and what the job reads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from domain.broadcast_schedule import BroadcastKind, Queued
from domain.clock import from_db, to_db
from domain.days import DropoffDay
from domain.offers import Handover, OfferStatus
from storage.db import Database


@dataclass(frozen=True)
class Bringing:
    """Part of an accepted offer a donor brings on a day (category key, not a label)."""

    category_key: str
    quantity: int
    size: str | None


class DropoffBroadcastRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def days_to_consider(self, now: datetime, horizon: datetime) -> list[DropoffDay]:
        """Days not begun that start before horizon, and any not begun that were told about.

        Cancelled days are included: those who heard of one learn it is off.
        """
        rows = await self.db.fetchall(
            "SELECT * FROM dropoff_days WHERE starts_at > ? AND (starts_at < ?"
            " OR id IN (SELECT day_id FROM dropoff_broadcasts)) ORDER BY starts_at, id",
            (to_db(now), to_db(horizon)),
        )
        return [DropoffDay.model_validate(dict(row)) for row in rows]

    async def queued(self, day_ids: list[int]) -> list[Queued]:
        if not day_ids:
            return []
        marks = ",".join("?" * len(day_ids))
        rows = await self.db.fetchall(
            "SELECT day_id, kind, version, queued_at, starts_at, ends_at, place"
            f" FROM dropoff_broadcasts WHERE day_id IN ({marks})",
            day_ids,
        )
        return [
            Queued(
                row["day_id"],
                BroadcastKind(row["kind"]),
                row["version"],
                from_db(row["queued_at"]),
                from_db(row["starts_at"]),
                from_db(row["ends_at"]),
                row["place"],
            )
            for row in rows
        ]

    async def record(
        self,
        day: DropoffDay,
        kind: BroadcastKind,
        batch_id: int,
        recipients: int,
        now: datetime,
    ) -> bool:
        """Remembers a queued broadcast and the day as it told it; False when already recorded."""
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO dropoff_broadcasts (day_id, kind, version, batch_id,"
            " queued_at, recipients, starts_at, ends_at, place) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                day.id,
                kind.value,
                day.version,
                batch_id,
                to_db(now),
                recipients,
                to_db(day.starts_at),
                to_db(day.ends_at),
                day.place,
            ),
        )
        return changed == 1

    async def told_before(self, day_id: int, version: int) -> set[int]:
        """Who was sent a notice or reminder about an earlier version of the day."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT o.chat_id FROM outbox o JOIN dropoff_broadcasts b"
            " ON o.batch_id = b.batch_id WHERE b.day_id = ? AND b.version < ?"
            " AND b.kind IN (?, ?) AND o.status NOT IN ('blocked', 'failed')",
            (day_id, version, BroadcastKind.NOTICE.value, BroadcastKind.REMINDER.value),
        )
        return {row["chat_id"] for row in rows}

    async def digests_since(self, since: date) -> set[date]:
        rows = await self.db.fetchall(
            "SELECT week_of FROM dropoff_digests WHERE week_of >= ?", (since.isoformat(),)
        )
        return {date.fromisoformat(row["week_of"]) for row in rows}

    async def record_digest(
        self, week_of: date, batch_id: int, recipients: int, now: datetime
    ) -> bool:
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO dropoff_digests (week_of, batch_id, queued_at, recipients)"
            " VALUES (?, ?, ?, ?)",
            (week_of.isoformat(), batch_id, to_db(now), recipients),
        )
        return changed == 1

    async def bringing(self, day_id: int) -> dict[int, list[Bringing]]:
        """What donors bring on the day, by donor: their offers accepted for drop-off there."""
        rows = await self.db.fetchall(
            "SELECT donor_id, category_key, quantity, size FROM offers"
            " WHERE status = ? AND accepted_handover = ?"
            " AND accepted_day_id = ? AND donor_id IS NOT NULL ORDER BY donor_id, id",
            (OfferStatus.ACCEPTED.value, Handover.DROPOFF.value, day_id),
        )
        found: dict[int, list[Bringing]] = defaultdict(list)
        for row in rows:
            found[row["donor_id"]].append(
                Bringing(row["category_key"], row["quantity"], row["size"])
            )
        return dict(found)
