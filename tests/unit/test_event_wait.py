"""A stop that comes in the same moment as the event a loop waits for still stops it."""

from __future__ import annotations

import asyncio

import pytest

from bot.event_wait import wait_at_most


async def test_a_cancel_right_after_the_event_is_set_is_not_lost():
    event = asyncio.Event()
    task = asyncio.create_task(wait_at_most(event, 10))
    await asyncio.sleep(0)  # it waits now
    event.set()
    task.cancel()  # Python 3.11's wait_for returned normally here, and the loop went on
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_it_tells_a_set_event_from_time_running_out():
    event = asyncio.Event()
    assert await wait_at_most(event, 0.01) is False
    event.set()
    assert await wait_at_most(event, 10) is True
