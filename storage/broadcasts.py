"""Admin announcements (migration 0007): who each audience is, and the announcements table
(planned, queued as one outbox batch, followed, reported, or cancelled).

The rules (audiences, time parsing, statuses, progress) are in domain/announcements.py; the
use cases that change announcements, each in one unit of work, in handlers/announce/actions.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from domain.announcements import AnnouncementStatus, Audience
from domain.clock import to_db
from storage.db import Database
from storage.models import Language

# The Telegram user ids each audience stands for (one column: uid).
_AUDIENCE_IDS: dict[Audience, str] = {
    Audience.ALL: "SELECT id AS uid FROM users",
    Audience.DROPOFF: "SELECT user_id AS uid FROM subscriptions WHERE topic = 'dropoff'",
    Audience.CHRISTMAS: "SELECT user_id AS uid FROM subscriptions WHERE topic = 'christmas'",
    Audience.NEWS: "SELECT user_id AS uid FROM subscriptions WHERE topic = 'news'",
    Audience.VOLUNTEERS: "SELECT user_id AS uid FROM volunteers WHERE status = 'approved'",
    Audience.DONORS: "SELECT DISTINCT donor_id AS uid FROM offers WHERE donor_id IS NOT NULL",
    Audience.RECIPIENTS: (
        "SELECT DISTINCT user_id AS uid FROM help_requests WHERE user_id IS NOT NULL"
    ),
}


class Announcement(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    text: str
    photo_file_id: str | None
    audience: Audience
    status: AnnouncementStatus
    scheduled_for: datetime
    created_by: int
    created_at: datetime
    idempotency_key: str | None
    batch_id: int | None
    queued_at: datetime | None
    recipients: int | None
    skipped_unreachable: int
    progress_chat_id: int
    progress_language: Language
    reported_at: datetime | None
    cancelled_by: int | None
    cancelled_at: datetime | None


@dataclass(frozen=True)
class Recipient:
    user_id: int
    language: Language


@dataclass(frozen=True)
class AudienceMembers:
    reachable: list[Recipient]
    unreachable: int  # known to have blocked the bot: skipped, and counted as blocked


async def new_batch(db: Database, kind: str, now: datetime) -> int:
    """A fresh outbox batch id, never shared with another broadcast."""
    batch_id = await db.insert(
        "INSERT INTO broadcast_batches (kind, created_at) VALUES (?, ?)", (kind, to_db(now))
    )
    assert batch_id is not None
    return batch_id


async def audience_members(
    db: Database, audience: Audience, default_language: Language
) -> AudienceMembers:
    """Who an audience is right now, each with their language; blocked people only counted."""
    rows = await db.fetchall(
        f"SELECT a.uid, u.language, u.unreachable_at FROM ({_AUDIENCE_IDS[audience]}) a"
        " LEFT JOIN users u ON u.id = a.uid ORDER BY a.uid"
    )
    reachable = [
        Recipient(row["uid"], row["language"] or default_language)
        for row in rows
        if row["unreachable_at"] is None
    ]
    return AudienceMembers(reachable, len(rows) - len(reachable))


async def audience_sizes(db: Database) -> dict[Audience, int]:
    """How many reachable people each audience has (shown on the buttons)."""
    sizes = {}
    for audience, ids in _AUDIENCE_IDS.items():
        sizes[audience] = int(
            await db.fetchval(
                f"SELECT COUNT(*) FROM ({ids}) a LEFT JOIN users u ON u.id = a.uid"
                " WHERE u.unreachable_at IS NULL"
            )
        )
    return sizes


class AnnouncementRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        *,
        text: str,
        photo_file_id: str | None,
        audience: Audience,
        scheduled_for: datetime,
        created_by: int,
        progress_chat_id: int,
        progress_language: Language,
        idempotency_key: str,
        now: datetime,
    ) -> tuple[Announcement, bool]:
        """Stores a planned announcement; (the existing one, False) for a repeated draft id."""
        async with self.db.transaction():
            new_id = await self.db.insert(
                "INSERT INTO announcements (text, photo_file_id, audience, scheduled_for,"
                " created_by, created_at, idempotency_key, progress_chat_id, progress_language)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING",
                (
                    text,
                    photo_file_id,
                    audience.value,
                    to_db(scheduled_for),
                    created_by,
                    to_db(now),
                    idempotency_key,
                    progress_chat_id,
                    progress_language,
                ),
            )
            row = await self.db.fetchone(
                "SELECT * FROM announcements WHERE idempotency_key = ?", (idempotency_key,)
            )
        assert row is not None
        return Announcement.model_validate(dict(row)), new_id is not None

    async def audience_members(
        self, audience: Audience, default_language: Language
    ) -> AudienceMembers:
        return await audience_members(self.db, audience, default_language)

    async def audience_sizes(self) -> dict[Audience, int]:
        return await audience_sizes(self.db)

    async def get(self, announcement_id: int) -> Announcement | None:
        return await self._one("WHERE id = ?", (announcement_id,))

    async def by_batch(self, batch_id: int) -> Announcement | None:
        return await self._one("WHERE batch_id = ?", (batch_id,))

    async def scheduled(self) -> list[Announcement]:
        """Planned and not yet sent, soonest first (/scheduled)."""
        return await self._many(
            "WHERE status = ? ORDER BY scheduled_for, id", (AnnouncementStatus.SCHEDULED,)
        )

    async def due(self, now: datetime) -> list[Announcement]:
        return await self._many(
            "WHERE status = ? AND scheduled_for <= ? ORDER BY scheduled_for, id",
            (AnnouncementStatus.SCHEDULED, to_db(now)),
        )

    async def sending(self) -> list[Announcement]:
        """Queued and not yet reported: the progress to follow (also after a restart)."""
        return await self._many("WHERE status = ? ORDER BY id", (AnnouncementStatus.SENDING,))

    async def start_sending(self, announcement_id: int, now: datetime) -> int | None:
        """scheduled → sending with a new batch id; None when it is no longer scheduled.

        Call inside the transaction that queues the rows, so both happen or neither does.
        """
        async with self.db.transaction():
            status = await self.db.fetchval(
                "SELECT status FROM announcements WHERE id = ?", (announcement_id,)
            )
            if status != AnnouncementStatus.SCHEDULED:
                return None
            batch_id = await new_batch(self.db, "announcement", now)
            await self.db.execute(
                "UPDATE announcements SET status = ?, batch_id = ?, queued_at = ? WHERE id = ?",
                (AnnouncementStatus.SENDING, batch_id, to_db(now), announcement_id),
            )
        return batch_id

    async def record_queued(self, announcement_id: int, recipients: int, skipped: int) -> None:
        await self.db.execute(
            "UPDATE announcements SET recipients = ?, skipped_unreachable = ? WHERE id = ?",
            (recipients, skipped, announcement_id),
        )

    async def mark_sent(self, announcement_id: int, now: datetime) -> bool:
        """sending → sent once the report is shown; False when already done."""
        changed = await self.db.execute(
            "UPDATE announcements SET status = ?, reported_at = ? WHERE id = ? AND status = ?",
            (AnnouncementStatus.SENT, to_db(now), announcement_id, AnnouncementStatus.SENDING),
        )
        return changed == 1

    async def cancel(
        self, announcement_id: int, admin_id: int | None, now: datetime
    ) -> Announcement | None:
        """scheduled → cancelled; None when it is unknown or already sending, sent or cancelled.

        admin_id None means the bot gave up on it (it was off long past the planned time).
        """
        async with self.db.transaction():
            changed = await self.db.execute(
                "UPDATE announcements SET status = ?, cancelled_by = ?, cancelled_at = ?"
                " WHERE id = ? AND status = ?",
                (
                    AnnouncementStatus.CANCELLED,
                    admin_id,
                    to_db(now),
                    announcement_id,
                    AnnouncementStatus.SCHEDULED,
                ),
            )
            return await self.get(announcement_id) if changed else None

    async def _one(self, where: str, params: tuple[object, ...]) -> Announcement | None:
        row = await self.db.fetchone(f"SELECT * FROM announcements {where}", params)
        return None if row is None else Announcement.model_validate(dict(row))

    async def _many(self, where: str, params: tuple[object, ...]) -> list[Announcement]:
        rows = await self.db.fetchall(f"SELECT * FROM announcements {where}", params)
        return [Announcement.model_validate(dict(row)) for row in rows]
