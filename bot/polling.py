"""Long polling that confirms an update to Telegram only once it, and all before it, are done.

PTB's own Updater asks for the next batch (which confirms the previous one) as soon as a batch
is queued, before it is handled; a kill -9 then loses every update still in the queue. Here the
updates of a batch run side by side (bot.update_order keeps each chat's in order), and the
offset sent to Telegram never passes an update that is still being handled: after a crash
Telegram delivers the unfinished ones again, and the ones already done are skipped (their
"done" mark is committed with their state, see bot.application).

The batch is read as plain JSON and parsed one update at a time, so an update the library cannot
parse (a field it requires is missing) is logged by id and kind only, skipped and confirmed,
instead of stopping the poller. Any other failure is retried with a backoff; polling never
stops for good, except for a refused token.

Telegram hands out at most BATCH updates from the offset on, so a slow update would hide every
update past the next hundred: on a busy day a press would wait there until Telegram no longer
takes its answer. When PARK_AT updates are taken but unconfirmed, the unfinished ones are
written to the database (storage/parked_updates.py) and then confirmed, and the poller reads
on. After a crash the parked ones not done are handled again, before anything new.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import warnings
from typing import Any, Protocol

from telegram import Update
from telegram.error import InvalidToken, RetryAfter, TelegramError
from telegram.ext import Application
from telegram.warnings import PTBUserWarning

from bot.event_wait import wait_at_most
from bot.outbox import retry_seconds

logger = logging.getLogger(__name__)
# PTB suggests get_updates instead of the raw request; see _fetch for why not.
warnings.filterwarnings("ignore", message=".*getUpdates.*", category=PTBUserWarning)

LONG_POLL_SECONDS = 10
MAX_BACKOFF_SECONDS = 30.0
BATCH = 100
# While an earlier update is unfinished, Telegram hands its batch back at once; wait this long
# (or until one finishes) before asking again.
BUSY_WAIT_SECONDS = 0.05
# Taken but unconfirmed updates at which the unfinished ones are parked in the database.
PARK_AT = BATCH // 2


class Parking(Protocol):
    async def park(self, updates: list[tuple[int, dict[str, Any]]]) -> None: ...
    async def unfinished(self) -> list[dict[str, Any]]: ...
    async def forget(self, update_ids: list[int]) -> None: ...


def parse_batch(bot: Any, raw: list[dict[str, Any]]) -> list[tuple[int, Update | None]]:
    """(update_id, Update) per raw update; None for one the library cannot parse (logged)."""
    parsed: list[tuple[int, Update | None]] = []
    for data in raw:
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int):
            logger.error("Skipping an update without an update_id")
            continue
        try:
            update = Update.de_json(data, bot)
        except Exception as error:  # any parse failure is the same poison
            kinds = sorted(key for key in data if key != "update_id")
            # Ids and field names only: the update's content may be personal.
            logger.error(
                "Skipping update %s (%s) that cannot be read: %s",
                update_id,
                ",".join(kinds) or "empty",
                type(error).__name__,
            )
            parsed.append((update_id, None))
            continue
        parsed.append((update_id, update))
    return parsed


class Poller:
    def __init__(
        self,
        application: Application,
        *,
        parking: Parking | None = None,
        max_in_flight: int = 1000,
    ) -> None:
        self.application = application
        self.parking = parking
        self.max_in_flight = max_in_flight
        # The raw update of each one taken and not parked (to park it if need be).
        self._raw: dict[int, dict[str, Any]] = {}
        # Taken updates confirmed to Telegram already: kept in the database until done.
        self._parked: set[int] = set()
        self._parked_done: list[int] = []
        self._task: asyncio.Task[None] | None = None
        self._offset: int | None = None
        # update_id -> its task, for updates taken but not finished (in arrival order)
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._highest_taken: int | None = None
        # Done, but not yet confirmed because an earlier one is still running.
        self._done_unconfirmed: set[int] = set()
        self._changed = asyncio.Event()

    @property
    def confirmed_offset(self) -> int | None:
        """The offset Telegram will be (or was) sent: every update below it is done."""
        return self._offset

    async def start(self) -> None:
        # A webhook left over from an earlier run would make getUpdates fail with 409.
        await self.application.bot.delete_webhook(drop_pending_updates=False)
        if self.parking is not None:
            # Parked before a crash and not done: handled first, in their order.
            for update_id, update in parse_batch(
                self.application.bot, await self.parking.unfinished()
            ):
                self._parked.add(update_id)
                self._start(update_id, update)
        self._task = asyncio.create_task(self._run(), name="poller")

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        if self._in_flight:
            await asyncio.wait(list(self._in_flight.values()), timeout=10)
        try:
            await self._forget_parked_done()
        except Exception as error:  # kept: the next start forgets them (they are marked done)
            logger.warning("Could not forget done parked updates at stop: %s", error)
        if self._offset is not None:
            # Confirm what was handled, so a clean restart does not see it again.
            try:
                await self._fetch(limit=1, wait=False)
            except TelegramError as error:
                logger.warning("Could not confirm the last updates at stop: %s", error)

    async def _fetch(self, *, limit: int = BATCH, wait: bool = True) -> list[dict[str, Any]]:
        """The raw batch (PTB's get_updates would parse it whole, and fail whole)."""
        timeout = LONG_POLL_SECONDS if wait and not self._in_flight else 0
        result = await self.application.bot.do_api_request(
            "getUpdates",
            api_kwargs={
                "offset": self._offset,
                "limit": limit,
                "timeout": timeout,
                "allowed_updates": list(Update.ALL_TYPES),
            },
            read_timeout=timeout + 10,
        )
        return list(result or [])

    async def _run(self) -> None:
        backoff = 1.0
        while True:
            asked = self._offset
            try:
                raw = await self._fetch()
            except InvalidToken:
                logger.critical("Telegram refused the bot token; polling stops")
                raise
            except RetryAfter as error:
                await asyncio.sleep(retry_seconds(error))
                continue
            except Exception as error:  # network, 409, 5xx, anything: try again
                logger.warning(
                    "Polling failed (%s: %s); trying again in %.0f s",
                    type(error).__name__,
                    error,
                    backoff,
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
                continue
            backoff = 1.0
            if asked is not None:
                # Telegram has now been told everything below `asked` is done; only ids from
                # there on can come back, so the ones below need no remembering.
                self._done_unconfirmed = {uid for uid in self._done_unconfirmed if uid >= asked}
            # While an early update runs, every batch repeats the ones after it: parsing those
            # again cost more CPU than handling them, so only new ids are parsed.
            untaken = self._untaken(raw)
            by_id = {data["update_id"]: data for data in untaken if isinstance(data, dict)}
            for update_id, update in parse_batch(self.application.bot, untaken):
                self._highest_taken = max(update_id, self._highest_taken or update_id)
                if self._start(update_id, update):
                    self._raw[update_id] = by_id[update_id]
            await self._park_if_clogged()
            self._advance()
            await self._pause_while_busy()

    async def _park_if_clogged(self) -> None:
        """Many taken but unconfirmed: the unfinished ones go to the database, so the offset may
        pass them and Telegram hands out what came after. Done parked ones are forgotten."""
        if self.parking is None:
            return
        try:
            await self._forget_parked_done()
            holding = [uid for uid in self._in_flight if uid not in self._parked]
            if len(holding) + len(self._done_unconfirmed) < PARK_AT:
                return
            rows = [(uid, self._raw[uid]) for uid in holding if uid in self._raw]
            await self.parking.park(rows)
        except Exception as error:  # the database: the offset simply stays where it was
            logger.warning("Could not park updates (%s: %s)", type(error).__name__, error)
            return
        for uid, _ in rows:
            self._raw.pop(uid, None)
            if uid in self._in_flight:
                self._parked.add(uid)
            else:  # finished while it was written
                self._parked_done.append(uid)
        logger.info("Parked %d unfinished updates to read on past them", len(rows))

    async def _forget_parked_done(self) -> None:
        """Parked updates handled since the last look: their raw text (a person's words) goes
        now, at the next parking or at stop (after a crash, at the next start)."""
        if self.parking is not None and self._parked_done:
            done = set(self._parked_done)
            await self.parking.forget(sorted(done))
            # Only once written: a forget cut off (the poller stopped mid-way) is done again.
            self._parked_done = [uid for uid in self._parked_done if uid not in done]

    async def _pause_while_busy(self) -> None:
        """While updates run, ask Telegram again only every BUSY_WAIT_SECONDS (or at once when
        the last one finished, to go back to long polling). Each ask hands back the batch from the
        lowest running update on; asking at every finished update cost a request per update."""
        loop = asyncio.get_running_loop()
        resume_at = loop.time() + BUSY_WAIT_SECONDS
        while self._in_flight:
            remaining = resume_at - loop.time()
            if remaining <= 0 and len(self._in_flight) < self.max_in_flight:
                return
            self._changed.clear()
            await wait_at_most(self._changed, max(remaining, BUSY_WAIT_SECONDS))

    def _untaken(self, raw: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The raw updates not taken from an earlier batch (running, or done but unconfirmed)."""
        return [
            data
            for data in raw
            if not (
                isinstance(data, dict)
                and (
                    data.get("update_id") in self._in_flight
                    or data.get("update_id") in self._done_unconfirmed
                )
            )
        ]

    def _start(self, update_id: int, update: Update | None) -> bool:
        if update is None:
            # Poison: nothing to do, confirmed with the next offset. Counted as done so that
            # the batches that repeat it while an earlier update runs do not log it again.
            self._done_unconfirmed.add(update_id)
            return False
        application = self.application
        task = asyncio.create_task(
            application.update_processor.process_update(update, application.process_update(update)),
            name=f"update:{update_id}",
        )
        self._in_flight[update_id] = task
        task.add_done_callback(functools.partial(self._finished, update_id))
        return True

    def _finished(self, update_id: int, task: asyncio.Task[None]) -> None:
        self._in_flight.pop(update_id, None)
        self._raw.pop(update_id, None)
        if update_id in self._parked:
            self._parked.discard(update_id)
            self._parked_done.append(update_id)
        self._done_unconfirmed.add(update_id)
        if not task.cancelled() and task.exception() is not None:
            logger.error("Update %s failed", update_id, exc_info=task.exception())
        self._advance()
        self._changed.set()

    def _advance(self) -> None:
        """The offset: the lowest update still running and not parked, or past the highest one
        taken. (_in_flight is in arrival order: parked ones first after a restart, then ids
        rising, so the first one not parked is the lowest.)"""
        holding = next((uid for uid in self._in_flight if uid not in self._parked), None)
        if holding is not None:
            self._offset = holding
        elif self._highest_taken is not None:
            self._offset = self._highest_taken + 1
