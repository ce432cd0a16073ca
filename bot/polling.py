"""Long polling that confirms an update to Telegram only after it has been handled.

PTB's own Updater asks for the next batch (which confirms the previous one) as soon as a batch
is queued, before it is handled; a kill -9 then loses every update still in the queue. Here the
offset moves past an update only once it has been processed and its conversation state saved,
so after a crash Telegram delivers the unhandled ones again. The update being handled at the
crash was already claimed in processed_updates, so it is the only one that can be lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import Application

from bot.outbox import retry_seconds

logger = logging.getLogger(__name__)

LONG_POLL_SECONDS = 10
MAX_BACKOFF_SECONDS = 30.0


class Poller:
    def __init__(self, application: Application) -> None:
        self.application = application
        self._task: asyncio.Task[None] | None = None
        self._offset: int | None = None

    async def start(self) -> None:
        # A webhook left over from an earlier run would make getUpdates fail with 409.
        await self.application.bot.delete_webhook(drop_pending_updates=False)
        self._task = asyncio.create_task(self._run(), name="poller")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        if self._offset is not None:
            # Confirm what was handled, so a clean restart does not see it again.
            try:
                await self.application.bot.get_updates(offset=self._offset, timeout=0, limit=1)
            except TelegramError as error:
                logger.warning("Could not confirm the last updates at stop: %s", error)

    async def _run(self) -> None:
        backoff = 1.0
        while True:
            try:
                updates = await self.application.bot.get_updates(
                    offset=self._offset,
                    timeout=timedelta(seconds=LONG_POLL_SECONDS),
                    allowed_updates=Update.ALL_TYPES,
                )
            except InvalidToken:
                logger.critical("Telegram refused the bot token; polling stops")
                raise
            except RetryAfter as error:
                await asyncio.sleep(retry_seconds(error))
                continue
            except (Conflict, NetworkError) as error:
                logger.warning("Polling failed (%s); trying again in %.0f s", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            backoff = 1.0
            for update in updates:
                await self.application.update_queue.put(update)
                # Handled one at a time (concurrent_updates is off): wait for this one.
                await self.application.update_queue.join()
                self._offset = update.update_id + 1
