"""The durable outbox: messages the bot sends on its own initiative, written before they are sent.

A row moves pending → sending → sent (or blocked / failed). 'sending' is committed right before
the request leaves (never while it waits for its turn), so after a crash the rows still 'sending'
are the few whose request was on the wire. What they get depends on their kind (is_broadcast):
a broadcast delivery becomes 'uncertain' and is never sent again; any other row (an admin card,
a waitlist promotion, a calendar file, a personal notice) is sent again, a possible repeat being
better than a lost notice. bot/outbox.py explains the rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.clock import to_db
from storage.db import Database
from storage.models import OutboxMessage


@dataclass(frozen=True)
class NewMessage:
    """One row to queue."""

    chat_id: int
    method: str
    payload: dict[str, Any]
    dedup_key: str | None = None
    priority: int = 0
    not_before: datetime | None = None
    batch_id: int | None = None


_INSERT = (
    "INSERT INTO outbox (chat_id, method, payload, dedup_key, batch_id, priority,"
    " not_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (dedup_key) DO NOTHING"
)


def is_broadcast(row: OutboxMessage) -> bool:
    """The kind that is never resent when in doubt: one delivery of a broadcast (an announcement,
    a drop-off notice, reminder or digest), which is every row with a batch_id."""
    return row.batch_id is not None


RESENT_AFTER_CRASH = "process stopped while sending; sent again"
UNCERTAIN_AFTER_CRASH = "process stopped while sending"


def _row(row: Any) -> OutboxMessage:
    data = dict(row)
    data["payload"] = json.loads(data["payload"])
    return OutboxMessage.model_validate(data)


class OutboxRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add(self, message: NewMessage, now: datetime) -> int | None:
        """Queues one message; None when a row with the same dedup_key exists already."""
        return await self.db.insert(_INSERT, self._values(message, now))

    async def add_many(self, messages: Iterable[NewMessage], now: datetime) -> int:
        """Queues many rows in one statement and transaction; returns how many were new."""
        async with self.db.transaction():
            cursor = await self.db.conn.executemany(
                _INSERT, [self._values(message, now) for message in messages]
            )
            added = cursor.rowcount
            await cursor.close()
        return max(added, 0)

    @staticmethod
    def _values(message: NewMessage, now: datetime) -> tuple[Any, ...]:
        payload = json.dumps(message.payload, ensure_ascii=False, separators=(",", ":"))
        return (
            message.chat_id,
            message.method,
            payload,
            message.dedup_key,
            message.batch_id,
            message.priority,
            to_db(message.not_before or now),
            to_db(now),
        )

    async def get(self, message_id: int) -> OutboxMessage | None:
        row = await self.db.fetchone("SELECT * FROM outbox WHERE id = ?", (message_id,))
        return None if row is None else _row(row)

    async def get_by_dedup_key(self, dedup_key: str) -> OutboxMessage | None:
        row = await self.db.fetchone("SELECT * FROM outbox WHERE dedup_key = ?", (dedup_key,))
        return None if row is None else _row(row)

    async def forget_chat(self, chat_id: int) -> int:
        """Erasure: drops every row to or about this person's private chat."""
        return await self.db.execute("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))

    async def sent_copies(
        self, patterns: Iterable[str], not_to: int
    ) -> list[tuple[int, int, str, str, tuple[int, ...]]]:
        """Messages the bot sent to others (the admins, coordinators) under dedup keys matching
        any of the GLOB patterns, e.g. 'request:H-1001:*': (chat id, message id, method,
        dedup key, the positions of an album's items that have a caption), to blank them when
        the person they are about asks to be forgotten."""
        globs = sorted(set(patterns))
        if not globs:
            return []
        rows = await self.db.fetchall(
            "SELECT chat_id, message_id, method, dedup_key,"
            " CASE WHEN method = 'sendMediaGroup' THEN (SELECT json_group_array(item.key)"
            " FROM json_each(outbox.payload, '$.media') AS item"
            " WHERE json_extract(item.value, '$.caption') IS NOT NULL) END AS captioned"
            " FROM outbox WHERE message_id IS NOT NULL AND chat_id != ? AND EXISTS"
            " (SELECT 1 FROM json_each(?) WHERE outbox.dedup_key GLOB value) ORDER BY id",
            (not_to, json.dumps(globs)),
        )
        return [
            (
                r["chat_id"],
                r["message_id"],
                r["method"],
                r["dedup_key"],
                tuple(json.loads(r["captioned"])) if r["captioned"] else (),
            )
            for r in rows
        ]

    async def due(
        self, now: datetime, limit: int = 50, skip_chats: Iterable[int] = ()
    ) -> list[OutboxMessage]:
        """Pending rows whose time has come, most urgent first, leaving out the chats that must
        wait (so one busy group never holds up everyone behind it)."""
        rows = await self.db.fetchall(
            "SELECT * FROM outbox WHERE status = 'pending' AND not_before <= ?"
            " AND chat_id NOT IN (SELECT value FROM json_each(?))"
            " ORDER BY priority DESC, not_before, id LIMIT ?",
            (to_db(now), json.dumps(sorted(set(skip_chats))), limit),
        )
        return [_row(row) for row in rows]

    async def next_due_at(self) -> str | None:
        """The earliest not_before of a pending row (stored form), to know how long to sleep."""
        value = await self.db.fetchval("SELECT MIN(not_before) FROM outbox WHERE status='pending'")
        return str(value) if value is not None else None

    async def claim(self, message_id: int) -> bool:
        """pending → sending, committed before the request leaves; False if someone else did."""
        changed = await self.db.execute(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1"
            " WHERE id = ? AND status = 'pending'",
            (message_id,),
        )
        return changed == 1

    async def mark_sent(
        self, message_id: int, telegram_message_id: int | None, now: datetime
    ) -> bool:
        """False if the row is gone: forgotten (erased) while its request was in flight."""
        return await self._finish(message_id, "sent", now, None, telegram_message_id)

    async def mark_blocked(self, message_id: int, error: str, now: datetime) -> None:
        await self._finish(message_id, "blocked", now, error, None)

    async def mark_failed(self, message_id: int, error: str, now: datetime) -> None:
        await self._finish(message_id, "failed", now, error, None)

    async def mark_uncertain(self, message_id: int, error: str, now: datetime) -> None:
        """Maybe delivered (the answer never came): a broadcast row is not sent again."""
        await self._finish(message_id, "uncertain", now, error, None)

    async def _finish(
        self, message_id: int, status: str, now: datetime, error: str | None, tg_id: int | None
    ) -> bool:
        changed = await self.db.execute(
            "UPDATE outbox SET status = ?, sent_at = ?, last_error = ?, message_id = ?"
            " WHERE id = ?",
            (status, to_db(now), error, tg_id, message_id),
        )
        return changed == 1

    async def retry_later(
        self, message_id: int, not_before: datetime, error: str, count_attempt: bool = True
    ) -> None:
        """sending → pending again (Telegram refused it without delivering, e.g. a 429)."""
        await self.db.execute(
            "UPDATE outbox SET status = 'pending', not_before = ?, last_error = ?,"
            " attempts = attempts - ? WHERE id = ?",
            (to_db(not_before), error, 0 if count_attempt else 1, message_id),
        )

    async def recover_after_crash(self) -> tuple[list[int], list[int]]:
        """Rows left 'sending' by a killed process, by kind: other rows go back to 'pending'
        (sent again), broadcast rows become 'uncertain' (never sent again). Returns both ids."""
        async with self.db.transaction():
            rows = await self.db.fetchall(
                "SELECT id, batch_id FROM outbox WHERE status = 'sending' ORDER BY id"
            )
            await self.db.execute(
                "UPDATE outbox SET status = 'pending', last_error = ?"
                " WHERE status = 'sending' AND batch_id IS NULL",
                (RESENT_AFTER_CRASH,),
            )
            await self.db.execute(
                "UPDATE outbox SET status = 'uncertain', last_error = ?"
                " WHERE status = 'sending' AND batch_id IS NOT NULL",
                (UNCERTAIN_AFTER_CRASH,),
            )
        resent = [row["id"] for row in rows if row["batch_id"] is None]
        uncertain = [row["id"] for row in rows if row["batch_id"] is not None]
        return resent, uncertain

    async def batch_counts(self, batch_id: int) -> dict[str, int]:
        rows = await self.db.fetchall(
            "SELECT status, COUNT(*) AS n FROM outbox WHERE batch_id = ? GROUP BY status",
            (batch_id,),
        )
        return {row["status"]: row["n"] for row in rows}

    async def count_by_status(self) -> dict[str, int]:
        rows = await self.db.fetchall("SELECT status, COUNT(*) AS n FROM outbox GROUP BY status")
        return {row["status"]: row["n"] for row in rows}
