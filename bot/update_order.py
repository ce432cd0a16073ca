"""Updates side by side, in order per chat: PTB's update processor, keyed by chat and person.

PTB's SimpleUpdateProcessor runs every update at once, so two messages of one person can race
(the second may see the state from before the first). Here each update waits for the earlier
updates that share its chat or its person, and otherwise runs beside the others; at most
`max_running` handlers run at a time. Waiting for a turn does not take one of those places,
so one busy chat never holds up anyone else.

Order comes from registration: do_process_update registers an update's keys before its first
await, and PTB (or bot.polling.Poller) starts the tasks in the order the updates arrived.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# PTB's own semaphore is only an outer bound; the real bound is max_running below.
OUTER_BOUND = 100_000


def order_keys(update: object) -> tuple[str, ...]:
    """The chat first, then the person: every update takes its keys in this order."""
    if not isinstance(update, Update):
        return ()
    keys = []
    if update.effective_chat is not None:
        keys.append(f"chat:{update.effective_chat.id}")
    if update.effective_user is not None:
        keys.append(f"user:{update.effective_user.id}")
    return tuple(keys)


class ChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(
        self, max_running: int, on_arrival: Callable[[object], None] | None = None
    ) -> None:
        super().__init__(OUTER_BOUND)
        self.max_running = max_running
        # Told of each update before it waits (bot.press_guard answers presses that wait long).
        self._on_arrival = on_arrival
        self._running = asyncio.BoundedSemaphore(max_running)
        # key -> the future of the last update registered with that key
        self._tails: dict[str, asyncio.Future[None]] = {}

    @property
    def waiting_keys(self) -> int:
        """How many chats and people have an update in flight (for tests: 0 when idle)."""
        return len(self._tails)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        keys = order_keys(update)
        if self._on_arrival is not None:
            self._on_arrival(update)
        mine: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        before = [self._tails[key] for key in keys if key in self._tails]
        for key in keys:
            self._tails[key] = mine
        try:
            for earlier in before:
                await asyncio.shield(earlier)
            async with self._running:
                await coroutine
        finally:
            mine.set_result(None)
            for key in keys:
                if self._tails.get(key) is mine:
                    del self._tails[key]
            if hasattr(coroutine, "close"):
                coroutine.close()  # cancelled before its turn: no "never awaited" warning

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: the tasks are PTB's (or the poller's) and they end on their own."""
