"""The update queue: getUpdates long polling with offset confirmation, or webhook delivery."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import time
from collections.abc import Callable

import aiohttp

from emulator.models import ApiError, JSONDict

logger = logging.getLogger(__name__)

# What Telegram delivers when allowed_updates was never set (or set to []).
_NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
_TERMINATED = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


def update_type(update: JSONDict) -> str:
    return next((key for key in update if key != "update_id"), "")


class UpdateQueue:
    """Unconfirmed updates in update_id order. An update stays until getUpdates is called with a
    higher offset (or, with a webhook, until the webhook answered 2xx), as on Telegram."""

    def __init__(self, on_change: Callable[[], None]) -> None:
        self._on_change = on_change
        self._pending: list[JSONDict] = []
        # Redeliveries (deliver_again): returned by the next getUpdates whatever its offset.
        self._forced: list[JSONDict] = []
        self._next_id = 500_000_001
        self._arrived = asyncio.Event()
        self._poll_generation = 0
        self._closed = False
        self._polls_waiting = 0
        self.allowed_updates: list[str] = []
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.webhook_max_connections = 40
        self.webhook_max_attempts = 5
        self.webhook_retry_delay = 0.05
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self.delivered_by_webhook: list[JSONDict] = []
        self._webhook_task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    # Queue ----------------------------------------------------------------------------------

    def new_id(self) -> int:
        update_id = self._next_id
        self._next_id += 1
        return update_id

    def push(self, update: JSONDict) -> None:
        self._pending.append(update)
        self._wake()

    def redeliver(self, update: JSONDict) -> None:
        self._forced.append(copy.deepcopy(update))
        self._wake()

    def drop_pending(self) -> None:
        self._pending.clear()
        self._forced.clear()
        self._on_change()

    @property
    def pending_count(self) -> int:
        return len(self._pending) + len(self._forced)

    @property
    def polls_waiting(self) -> int:
        """Long polls held open with nothing to return: the bot is waiting for updates."""
        return self._polls_waiting

    def _wake(self) -> None:
        # A fresh Event per wake-up: every waiter that captured the old one is released once.
        self._arrived.set()
        self._arrived = asyncio.Event()
        self._on_change()

    def _is_allowed(self, update: JSONDict) -> bool:
        kind = update_type(update)
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in _NOT_BY_DEFAULT

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        before = len(self._pending)
        if offset < 0:
            # Negative offset: keep only the last -offset updates.
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        if len(self._pending) != before:
            self._on_change()

    def _take(self, limit: int) -> list[JSONDict]:
        # Telegram never generates updates of types the bot did not ask for.
        self._pending = [u for u in self._pending if self._is_allowed(u)]
        forced, self._forced = self._forced[:limit], self._forced[limit:]
        result = forced + self._pending[: max(0, limit - len(forced))]
        return [copy.deepcopy(u) for u in sorted(result, key=lambda u: u["update_id"])]

    # getUpdates -----------------------------------------------------------------------------

    async def get_updates(
        self,
        offset: int | None,
        limit: int | None,
        hold_for: float | None,
        allowed_updates: list[str] | None,
        client_gone: Callable[[], bool] = lambda: False,
    ) -> list[JSONDict]:
        """Long poll. A poll whose client hung up returns [] without taking anything, so a
        cancelled request (PTB's shutdown) neither swallows updates nor logs a 409."""
        if self.webhook_url:
            raise ApiError(409, _WEBHOOK_CONFLICT)
        if allowed_updates is not None:
            self.allowed_updates = list(allowed_updates)  # persists, as on Telegram
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake()  # an older long poll still waiting now ends with 409
        self._confirm(offset)
        count = min(max(limit or 100, 1), 100)
        deadline = time.monotonic() + max(hold_for or 0.0, 0.0)
        while True:
            arrived = self._arrived
            if client_gone():
                return []
            result = self._take(count)
            if result or self._closed:
                return result
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._polls_waiting += 1
            self._on_change()
            try:
                await asyncio.wait_for(arrived.wait(), remaining)
            except TimeoutError:
                return []
            finally:
                self._polls_waiting -= 1
            if generation != self._poll_generation:
                if await _hung_up(client_gone):
                    return []
                raise ApiError(409, _TERMINATED)
            if self.webhook_url:
                raise ApiError(409, _WEBHOOK_CONFLICT)

    # Webhook --------------------------------------------------------------------------------

    def set_webhook(
        self, url: str, secret: str | None, max_connections: int | None, drop: bool
    ) -> None:
        if drop:
            self.drop_pending()
        self.webhook_url = url
        self.webhook_secret = secret
        self.webhook_max_connections = max_connections or 40
        self.last_error_date = None
        self.last_error_message = None
        if url and (self._webhook_task is None or self._webhook_task.done()):
            self._webhook_task = asyncio.create_task(self._webhook_worker(), name="emu-webhook")
        self._wake()

    def delete_webhook(self, drop: bool) -> None:
        if drop:
            self.drop_pending()
        self.webhook_url = ""
        self.webhook_secret = None
        self._wake()

    def webhook_info(self) -> JSONDict:
        info: JSONDict = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": self.pending_count,
        }
        if self.webhook_url:
            info["max_connections"] = self.webhook_max_connections
            if self.allowed_updates:
                info["allowed_updates"] = list(self.allowed_updates)
        if self.last_error_date is not None:
            info["last_error_date"] = self.last_error_date
            info["last_error_message"] = self.last_error_message
        return info

    async def _webhook_worker(self) -> None:
        """Posts pending updates one at a time, in order, while a webhook is set."""
        while self.webhook_url and not self._closed:
            arrived = self._arrived
            batch = self._take(1)
            if not batch:
                await arrived.wait()
                continue
            update = batch[0]
            delivered = await self._post_with_retries(update)
            # Confirm it either way: after webhook_max_attempts the emulator gives up on it.
            self._pending = [u for u in self._pending if u["update_id"] != update["update_id"]]
            if delivered:
                self.delivered_by_webhook.append(update)
            self._on_change()

    async def _post_with_retries(self, update: JSONDict) -> bool:
        headers = {"Content-Type": "application/json"}
        if self.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        if self._session is None:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        for attempt in range(1, self.webhook_max_attempts + 1):
            url = self.webhook_url
            if not url or self._closed:
                return False
            try:
                async with self._session.post(url, json=update, headers=headers) as response:
                    await response.read()
                    if 200 <= response.status < 300:
                        return True
                    error = f"Wrong response from the webhook: {response.status} {response.reason}"
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                error = f"Connection failed: {exc!r}"
            self.last_error_date = int(time.time())
            self.last_error_message = error
            logger.warning(
                "Webhook delivery of update %s failed (attempt %s/%s): %s",
                update["update_id"],
                attempt,
                self.webhook_max_attempts,
                error,
            )
            await asyncio.sleep(self.webhook_retry_delay * 2 ** (attempt - 1))
        logger.error("Giving up on update %s for the webhook", update["update_id"])
        return False

    def reopen(self) -> None:
        self._closed = False

    async def close(self) -> None:
        self._closed = True
        self._wake()
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        if self._session is not None:
            await self._session.close()
            self._session = None


async def _hung_up(client_gone: Callable[[], bool], grace: float = 0.05) -> bool:
    """Whether the client is gone, allowing a moment for its disconnect to be noticed: PTB
    cancels a long poll and at once sends the next getUpdates on a new connection."""
    deadline = time.monotonic() + grace
    while not client_gone():
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.005)
    return True
