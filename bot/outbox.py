"""The one sender that delivers the outbox to Telegram: paced, several requests in flight, once
per row as far as Telegram allows.

Handlers and jobs only write rows (storage/outbox.py) and call wake(). The sender talks to
Telegram through a Bot of its own without PTB's rate limiter (outbox_bot()), so no library retry
ever happens behind its back; it paces itself (Pacing):
- at most BROADCAST_RATE messages a second in all (never above Telegram's 30), and while people
  are writing to the bot it leaves replies their share (REPLY_SHARE a second, or what they use,
  counted by ReplyLimiter, the application bot's limiter);
- at most 1 a second into one private chat, 20 a minute into one group;
- up to IN_FLIGHT requests at once, so network latency does not cut the rate. One chat has at
  most one request in flight, so its messages arrive in order.

Exactly once: a row is marked 'sending' right before its own request leaves (never while it
waits for its turn), so 'sending' spans the HTTP request alone. Telegram's answer decides:
- sent: 'sent' with Telegram's message id;
- 429 (retry_after): the row goes back to 'pending' for that long, without counting an attempt.
  A 429 in a group pauses that group (Telegram counts 20 a minute per group); a 429 in a private
  chat pauses the whole sender (it is the bot's overall flood limit);
- 403, or 400 "chat not found": 'blocked', and the person is marked unreachable;
- other 400s: 'failed' (retrying cannot help);
- no answer (a network error, a 5xx): retried with backoff, MAX_ATTEMPTS in all, then 'failed'.

The rule per kind, when we cannot know whether Telegram got a row (the process died while it
was 'sending', or the request left and its answer never came, e.g. a read timeout):
- a broadcast delivery (a row with a batch_id: an announcement, a drop-off notice, reminder or
  digest) becomes 'uncertain' and is never sent again: to thousands of people a repeat is noise
  and one lost copy of a general notice is cheap (the admin's report counts it);
- every other row (an admin card for a new offer or request, a waitlist promotion, a calendar
  file, a decision or question for one person) is sent again: a possible repeat is better than a
  card nobody sees or a volunteer who never hears they got the shift.

A row may also edit one of the bot's own messages (editMessageText, editMessageCaption, with
the message_id in its payload): /deletedata queues these for the admins' copies of the person's
details in the erasure's own transaction, so they are done after a crash too. Sending one again
is harmless: an edit that changes nothing counts as done. A row whose request was on the wire
while the erasure ran had no message id to blank: the erasure deleted it, so when its answer
comes the row is gone, and the message just sent is deleted in turn (a deleteMessages row;
one that finds the message gone counts as done).
"""

from __future__ import annotations

import asyncio
import base64
import bisect
import contextlib
import logging
import math
import time
from collections import deque
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any

import httpx
from telegram import InlineKeyboardMarkup, InputFile, InputMediaPhoto, Message
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import AIORateLimiter, ExtBot

from bot.crash_points import crash_point
from bot.event_wait import wait_at_most
from bot.http_clients import bot_api_request
from domain.clock import Clock, from_db
from storage.models import OutboxMessage
from storage.outbox import NewMessage, OutboxRepository, is_broadcast

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(minutes=10)
IDLE_WAIT = 30.0  # seconds between looks when nothing is due and nobody woke us
BATCH = 40  # rows read per look; a newly queued row is looked at before the batch is done

TELEGRAM_RATE = 30.0  # messages a second Telegram allows one bot in all
REPLY_SHARE = 5.0  # messages a second kept free for replies while people are writing
REPLIES_RECENT = 10.0  # seconds over which replies are counted to see if people are writing
WINDOW = 1.0  # Telegram's one-second window
JITTER_MARGIN = 1  # a window holds one message fewer of ours: requests reach Telegram unevenly
CATCH_UP = 0.2  # seconds of late starts the pacing makes up for
PRIVATE_GAP = 1.0  # seconds between two messages into one private chat
GROUP_MAX, GROUP_PERIOD = 20, 60.0  # messages into one group per period (seconds)
IN_FLIGHT = 8  # requests at once: 30/s at 100 ms latency needs 3

Listener = Callable[[OutboxMessage, str], Awaitable[None]]


