"""Named crash points: one line in the code where a test can make the process die at once.

    crash_point("offer.decided")

does nothing in production. When the environment names the point at start
(HJAELPEBOT_CRASH_AT=offer.decided, or offer.decided:3 for its third pass), the process exits
there with os._exit, as a kill -9 would: no finally blocks, no flush, no goodbye to Telegram.
The crash suites (tests/e2e/test_crash_points.py, test_crash_journeys.py) walk the journeys
with a crash at each point and check that nothing the person was told is saved is missing and
nothing is sent twice (SQLite's crash tests and FoundationDB's simulation tests are the
models).

Points every journey passes: update.before_commit (handled, its state not yet saved),
update.committed (saved, not yet confirmed to Telegram), action.committed (an action's writes
on disk, its reply not yet sent), outbox.claimed (a row 'sending', its request not yet on the
wire) and outbox.answered (Telegram has it, the row still 'sending'); for a broadcast's rows
these two are broadcast.claimed and broadcast.answered. Each action has its own,
inside its transaction (offer.sent, shift.taken, ...).

In-process tests arm a point with arm(name, raising=True): it then raises CrashPointReached,
so a test can show that an action's transaction leaves all of its writes or none.
"""

from __future__ import annotations

import logging
import os
import sys

logger = logging.getLogger(__name__)

ENVIRONMENT = "HJAELPEBOT_CRASH_AT"
EXIT_STATUS = 137  # what a shell reports for a process killed by SIGKILL


class CrashPointReached(RuntimeError):
    """Raised at an armed point in raising mode (in-process tests)."""


_armed: dict[str, int] = {}
_raising = False


def arm(name: str, *, nth: int = 1, raising: bool = False) -> None:
    """Makes the nth pass through the named point crash (exit, or raise in raising mode)."""
    global _raising
    _armed.clear()
    _armed[name] = nth
    _raising = raising


def disarm() -> None:
    global _raising
    _armed.clear()
    _raising = False


def arm_from_environment(environ: dict[str, str] | None = None) -> str | None:
    """Reads HJAELPEBOT_CRASH_AT once at start; returns the armed point's name, if any."""
    value = (environ if environ is not None else os.environ).get(ENVIRONMENT, "").strip()
    if not value:
        return None
    name, _, count = value.partition(":")
    arm(name, nth=int(count) if count.isdigit() and int(count) > 0 else 1)
    logger.warning("Crash point %s is armed (tests only)", value)
    return name


def crash_point(name: str) -> None:
    """Dies here if this point is armed and this is the pass it waits for."""
    if name not in _armed:
        return
    _armed[name] -= 1
    if _armed[name] > 0:
        return
    del _armed[name]
    if _raising:
        raise CrashPointReached(name)
    sys.stderr.write(f"crash point {name}: exiting\n")
    sys.stderr.flush()
    os._exit(EXIT_STATUS)
