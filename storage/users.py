"""People who have used the bot: their language and whether Telegram still lets us reach them."""

from __future__ import annotations

from datetime import datetime

from domain.clock import to_db
from storage.db import Database
from storage.models import Language, User


class UserRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, user_id: int) -> User | None:
        row = await self.db.lookup("SELECT * FROM users WHERE id = ?", (user_id,))
        return None if row is None else User.model_validate(dict(row))

    async def seen(self, user_id: int, default_language: Language, now: datetime) -> User:
        """Records that the person wrote to us (they are reachable again); creates them once."""
        stamp = to_db(now)
        row = await self.db.write_returning(
            "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET last_seen_at = excluded.last_seen_at,"
            " unreachable_at = NULL RETURNING *",
            (user_id, default_language, stamp, stamp),
        )
        assert row is not None
        return User.model_validate(dict(row))

    async def set_language(self, user_id: int, language: Language, chosen: bool = True) -> None:
        await self.db.execute(
            "UPDATE users SET language = ?, language_chosen = MAX(language_chosen, ?) WHERE id = ?",
            (language, int(chosen), user_id),
        )

    async def mark_unreachable(self, user_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE users SET unreachable_at = ? WHERE id = ? AND unreachable_at IS NULL",
            (to_db(now), user_id),
        )

    async def languages(self, user_ids: list[int]) -> dict[int, Language]:
        if not user_ids:
            return {}
        marks = ",".join("?" * len(user_ids))
        rows = await self.db.fetchall(
            f"SELECT id, language FROM users WHERE id IN ({marks})", user_ids
        )
        return {row["id"]: row["language"] for row in rows}
