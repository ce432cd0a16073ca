"""Update ids already handled: Telegram redelivers unconfirmed updates after a crash."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.clock import to_db
from storage.db import Database

# Telegram keeps an unconfirmed update for at most 24 hours; remembering a week is ample.
KEEP_FOR = timedelta(days=7)


class ProcessedUpdates:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def claim(self, update_id: int, now: datetime) -> bool:
        """True the first time an update id is seen; False for a redelivery.

        Claimed before handling (at most once): a crash half-way loses that one message, which
        the person simply sends again, rather than storing an offer twice.
        """
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO processed_updates (update_id, received_at) VALUES (?, ?)",
            (update_id, to_db(now)),
        )
        return bool(changed)

    async def forget_older_than(self, now: datetime) -> int:
        return await self.db.execute(
            "DELETE FROM processed_updates WHERE received_at < ?", (to_db(now - KEEP_FOR),)
        )
