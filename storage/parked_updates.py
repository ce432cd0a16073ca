"""Updates confirmed to Telegram before they were handled (bot/polling.py parks them)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from domain.clock import to_db
from storage.db import Database, Write

_FORGET_DONE = (
    "DELETE FROM parked_updates WHERE update_id IN (SELECT update_id FROM processed_updates)"
)


class ParkedUpdates:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def park(self, updates: list[tuple[int, dict[str, Any]]]) -> None:
        """Keeps these raw updates, in one commit (the poller forgets each once it is done)."""
        now = to_db(datetime.now(UTC))
        await self.db.executemany(
            "INSERT OR IGNORE INTO parked_updates (update_id, data, parked_at) VALUES (?, ?, ?)",
            [(update_id, json.dumps(data), now) for update_id, data in updates],
        )

    async def unfinished(self) -> list[dict[str, Any]]:
        """The parked updates not handled to the end, oldest first (the done ones go)."""
        async with self.db.transaction():
            await self.db.execute(_FORGET_DONE)
            rows = await self.db.fetchall("SELECT data FROM parked_updates ORDER BY update_id")
        return [json.loads(row["data"]) for row in rows]

    @staticmethod
    def forget_write(update_id: int) -> Write:
        """Forgetting one, as a write for the update's own final commit (webhook mode)."""
        return ("DELETE FROM parked_updates WHERE update_id = ?", (update_id,))

    async def forget(self, update_ids: list[int]) -> None:
        """These parked updates are done: their raw text goes at once."""
        await self.db.executemany(
            "DELETE FROM parked_updates WHERE update_id = ?", [(uid,) for uid in update_ids]
        )

    async def count(self) -> int:
        return int(await self.db.fetchval("SELECT COUNT(*) FROM parked_updates"))