class Pacing:
    """When the next message may leave, and into which chats it may go now."""

    def __init__(self, rate: float, now: Callable[[], float] = time.monotonic) -> None:
        self.rate = min(rate, TELEGRAM_RATE)
        self.now = now
        self.paused_until = 0.0
        self._starts: deque[float] = deque()  # our requests in the last WINDOW
        self._replies: deque[float] = deque()  # the application's requests, REPLIES_RECENT back
        self._next_slot = 0.0
        self._chat_free_at: dict[int, float] = {}  # private chats' next turn, and paused chats
        self._groups: dict[int, deque[float]] = {}  # each group's messages in the last period

    def note_reply(self) -> None:
        """The application bot sent something (a reply, an edit, an answer to a button)."""
        self._replies.append(self.now())

    def limit(self) -> float:
        """Messages a second the outbox may use now: BROADCAST_RATE, or while people are
        writing (a reply a second or more, on average, over REPLIES_RECENT) what is left of
        Telegram's 30 after REPLY_SHARE or the replies of the last second, if more."""
        now = self.now()
        _trim(self._replies, now - REPLIES_RECENT)
        if len(self._replies) < REPLIES_RECENT:
            return self.rate
        last_second = len(self._replies) - bisect.bisect_right(self._replies, now - WINDOW)
        replies = max(REPLY_SHARE, float(last_second))
        return max(1.0, min(self.rate, TELEGRAM_RATE - replies))

    def wait(self) -> float:
        """Seconds until the next message may leave (0: now)."""
        now = self.now()
        if now < self.paused_until:
            return self.paused_until - now
        _trim(self._starts, now - WINDOW)
        most = max(1, math.ceil(self.limit()) - JITTER_MARGIN)
        waits = [self._next_slot - now]
        if len(self._starts) >= most:
            waits.append(self._starts[len(self._starts) - most] + WINDOW - now)
        # Everything the bot sends (also the odd edit or reply) stays within Telegram's 30.
        replies = len(self._replies) - bisect.bisect_right(self._replies, now - WINDOW)
        if replies and len(self._starts) + replies >= TELEGRAM_RATE:
            waits.append(0.05)
        return max(0.0, *waits)

    def chat_wait(self, chat_id: int) -> float:
        """Seconds until this chat may get its next message."""
        now = self.now()
        wait = self._chat_free_at.get(chat_id, 0.0) - now
        sent = self._groups.get(chat_id)
        if sent is not None:
            _trim(sent, now - GROUP_PERIOD)
            if len(sent) >= GROUP_MAX:
                wait = max(wait, sent[0] + GROUP_PERIOD - now)
        return max(0.0, wait)

    def waiting_chats(self) -> set[int]:
        """The chats that may not get a message now (and forgets those that may again)."""
        now = self.now()
        for chat_id in [c for c, free in self._chat_free_at.items() if free <= now]:
            del self._chat_free_at[chat_id]
        for chat_id in [
            c for c, sent in self._groups.items() if not _trim(sent, now - GROUP_PERIOD)
        ]:
            del self._groups[chat_id]
        return {
            chat_id for chat_id in {*self._chat_free_at, *self._groups} if self.chat_wait(chat_id)
        }

    def next_chat_free_in(self) -> float | None:
        waits = [self.chat_wait(chat_id) for chat_id in {*self._chat_free_at, *self._groups}]
        waits = [wait for wait in waits if wait > 0]
        return min(waits) if waits else None

    def took(self, chat_id: int, weight: int = 1) -> None:
        """A request into this chat leaves now (weight: messages in it, for an album)."""
        now = self.now()
        self._starts.extend([now] * weight)
        gap = weight / self.limit()
        # Slots keep their own rhythm: a late start (the event loop, the database) is made up
        # for by the next ones, up to CATCH_UP; the window above still caps every second.
        self._next_slot = max(self._next_slot, now - CATCH_UP) + gap
        if chat_id < 0:
            self._groups.setdefault(chat_id, deque()).extend([now] * weight)
        else:
            self._chat_free_at[chat_id] = max(
                self._chat_free_at.get(chat_id, 0.0), now + PRIVATE_GAP
            )

    def pause_all(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.now() + seconds)

    def pause_chat(self, chat_id: int, seconds: float) -> None:
        until = self.now() + seconds
        self._chat_free_at[chat_id] = max(self._chat_free_at.get(chat_id, 0.0), until)


