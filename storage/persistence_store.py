"""Key-value rows behind python-telegram-bot's persistence (JSON documents by kind and key)."""

from __future__ import annotations

import json
from typing import Any

from storage.db import Database


class PersistenceStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def load_kind(self, kind: str) -> dict[str, Any]:
        rows = await self.db.fetchall(
            "SELECT key, data FROM ptb_persistence WHERE kind = ?", (kind,)
        )
        return {row["key"]: json.loads(row["data"]) for row in rows}

    async def load(self, kind: str, key: str) -> Any | None:
        data = await self.db.fetchval(
            "SELECT data FROM ptb_persistence WHERE kind = ? AND key = ?", (kind, key)
        )
        return None if data is None else json.loads(data)

    async def save(self, kind: str, key: str, value: Any) -> None:
        await self.db.execute(
            "INSERT INTO ptb_persistence (kind, key, data) VALUES (?, ?, ?)"
            " ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data",
            (kind, key, json.dumps(value, ensure_ascii=False, separators=(",", ":"))),
        )

    async def delete(self, kind: str, key: str) -> None:
        await self.db.execute("DELETE FROM ptb_persistence WHERE kind = ? AND key = ?", (kind, key))
