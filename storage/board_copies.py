"""Where the bot showed one person's details straight to a board member (not through the
outbox, whose rows say so themselves): to blank them when the person asks to be forgotten."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from domain.clock import to_db
from storage.db import Database


class BoardCopyRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def record(
        self, chat_id: int, message_id: int, user_ids: Iterable[int], now: datetime
    ) -> None:
        """Remembers that the message shows these people's details."""
        async with self.db.transaction():
            for user_id in sorted(set(user_ids)):
                await self.db.execute(
                    "INSERT OR IGNORE INTO board_copies (chat_id, message_id, user_id, shown_at)"
                    " VALUES (?, ?, ?, ?)",
                    (chat_id, message_id, user_id, to_db(now)),
                )

    async def of_user(self, user_id: int) -> list[tuple[int, int]]:
        rows = await self.db.fetchall(
            "SELECT chat_id, message_id FROM board_copies WHERE user_id = ?"
            " ORDER BY chat_id, message_id",
            (user_id,),
        )
        return [(row["chat_id"], row["message_id"]) for row in rows]

    async def forget_user(self, user_id: int) -> int:
        return await self.db.execute("DELETE FROM board_copies WHERE user_id = ?", (user_id,))
