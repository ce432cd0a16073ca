"""Update ids already handled: Telegram redelivers unconfirmed updates after a crash."""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.clock import to_db
from storage.db import Database, Write

# Telegram keeps an unconfirmed update for at most 24 hours; remembering a week is ample.
KEEP_FOR = timedelta(days=7)


class ProcessedUpdates:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def is_done(self, update_id: int) -> bool:
        """True when the update was handled to the end (a redelivery after a crash)."""
        found = await self.db.lookup_val(
            "SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)
        )
        return found is not None

    @staticmethod
    def done_write(update_id: int, now: datetime) -> Write:
        """The "done" mark, committed with the update's state (bot.application), so an update
        counts as handled exactly when what it changed is on disk; a crash before that commit
        means it is handled again when Telegram delivers it again (at least once)."""
        return (
            "INSERT OR IGNORE INTO processed_updates (update_id, received_at) VALUES (?, ?)",
            (update_id, to_db(now)),
        )

    async def mark_done(self, update_id: int, now: datetime) -> None:
        await self.db.commit_all([self.done_write(update_id, now)])

    async def forget_older_than(self, now: datetime) -> int:
        return await self.db.execute(
            "DELETE FROM processed_updates WHERE received_at < ?", (to_db(now - KEEP_FOR),)
        )
