"""What the running process knows about itself for /status: when it started, when it last
handled an update, and how many errors it logged in the last 24 hours.

The error count is a logging handler on the root logger: every ERROR record anywhere (a
failed backup, an exception in a handler) counts, and nothing of the record is kept but its
time, so no personal data ends up here.
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import datetime, timedelta

from domain.clock import Clock

WINDOW = timedelta(hours=24)
KEEP = 10_000  # times kept at most; more errors than that in a day is "many" anyway


class ErrorCounter(logging.Handler):
    def __init__(self, clock: Clock) -> None:
        super().__init__(level=logging.ERROR)
        self.clock = clock
        self.times: deque[datetime] = deque(maxlen=KEEP)

    def emit(self, record: logging.LogRecord) -> None:
        self.times.append(self.clock.now())

    def in_last_day(self) -> int:
        since = self.clock.now() - WINDOW
        while self.times and self.times[0] < since:
            self.times.popleft()
        return len(self.times)


class Health:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.started_at = clock.now()
        self.last_update_at: datetime | None = None
        self.errors = ErrorCounter(clock)

    def update_handled(self) -> None:
        self.last_update_at = self.clock.now()

    def watch_logs(self) -> None:
        """Counts ERROR records from now on (once per process)."""
        root = logging.getLogger()
        if self.errors not in root.handlers:
            root.addHandler(self.errors)

    def stop_watching(self) -> None:
        logging.getLogger().removeHandler(self.errors)
