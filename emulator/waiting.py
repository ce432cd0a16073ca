"""Change notification: listeners, and waiting for a condition over the emulator's state."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from emulator.models import EmulatorEvent

logger = logging.getLogger(__name__)
T = TypeVar("T")
Listener = Callable[[EmulatorEvent], None]


class ChangeTracker:
    """Base of the emulator: every state change calls notify(), which wakes all waiters."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._changed = asyncio.Event()
        self._last_change = time.monotonic()

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by the bot (the emulator overrides this)."""
        return 0

    @property
    def bot_is_waiting(self) -> bool:
        """The bot has confirmed every update, has no request in flight and is long polling for
        more (the emulator overrides this)."""
        return self.pending_updates == 0

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, event: EmulatorEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:
                logger.exception("Emulator listener failed on %s", event.kind)
        self.notify()

    def notify(self) -> None:
        self._last_change = time.monotonic()
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for_value(self, check: Callable[[], T | None], within: float) -> T | None:
        """Re-runs check on every state change (and every 50 ms, for outside state) until it
        returns something other than None, or the timeout passes (then None)."""
        deadline = time.monotonic() + within
        while True:
            changed = self._changed
            value = check()
            if value is not None:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, 0.05))

    async def wait_until(
        self,
        predicate: Callable[[], bool],
        timeout: float = 5.0,
        message: str | None = None,
    ) -> None:
        if await self.wait_for_value(lambda: True if predicate() else None, timeout) is None:
            raise AssertionError(message or f"Condition not met within {timeout} s")

    async def wait_idle(self, quiet: float = 0.2, timeout: float = 5.0) -> bool:
        """Waits until all updates are fetched and nothing happened for ``quiet`` seconds.
        Returns False if that did not happen within ``timeout``."""
        deadline = time.monotonic() + timeout
        while True:
            now = time.monotonic()
            idle_for = now - self._last_change
            if self.pending_updates == 0 and idle_for >= quiet:
                return True
            if now >= deadline:
                return False
            await asyncio.sleep(min(max(quiet - idle_for, 0.01), deadline - now))

    async def wait_settled(self, quiet: float = 0.0, timeout: float = 10.0) -> bool:
        """Waits until the bot has handled everything it was sent (bot_is_waiting) and then
        nothing happened for ``quiet`` seconds; False if that did not happen within timeout.
        Unlike wait_idle this does not guess from silence, so it holds under CPU load for a
        bot that confirms an update only once it is handled (bot/polling.py)."""
        deadline = time.monotonic() + timeout
        while True:
            settled = await self.wait_for_value(
                lambda: True if self.bot_is_waiting else None, deadline - time.monotonic()
            )
            if settled is None:
                return False
            idle_for = time.monotonic() - self._last_change
            if idle_for >= quiet:
                return True
            await asyncio.sleep(quiet - idle_for)
