"""Key-value rows behind python-telegram-bot's persistence (JSON documents by kind and key)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from storage.db import Database, Write

# One row to write: (kind, key, JSON text), or (kind, key, None) to delete it.
Row = tuple[str, str, str | None]

_DELETE = "DELETE FROM ptb_persistence WHERE kind = ? AND key = ?"


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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

    async def load_many(self, wanted: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The stored JSON text of each (kind, key) that exists, in one query."""
        if not wanted:
            return {}
        pairs = " OR ".join("(kind = ? AND key = ?)" for _ in wanted)
        params = [part for pair in wanted for part in pair]
        rows = await self.db.lookup_all(
            f"SELECT kind, key, data FROM ptb_persistence WHERE {pairs}", params
        )
        return {(row["kind"], row["key"]): row["data"] for row in rows}

    @staticmethod
    def writes(rows: Iterable[Row]) -> list[Write]:
        """The upserts and deletes for rows, for a caller that commits them with more."""
        return [
            (_DELETE, (kind, key))
            if data is None
            else (
                "INSERT INTO ptb_persistence (kind, key, data) VALUES (?, ?, ?)"
                " ON CONFLICT (kind, key) DO UPDATE SET data = excluded.data",
                (kind, key, data),
            )
            for kind, key, data in rows
        ]

    async def write(self, rows: Iterable[Row]) -> None:
        """Upserts and deletes in one commit; joins the caller's transaction if one is open."""
        await self.db.commit_all(self.writes(rows))

    async def save(self, kind: str, key: str, value: Any) -> None:
        await self.write([(kind, key, to_json(value))])

    async def delete(self, kind: str, key: str) -> None:
        await self.db.execute(_DELETE, (kind, key))