def _trim(times: deque[float], before: float) -> int:
    while times and times[0] <= before:
        times.popleft()
    return len(times)


class ReplyLimiter(AIORateLimiter):
    """PTB's limiter for the application bot (replies), which also tells the outbox's Pacing
    about every request into a chat, so a broadcast leaves replies their share."""

    __slots__ = ("pacing",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pacing: Pacing | None = None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if self.pacing is not None and data.get("chat_id") is not None:
            self.pacing.note_reply()
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


def share_with_replies(application_bot: ExtBot[Any], pacing: Pacing) -> None:
    """Lets the application bot's requests count against the outbox's pacing (its limiter is a
    ReplyLimiter, bot/application.py; without one, in the benchmarks, there is nothing to do)."""
    limiter = application_bot.rate_limiter
    if isinstance(limiter, ReplyLimiter):
        limiter.pacing = pacing


def outbox_bot(token: str, base_url: str, base_file_url: str) -> ExtBot[None]:
    """The outbox's own Bot: no rate limiter (so no retries but the sender's), a pool big enough
    for every request in flight."""
    return ExtBot(
        token,
        base_url=base_url,
        base_file_url=base_file_url,
        request=bot_api_request(IN_FLIGHT + 2),
        get_updates_request=bot_api_request(1),  # never polls; built anyway
    )


class OutboxSender:
    def __init__(
        self,
        bot: ExtBot[Any],
        outbox: OutboxRepository,
        clock: Clock,
        rate_per_second: float,
        on_unreachable: Callable[[int], Awaitable[None]],
        *,
        in_flight: int = IN_FLIGHT,
    ) -> None:
        self.bot = bot
        self.outbox = outbox
        self.clock = clock
        self.on_unreachable = on_unreachable
        self.pacing = Pacing(rate_per_second)
        self.rate_limited = 0  # 429s seen (each one paused a chat or the sender)
        self._listeners: list[Listener] = []
        self._wake = asyncio.Event()  # something changed: a row queued, a request finished
        self._queued = asyncio.Event()  # a row was queued: look again before the batch is done
        self._slots = asyncio.Semaphore(in_flight)
        self._busy_chats: set[int] = set()
        self._requests: set[asyncio.Task[None]] = set()
        self._task: asyncio.Task[None] | None = None

    def add_listener(self, listener: Listener) -> None:
        """Called after each row is finished (status 'sent', 'blocked', 'failed', 'uncertain')."""
        self._listeners.append(listener)

    async def start(self) -> None:
        resent, uncertain = await self.outbox.recover_after_crash()
        if resent:
            logger.warning("Outbox rows %s were in flight at a crash; sending them again", resent)
        if uncertain:
            logger.warning(
                "Outbox broadcast rows %s were in flight at a crash; not resending", uncertain
            )
        await self.bot.initialize()
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self, grace: float = 5.0) -> None:
        """Stops taking rows, lets the requests in flight finish (up to grace seconds)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._requests:
            _, late = await asyncio.wait(set(self._requests), timeout=grace)
            for request in late:
                request.cancel()
            if late:
                await asyncio.wait(late)
        await self.bot.shutdown()

    def wake(self) -> None:
        """New rows were queued: look now instead of at the next timeout."""
        self._queued.set()
        self._wake.set()

    async def _run(self) -> None:
        while True:
            try:
                started = await self._start_due()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("Outbox sender failed; trying again shortly")
                started = False
                await asyncio.sleep(1.0)
            if not started:
                await self._sleep_until_due()

    async def _sleep_until_due(self) -> None:
        wait = IDLE_WAIT
        next_due = await self.outbox.next_due_at()
        if next_due is not None:
            due_in = (from_db(next_due) - self.clock.now()).total_seconds()
            if due_in > 0:
                wait = min(wait, due_in)
            else:  # due rows wait for their chat, a pause, or a request in flight
                chat_free = self.pacing.next_chat_free_in()
                if chat_free is None and not self._busy_chats:
                    # The chat it skipped came free since it looked: look again now, not in
                    # IDLE_WAIT (a request in flight wakes us when it is done).
                    chat_free = 0.0
                wait = min(wait, chat_free if chat_free is not None else IDLE_WAIT)
                wait = min(wait, self.pacing.wait() or IDLE_WAIT)
        await wait_at_most(self._wake, max(wait, 0.01))

    async def _start_due(self) -> bool:
        """Starts a request for each due row whose chat may get one now; True if any started."""
        self._wake.clear()
        self._queued.clear()
        skip = self.pacing.waiting_chats() | self._busy_chats
        rows = await self.outbox.due(self.clock.now(), BATCH, skip)
        started = False
        for row in rows:
            if started and self._queued.is_set():
                break  # something new was queued: it may be more urgent than the rest
            if not self._free(row.chat_id):
                continue
            await self._slots.acquire()
            try:
                await self._turn()
                # The row is 'sending' from here: only its own request is left before the answer.
                claimed = self._free(row.chat_id) and await self.outbox.claim(row.id)
            except BaseException:
                self._slots.release()
                raise
            if not claimed:
                self._slots.release()
                continue
            # 'sending' on disk, the request not yet on the wire
            crash_point("broadcast.claimed" if is_broadcast(row) else "outbox.claimed")
            self.pacing.took(row.chat_id, _weight(row))
            self._busy_chats.add(row.chat_id)
            request = asyncio.create_task(self._send(row), name=f"outbox-row-{row.id}")
            self._requests.add(request)
            request.add_done_callback(self._requests.discard)
            started = True
        return started

    async def _turn(self) -> None:
        """Sleeps until the pacing lets the next message leave."""
        delay = self.pacing.wait()
        while delay > 0:
            await asyncio.sleep(delay)
            delay = self.pacing.wait()

    def _free(self, chat_id: int) -> bool:
        return chat_id not in self._busy_chats and self.pacing.chat_wait(chat_id) == 0

    async def _send(self, row: OutboxMessage) -> None:
        try:
            await self._deliver_and_record(row)
        except Exception:
            logger.exception("Outbox row %s: recording the outcome failed", row.id)
        finally:
            self._busy_chats.discard(row.chat_id)
            self._slots.release()
            self._wake.set()

    async def _deliver_and_record(self, row: OutboxMessage) -> None:
        now = self.clock.now
        try:
            message_id = await deliver(self.bot, row)
        except RetryAfter as error:
            pause = retry_seconds(error)
            self.rate_limited += 1
            if row.chat_id < 0:
                self.pacing.pause_chat(row.chat_id, pause)
            else:
                self.pacing.pause_all(pause)
            logger.warning("Telegram asked us to wait %.0f s (outbox row %s)", pause, row.id)
            await self.outbox.retry_later(
                row.id, now() + timedelta(seconds=pause), "429", count_attempt=False
            )
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
            if is_broadcast(row) and may_have_arrived(error):
                logger.warning("Outbox row %s: no answer (%s); not resending", row.id, error)
                await self.outbox.mark_uncertain(row.id, f"no answer: {error}", now())
                await self._tell(row, "uncertain")
                return
            await self._retry_or_fail(row, error)
            return
        # Telegram has it; the row still says 'sending'
        crash_point("broadcast.answered" if is_broadcast(row) else "outbox.answered")
        if not await self.outbox.mark_sent(row.id, message_id, now()):
            await self._take_back(row, message_id)
            return
        await self._tell(row, "sent")

    async def _take_back(self, row: OutboxMessage, message_id: int | None) -> None:
        """The row was deleted while its request was on the wire. Only forgetting deletes
        rows (/deletedata, the retention job), and it blanks the copies it can find by their
        message id, which this one did not have yet: so what was just sent is about someone
        who asked to be forgotten, and it is deleted in turn (queued like any message, once)."""
        if message_id is None or row.method not in SEND_METHODS:
            return  # an edit of a copy the erasure blanks itself; a deletion done
        count = len(row.payload["media"]) if row.method == "sendMediaGroup" else 1
        ids = list(range(message_id, message_id + count))  # an album's ids run on
        logger.info("Outbox row %s was forgotten while in flight; deleting %s", row.id, ids)
        key = f"forgotten:{row.chat_id}:{message_id}"
        payload: dict[str, Any] = {"message_ids": ids}
        taken_back = NewMessage(row.chat_id, "deleteMessages", payload, key, TAKE_BACK_PRIORITY)
        await self.outbox.add(taken_back, self.clock.now())
        self.wake()

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


def may_have_arrived(error: TelegramError) -> bool:
    """True when the request may have reached Telegram although no answer came back (a read
    timeout, a dropped connection); False when Telegram answered, or nothing left at all."""
    cause = error.__cause__
    if isinstance(cause, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return False
    if isinstance(error, TimedOut):
        return True
    return isinstance(cause, httpx.HTTPError)


def retry_seconds(error: RetryAfter) -> float:
    """Telegram's retry_after, whether PTB gives it as seconds or as a timedelta."""
    value: object = error.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value)  # type: ignore[arg-type]


