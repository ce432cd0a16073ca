"""The one sender that delivers the outbox to Telegram, at a steady pace, once per row.

Handlers and jobs only write rows (storage/outbox.py) and call wake(). This task sends them in
order of priority, BROADCAST_RATE per second at most; a 429 pauses everything for Telegram's
retry_after; a 403 marks the person unreachable; network errors retry with backoff.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, InputFile, InputMediaPhoto, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from domain.clock import Clock, from_db
from storage.models import OutboxMessage
from storage.outbox import OutboxRepository

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(minutes=10)
IDLE_WAIT = 30.0
# The rate limiter must not retry 429s itself: the sender pauses and requeues the row.
NO_RETRIES = 0  # seconds between looks when nothing is due and nobody woke us

Listener = Callable[[OutboxMessage, str], Awaitable[None]]


class OutboxSender:
    def __init__(
        self,
        bot: ExtBot[int],
        outbox: OutboxRepository,
        clock: Clock,
        rate_per_second: float,
        on_unreachable: Callable[[int], Awaitable[None]],
    ) -> None:
        self.bot = bot
        self.outbox = outbox
        self.clock = clock
        self.interval = 1.0 / rate_per_second
        self.on_unreachable = on_unreachable
        self._listeners: list[Listener] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._last_send = 0.0

    def add_listener(self, listener: Listener) -> None:
        """Called after each row is finished (status 'sent', 'blocked', 'failed')."""
        self._listeners.append(listener)

    async def start(self) -> None:
        uncertain = await self.outbox.recover_after_crash()
        if uncertain:
            logger.warning("Outbox rows %s were in flight at a crash; not resending", uncertain)
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake(self) -> None:
        """New rows were queued: look now instead of at the next timeout."""
        self._wake.set()

    async def _run(self) -> None:
        while True:
            try:
                sent_any = await self._send_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Outbox sender failed; trying again shortly")
                sent_any = False
                await asyncio.sleep(1.0)
            if not sent_any:
                await self._sleep_until_due()

    async def _sleep_until_due(self) -> None:
        wait = IDLE_WAIT
        next_due = await self.outbox.next_due_at()
        if next_due is not None:
            wait = min(wait, max(0.0, (from_db(next_due) - self.clock.now()).total_seconds()))
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=max(wait, 0.05))

    async def _send_due(self) -> bool:
        rows = await self.outbox.due(self.clock.now())
        for row in rows:
            await self._pace()
            await self.send_one(row)
        return bool(rows)

    async def _pace(self) -> None:
        loop = asyncio.get_running_loop()
        delay = self._last_send + self.interval - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        self._last_send = loop.time()

    async def send_one(self, row: OutboxMessage) -> None:
        if not await self.outbox.claim(row.id):
            return
        now = self.clock.now
        try:
            message_id = await deliver(self.bot, row)
        except RetryAfter as error:
            pause = retry_seconds(error)
            logger.warning("Telegram asked us to wait %.0f s (outbox row %s)", pause, row.id)
            await self.outbox.retry_later(
                row.id, now() + timedelta(seconds=pause), "429", count_attempt=False
            )
            await asyncio.sleep(pause)
            return
        except Forbidden as error:
            logger.info(
                "Chat %s is unreachable (%s); outbox row %s skipped", row.chat_id, error, row.id
            )
            await self.outbox.mark_blocked(row.id, str(error), now())
            await self.on_unreachable(row.chat_id)
            await self._tell(row, "blocked")
            return
        except BadRequest as error:
            status = "blocked" if "chat not found" in str(error).lower() else "failed"
            logger.error("Outbox row %s refused by Telegram: %s", row.id, error)
            if status == "blocked":
                await self.outbox.mark_blocked(row.id, str(error), now())
                await self.on_unreachable(row.chat_id)
            else:
                await self.outbox.mark_failed(row.id, str(error), now())
            await self._tell(row, status)
            return
        except (NetworkError, TelegramError) as error:
            await self._retry_or_fail(row, error)
            return
        await self.outbox.mark_sent(row.id, message_id, now())
        await self._tell(row, "sent")

    async def _retry_or_fail(self, row: OutboxMessage, error: Exception) -> None:
        attempts = row.attempts + 1
        if attempts >= MAX_ATTEMPTS:
            logger.error("Outbox row %s failed after %s attempts: %s", row.id, attempts, error)
            await self.outbox.mark_failed(row.id, str(error), self.clock.now())
            await self._tell(row, "failed")
            return
        backoff = min(timedelta(seconds=2**attempts), MAX_BACKOFF)
        logger.warning("Outbox row %s: %s; retrying in %s", row.id, error, backoff)
        await self.outbox.retry_later(row.id, self.clock.now() + backoff, str(error))

    async def _tell(self, row: OutboxMessage, status: str) -> None:
        for listener in self._listeners:
            try:
                await listener(row, status)
            except Exception:
                logger.exception("Outbox listener failed for row %s", row.id)


def retry_seconds(error: RetryAfter) -> float:
    """Telegram's retry_after, whether PTB gives it as seconds or as a timedelta."""
    value: object = error.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)  # type: ignore[arg-type]


async def deliver(bot: ExtBot[int], row: OutboxMessage) -> int | None:
    """Sends one row with the matching Bot method; returns Telegram's message id."""
    payload: dict[str, Any] = dict(row.payload)
    markup = payload.pop("reply_markup", None)
    reply_markup = InlineKeyboardMarkup.de_json(markup, bot) if markup else None
    result: Message | tuple[Message, ...]
    if row.method == "sendMessage":
        result = await bot.send_message(
            row.chat_id,
            payload["text"],
            parse_mode=payload.get("parse_mode"),
            reply_markup=reply_markup,
            rate_limit_args=NO_RETRIES,
        )
    elif row.method == "sendPhoto":
        result = await bot.send_photo(
            row.chat_id,
            payload["photo"],
            caption=payload.get("caption"),
            parse_mode=payload.get("parse_mode"),
            reply_markup=reply_markup,
            rate_limit_args=NO_RETRIES,
        )
    elif row.method == "sendMediaGroup":
        media = [
            InputMediaPhoto(
                item["media"], caption=item.get("caption"), parse_mode=item.get("parse_mode")
            )
            for item in payload["media"]
        ]
        result = await bot.send_media_group(row.chat_id, media, rate_limit_args=NO_RETRIES)
    elif row.method == "sendDocument":
        # A file the bot made (bytes in the row), or one a person sent, passed on by its id.
        document: InputFile | str = (
            payload["document"]
            if "document" in payload
            else InputFile(base64.b64decode(payload["data"]), filename=payload["filename"])
        )
        result = await bot.send_document(
            row.chat_id,
            document,
            caption=payload.get("caption"),
            parse_mode=payload.get("parse_mode"),
            reply_markup=reply_markup,
            rate_limit_args=NO_RETRIES,
        )
    else:
        raise BadRequest(f"unknown outbox method {row.method}")
    first = result[0] if isinstance(result, tuple) else result
    return first.message_id
