"""Waiting for an asyncio.Event, at most some seconds, in a task that can be stopped.

Python 3.11's asyncio.wait_for drops a cancellation that comes in the same moment as the thing
it waits for (it returns the result instead of raising CancelledError; fixed in 3.12). The
poller's and the outbox's loops wait on an event that is set all the time, so a stop that
cancelled them now and then went unnoticed: the task went on, and SIGTERM did not stop the bot
(tests/e2e/test_platform.py: a stop while replies are under way). asyncio.timeout knows its own
cancellation from anyone else's."""

from __future__ import annotations

import asyncio


async def wait_at_most(event: asyncio.Event, seconds: float) -> bool:
    """True when the event was set within seconds, False when the time ran out."""
    try:
        async with asyncio.timeout(seconds):
            await event.wait()
    except TimeoutError:
        return False
    return True