def _weight(row: OutboxMessage) -> int:
    """Messages one request puts into the chat (an album counts each photo)."""
    if row.method == "sendMediaGroup":
        return max(1, len(row.payload.get("media", [])))
    return 1


EDIT_METHODS = frozenset({"editMessageText", "editMessageCaption"})
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendMediaGroup", "sendDocument"})
TAKE_BACK_PRIORITY = 20  # before anything else: the person's details are on show meanwhile


async def deliver(bot: ExtBot[Any], row: OutboxMessage) -> int | None:
    """Sends one row with the matching Bot method; returns Telegram's message id (for an edit,
    the edited message's)."""
    payload: dict[str, Any] = dict(row.payload)
    markup = payload.pop("reply_markup", None)
    reply_markup = InlineKeyboardMarkup.de_json(markup, bot) if markup else None
    if row.method in EDIT_METHODS:
        return await _edit(bot, row, payload, reply_markup)
    if row.method == "deleteMessages":
        await _delete(bot, row, payload["message_ids"])
        return None
    result: Message | tuple[Message, ...]
    if row.method == "sendMessage":
        result = await bot.send_message(
            row.chat_id,
            payload["text"],
            parse_mode=payload.get("parse_mode"),
            reply_markup=reply_markup,
        )
    elif row.method == "sendPhoto":
        result = await bot.send_photo(
            row.chat_id,
            payload["photo"],
            caption=payload.get("caption"),
            parse_mode=payload.get("parse_mode"),
            reply_markup=reply_markup,
        )
    elif row.method == "sendMediaGroup":
        media = [
            InputMediaPhoto(
                item["media"], caption=item.get("caption"), parse_mode=item.get("parse_mode")
            )
            for item in payload["media"]
        ]
        result = await bot.send_media_group(row.chat_id, media)
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
        )
    else:
        raise BadRequest(f"unknown outbox method {row.method}")
    first = result[0] if isinstance(result, tuple) else result
    return first.message_id


async def _delete(bot: ExtBot[Any], row: OutboxMessage, message_ids: list[int]) -> None:
    """Deletes the bot's own messages; ones already gone (deleted before a crash) are done."""
    try:
        await bot.delete_messages(row.chat_id, message_ids)
    except BadRequest as error:
        if "not found" not in str(error).lower():
            raise


async def _edit(
    bot: ExtBot[Any],
    row: OutboxMessage,
    payload: dict[str, Any],
    reply_markup: InlineKeyboardMarkup | None,
) -> int:
    """Edits one of the bot's own messages (e.g. an admin's copy of erased details). An edit
    that changes nothing (done before a crash, or the same text already) counts as done."""
    message_id = int(payload["message_id"])
    try:
        if row.method == "editMessageText":
            await bot.edit_message_text(
                payload["text"],
                chat_id=row.chat_id,
                message_id=message_id,
                parse_mode=payload.get("parse_mode"),
                reply_markup=reply_markup,
            )
        else:
            await bot.edit_message_caption(
                chat_id=row.chat_id,
                message_id=message_id,
                caption=payload["caption"],
                parse_mode=payload.get("parse_mode"),
                reply_markup=reply_markup,
            )
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
    return message_id
