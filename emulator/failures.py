"""Failure injection: Telegram's real failure modes on demand (429, 403, 5xx, slow answers)."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from dataclasses import dataclass

from emulator.models import ApiError

logger = logging.getLogger(__name__)

# Rules with method=None never match getUpdates: otherwise the bot's own polling would swallow
# a failure meant for the next send and the test would silently test nothing.
_NEVER_WILDCARD = frozenset({"getupdates"})
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}


def make_error(
    error_code: int, retry_after: int | None = None, description: str | None = None
) -> ApiError:
    """The error body Telegram sends for that code (429 carries parameters.retry_after)."""
    if error_code == 429:
        seconds = retry_after if retry_after is not None else 1
        return ApiError(
            429,
            description or f"Too Many Requests: retry after {seconds}",
            {"retry_after": seconds},
        )
    return ApiError(
        error_code, description or _DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
    )


def is_send_method(method: str) -> bool:
    """Methods that put a new message into a chat (what Telegram's flood limits count)."""
    name = method.lower()
    if name == "sendchataction":
        return False
    return name.startswith(("send", "forwardmessage", "copymessage"))


def _matches(rule_method: str | None, method: str) -> bool:
    name = method.lower()
    if rule_method is None:
        return name not in _NEVER_WILDCARD
    return rule_method == name


@dataclass
class _FailRule:
    method: str | None
    error_code: int
    retry_after: int | None
    description: str | None
    remaining: int
    chat_id: int | None


@dataclass
class _EveryRule:
    n: int
    method: str | None
    error_code: int
    retry_after: int | None
    seen: int = 0


@dataclass
class _DelayRule:
    method: str | None
    seconds: float
    remaining: int
    chat_id: int | None = None


class FailureInjector:
    def __init__(self) -> None:
        self._next: list[_FailRule] = []
        self._every: _EveryRule | None = None
        self._delays: list[_DelayRule] = []
        self._holds: list[tuple[str, int | None, asyncio.Event]] = []
        self.flood_limit_per_second: float | None = None
        self._send_times: deque[float] = deque()
        # Every call but getUpdates answers this much later, as over a real network (30-100 ms
        # to Telegram's servers): on loopback a bot that handles one update at a time looks fast.
        self.latency_seconds: float = 0.0

    def fail_next(
        self,
        method: str | None = None,
        *,
        error_code: int = 429,
        retry_after: int | None = None,
        description: str | None = None,
        count: int = 1,
        chat_id: int | None = None,
    ) -> None:
        rule = _FailRule(
            method.lower() if method else None,
            error_code,
            retry_after,
            description,
            count,
            chat_id,
        )
        self._next.append(rule)

    def fail_every(
        self,
        n: int,
        method: str | None = "sendMessage",
        error_code: int = 429,
        retry_after: int | None = 1,
    ) -> None:
        # One rule at a time keeps "fail_every(0) turns it off" true whatever method was used.
        if n <= 0:
            self._every = None
            return
        self._every = _EveryRule(n, method.lower() if method else None, error_code, retry_after)

    def delay_next(
        self, method: str | None, seconds: float, count: int = 1, chat_id: int | None = None
    ) -> None:
        rule = _DelayRule(method.lower() if method else None, seconds, count, chat_id)
        self._delays.append(rule)

    def hold_next(self, method: str, chat_id: int | None = None) -> asyncio.Event:
        """The next call of method (into chat_id, if given) takes effect at once, and its
        answer waits until the returned event is set: a request on the wire, for as long
        as a test needs."""
        released = asyncio.Event()
        self._holds.append((method.lower(), chat_id, released))
        return released

    def take_hold(self, method: str, chat_id: int | str | None) -> asyncio.Event | None:
        for hold in self._holds:
            name, wanted, released = hold
            if name == method.lower() and (wanted is None or str(wanted) == str(chat_id)):
                self._holds.remove(hold)
                return released
        return None

    def clear(self) -> None:
        self._holds.clear()
        self._next.clear()
        self._every = None
        self._delays.clear()
        self.flood_limit_per_second = None
        self._send_times.clear()
        self.latency_seconds = 0.0

    def check(self, method: str, chat_id: int | str | None) -> ApiError | None:
        """The injected error for this call, if any (consumes one use of the rule)."""
        for rule in self._next:
            if rule.remaining <= 0 or not _matches(rule.method, method):
                continue
            if rule.chat_id is not None and rule.chat_id != chat_id:
                continue
            rule.remaining -= 1
            self._next = [r for r in self._next if r.remaining > 0]
            logger.info("Injecting %s for %s (fail_next)", rule.error_code, method)
            return make_error(rule.error_code, rule.retry_after, rule.description)
        every = self._every
        if every is not None and _matches(every.method, method):
            every.seen += 1
            if every.seen % every.n == 0:
                logger.info(
                    "Injecting %s for %s (fail_every %s)", every.error_code, method, every.n
                )
                return make_error(every.error_code, every.retry_after)
        return None

    def check_flood(self, method: str, now: float, weight: int = 1) -> ApiError | None:
        """Rolling one-second window over accepted sends when flood_limit_per_second is set."""
        limit = self.flood_limit_per_second
        if limit is None or not is_send_method(method):
            return None
        while self._send_times and self._send_times[0] <= now - 1.0:
            self._send_times.popleft()
        if len(self._send_times) + weight > limit:
            logger.info("Flood limit %.1f/s exceeded by %s", limit, method)
            return make_error(429, 1)
        self._send_times.extend([now] * weight)
        return None

    def take_delay(self, method: str, chat_id: int | str | None = None) -> float:
        """How late this call is answered: its delay rule's seconds, or the network latency."""
        for rule in self._delays:
            if rule.remaining <= 0 or not _matches(rule.method, method):
                continue
            if rule.chat_id is None or str(rule.chat_id) == str(chat_id):
                rule.remaining -= 1
                self._delays = [r for r in self._delays if r.remaining > 0]
                return rule.seconds
        return 0.0 if method.lower() == "getupdates" else self.latency_seconds
