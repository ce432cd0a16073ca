"""Small writes that ride along with the update's own commit instead of a transaction each.

    if not defer_write("UPDATE users SET last_seen_at = ? WHERE id = ?", (stamp, user_id)):
        await db.execute(...)   # not inside an update: write at once

bot.application opens a list per update and runs it in the update's end transaction, next to
the conversation state, user_data and the "done" mark. Only for writes nothing later in the
same update reads back.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextvars import ContextVar
from typing import Any

from storage.db import Write

_pending: ContextVar[list[Write] | None] = ContextVar("hjaelpebot_update_writes", default=None)


def defer_write(sql: str, params: Sequence[Any]) -> bool:
    """Queues the write for the current update's commit; False when no update is open."""
    pending = _pending.get()
    if pending is None:
        return False
    pending.append((sql, params))
    return True


def open_update_writes() -> tuple[list[Write], Any]:
    writes: list[Write] = []
    return writes, _pending.set(writes)


def close_update_writes(token: Any) -> None:
    _pending.reset(token)


def in_update() -> bool:
    """True while an update is being handled (in its task)."""
    return _pending.get() is not None
