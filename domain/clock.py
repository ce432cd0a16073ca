"""One injectable source of the current time, and the one format times are stored in."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock for unit tests: stands still until moved."""

    def __init__(self, start: datetime) -> None:
        self._now = start.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment.astimezone(UTC)


class FileClock:
    """Time read from a file, then running at normal speed from when the file was written.

    End-to-end tests run the bot as a real process; they move its time by writing an ISO
    instant into this file instead of sleeping until a reminder is due.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._cache: tuple[float, datetime] | None = None

    def now(self) -> datetime:
        try:
            mtime = os.stat(self.path).st_mtime
        except FileNotFoundError:
            return datetime.now(UTC)
        if self._cache is None or self._cache[0] != mtime:
            text = self.path.read_text(encoding="utf-8").strip()
            try:
                self._cache = (mtime, datetime.fromisoformat(text).astimezone(UTC))
            except ValueError:
                # Caught while another program wrote it (emptied, not yet filled): the time
                # read before stands, and the file is read again next time.
                if self._cache is None:
                    return datetime.now(UTC)
        written_at, base = self._cache
        elapsed = max(0.0, time.time() - written_at)
        return datetime.fromtimestamp(base.timestamp() + elapsed, UTC)


def write_clock_file(path: Path, moment: datetime) -> None:
    """Sets a FileClock's time. Written beside it and renamed into place, so the bot never reads
    a half-written file (it once read an empty one, and an outbox row failed)."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(moment.isoformat(), encoding="utf-8")
    os.replace(partial, path)


def to_db(moment: datetime) -> str:
    """The stored form: UTC, microseconds, 'Z' — sorts as text in time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime; use an aware one")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_db(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
