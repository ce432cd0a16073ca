"""Threads of »Write to us« and their messages (storage only; the rules are domain/inbox.py)."""

from __future__ import annotations

from datetime import datetime

from domain.clock import to_db
from domain.inbox import Incoming, Thread, ThreadMessage, ThreadRole, ThreadStatus
from storage.db import Database


class ThreadRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def get(self, thread_id: int) -> Thread | None:
        row = await self.db.fetchone("SELECT * FROM threads WHERE id = ?", (thread_id,))
        return Thread.model_validate(dict(row)) if row else None

    async def open_of(self, user_id: int) -> Thread | None:
        row = await self.db.fetchone(
            "SELECT * FROM threads WHERE user_id = ? AND status = ?",
            (user_id, ThreadStatus.OPEN),
        )
        return Thread.model_validate(dict(row)) if row else None

    async def open_for(self, user_id: int, name: str, role: ThreadRole, now: datetime) -> Thread:
        """The person's open thread, made when there is none."""
        async with self.db.transaction():
            thread = await self.open_of(user_id)
            if thread is not None:
                return thread
            thread_id = await self.db.insert(
                "INSERT INTO threads (user_id, name, role, status, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (user_id, name, role, ThreadStatus.OPEN, to_db(now)),
            )
            assert thread_id is not None
            found = await self.get(thread_id)
            assert found is not None
            return found

    async def add_message(
        self, thread: Thread, incoming: Incoming, author_id: int, from_board: bool, now: datetime
    ) -> ThreadMessage | None:
        """Stores one message; None when the same Telegram message was stored before."""
        async with self.db.transaction():
            message_id = await self.db.insert(
                "INSERT OR IGNORE INTO thread_messages (thread_id, from_board, author_id, kind,"
                " body, file_id, file_name, source_key, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    thread.id,
                    int(from_board),
                    author_id,
                    incoming.kind,
                    incoming.body,
                    incoming.file_id,
                    incoming.file_name,
                    incoming.source_key,
                    to_db(now),
                ),
            )
            if message_id is None:
                return None
            if from_board:
                await self.db.execute(
                    "UPDATE threads SET waiting_since = NULL WHERE id = ?", (thread.id,)
                )
            else:
                await self.db.execute(
                    "UPDATE threads SET waiting_since = COALESCE(waiting_since, ?) WHERE id = ?",
                    (to_db(now), thread.id),
                )
            row = await self.db.fetchone(
                "SELECT * FROM thread_messages WHERE id = ?", (message_id,)
            )
            assert row is not None
            return ThreadMessage.model_validate(dict(row))

    async def by_source(self, source_key: str) -> tuple[ThreadMessage, bool] | None:
        """The message stored from this Telegram message, and whether it opened its thread."""
        row = await self.db.fetchone(
            "SELECT m.*, m.id = (SELECT MIN(id) FROM thread_messages WHERE thread_id ="
            " m.thread_id) AS opened FROM thread_messages m WHERE source_key = ?",
            (source_key,),
        )
        if row is None:
            return None
        values = dict(row)
        opened = bool(values.pop("opened"))
        return ThreadMessage.model_validate(values), opened

    async def messages(self, thread_id: int, limit: int = 10) -> list[ThreadMessage]:
        """The newest messages, oldest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM (SELECT * FROM thread_messages WHERE thread_id = ?"
            " ORDER BY id DESC LIMIT ?) ORDER BY id",
            (thread_id, limit),
        )
        return [ThreadMessage.model_validate(dict(row)) for row in rows]

    async def open_threads(self, roles: frozenset[ThreadRole]) -> list[Thread]:
        """Open threads of these roles: those waiting for an answer first, the longest first."""
        if not roles:
            return []
        marks = ",".join("?" * len(roles))
        rows = await self.db.fetchall(
            f"SELECT * FROM threads WHERE status = ? AND role IN ({marks})"
            " ORDER BY waiting_since IS NULL, waiting_since, created_at",
            (ThreadStatus.OPEN, *sorted(roles)),
        )
        return [Thread.model_validate(dict(row)) for row in rows]

    async def close(self, thread_id: int, by: int, now: datetime) -> bool:
        changed = await self.db.execute(
            "UPDATE threads SET status = ?, closed_at = ?, closed_by = ?, waiting_since = NULL"
            " WHERE id = ? AND status = ?",
            (ThreadStatus.CLOSED, to_db(now), by, thread_id, ThreadStatus.OPEN),
        )
        return changed == 1

    async def message_ids_of(self, user_id: int) -> list[int]:
        """The ids of every message in the person's threads, both ways (their outbox keys)."""
        rows = await self.db.fetchall(
            "SELECT m.id FROM thread_messages m JOIN threads t ON t.id = m.thread_id"
            " WHERE t.user_id = ? ORDER BY m.id",
            (user_id,),
        )
        return [row["id"] for row in rows]

    async def erase_person(self, user_id: int) -> int:
        """Deletes every thread of the person, with its messages (erasure)."""
        return await self._delete("user_id = ?", (user_id,))

    async def forget_closed_before(self, cutoff: datetime) -> int:
        """Retention: closed threads go after RETENTION_DAYS."""
        return await self._delete(
            "status = ? AND closed_at < ?", (ThreadStatus.CLOSED, to_db(cutoff))
        )

    async def _delete(self, where: str, params: tuple[object, ...]) -> int:
        """The threads, their messages and the outbox rows that carried those messages both
        ways (keyed 'inbox:<message id>:<chat>'; they hold the text): the caller's transaction."""
        await self.db.execute(
            "DELETE FROM outbox WHERE dedup_key LIKE 'inbox:%' AND CAST(substr(dedup_key, 7,"
            " instr(substr(dedup_key, 7), ':') - 1) AS INTEGER) IN (SELECT m.id FROM"
            f" thread_messages m JOIN threads t ON t.id = m.thread_id WHERE t.{where})",
            params,
        )
        return await self.db.execute(f"DELETE FROM threads WHERE {where}", params)
