"""The outbox sender against the emulator: once per row, 429 pauses, 403 marks unreachable."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from telegram.ext import AIORateLimiter, ExtBot

from bot.outbox import OutboxSender
from domain.clock import SystemClock
from emulator import BotApiEmulator
from storage.db import Database
from storage.outbox import NewMessage, OutboxRepository
from storage.users import UserRepository

TOKEN = "123456789:TEST-token-for-the-local-emulator"


@dataclass
class World:
    emulator: BotApiEmulator
    db: Database
    outbox: OutboxRepository
    users: UserRepository
    sender: OutboxSender
    clock: SystemClock


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with BotApiEmulator(token=TOKEN) as emulator:
        db = Database(tmp_path / "t.sqlite3")
        await db.connect()
        bot = ExtBot(
            TOKEN,
            base_url=emulator.base_url,
            base_file_url=emulator.base_file_url,
            rate_limiter=AIORateLimiter(max_retries=0),
        )
        await bot.initialize()
        clock = SystemClock()
        users = UserRepository(db)

        async def unreachable(chat_id: int) -> None:
            await users.mark_unreachable(chat_id, clock.now())

        outbox = OutboxRepository(db)
        sender = OutboxSender(bot, outbox, clock, 25.0, on_unreachable=unreachable)
        yield World(emulator, db, outbox, users, sender, clock)
        await sender.stop()
        await bot.shutdown()
        await db.close()


def hello(chat_id: int, key: str | None = None) -> NewMessage:
    return NewMessage(chat_id, "sendMessage", {"text": f"Hej {chat_id}"}, dedup_key=key)


def sends_to(emulator: BotApiEmulator, chat_id: int) -> int:
    return sum(
        1
        for call in emulator.calls
        if call.method == "sendMessage"
        and call.ok
        and str(call.params.get("chat_id")) == str(chat_id)
    )


async def test_each_row_is_sent_once_and_a_blocked_user_is_marked(world: World):
    people = [world.emulator.user(3000 + i, first_name=f"P{i}") for i in range(5)]
    for person in people:
        await world.users.seen(person.id, "da", world.clock.now())
    world.emulator.block(3002)
    await world.outbox.add_many([hello(p.id) for p in people], world.clock.now())
    await world.sender.start()
    world.sender.wake()
    await world.emulator.wait_until(lambda: sum(len(p.messages) for p in people) == 4)
    counts = await _settled(world)
    assert counts == {"sent": 4, "blocked": 1}
    blocked = await world.users.get(3002)
    assert blocked is not None and blocked.unreachable_at is not None
    for person in people:
        assert sends_to(world.emulator, person.id) == (0 if person.id == 3002 else 1)


async def test_a_429_pauses_and_the_row_still_arrives_once(world: World):
    mette = world.emulator.user(3100, first_name="Mette")
    world.emulator.fail_next("sendMessage", error_code=429, retry_after=1)
    await world.outbox.add(hello(3100), world.clock.now())
    await world.sender.start()
    message = await mette.next_message(timeout=10)
    assert message.text == "Hej 3100"
    await mette.expect_no_message(within=0.3)
    assert await _settled(world) == {"sent": 1}


async def test_the_same_dedup_key_is_queued_once(world: World):
    first = await world.outbox.add(hello(1, key="offer:7:accepted"), world.clock.now())
    second = await world.outbox.add(hello(1, key="offer:7:accepted"), world.clock.now())
    assert first is not None and second is None


async def test_a_row_in_flight_at_a_crash_is_never_sent_again(world: World):
    mette = world.emulator.user(3200, first_name="Mette")
    row_id = await world.outbox.add(hello(3200), world.clock.now())
    assert row_id is not None and await world.outbox.claim(row_id)  # then the process "died"
    await world.sender.start()
    await mette.expect_no_message(within=0.5)
    row = await world.outbox.get(row_id)
    assert row is not None and row.status == "uncertain"


async def test_a_network_error_is_retried_with_backoff(world: World):
    mette = world.emulator.user(3300, first_name="Mette")
    world.emulator.fail_next("sendMessage", error_code=502, count=1)
    await world.outbox.add(hello(3300), world.clock.now())
    await world.sender.start()
    message = await mette.next_message(timeout=10)
    assert message.text == "Hej 3300"
    assert await _settled(world) == {"sent": 1}


async def _settled(world: World) -> dict[str, int]:
    """The outbox counts once nothing is pending or in flight (short polls, 10 s at most)."""
    for _ in range(200):
        counts = await world.outbox.count_by_status()
        if not counts.get("pending") and not counts.get("sending"):
            return counts
        await asyncio.sleep(0.05)
    return await world.outbox.count_by_status()
