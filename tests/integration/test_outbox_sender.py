"""The outbox sender against the emulator: once per row, 429 pauses, 403 marks unreachable,
several requests in flight, and per kind what a row in flight at a crash gets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.outbox import OutboxSender, outbox_bot
from bot.runner import running_bot
from bot.settings import Settings
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
        bot = outbox_bot(TOKEN, emulator.base_url, emulator.base_file_url)
        clock = SystemClock()
        users = UserRepository(db)

        async def unreachable(chat_id: int) -> None:
            await users.mark_unreachable(chat_id, clock.now())

        outbox = OutboxRepository(db)
        sender = OutboxSender(bot, outbox, clock, 25.0, on_unreachable=unreachable)
        yield World(emulator, db, outbox, users, sender, clock)
        await sender.stop()
        await db.close()


def hello(chat_id: int, key: str | None = None, batch_id: int | None = None) -> NewMessage:
    return NewMessage(
        chat_id, "sendMessage", {"text": f"Hej {chat_id}"}, dedup_key=key, batch_id=batch_id
    )


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


async def test_a_broadcast_row_in_flight_at_a_crash_is_never_sent_again(world: World):
    mette = world.emulator.user(3200, first_name="Mette")
    row_id = await world.outbox.add(hello(3200, batch_id=1), world.clock.now())
    assert row_id is not None and await world.outbox.claim(row_id)  # then the process "died"
    await world.sender.start()
    await mette.expect_no_message(within=0.5)
    row = await world.outbox.get(row_id)
    assert row is not None and row.status == "uncertain"


async def test_any_other_row_in_flight_at_a_crash_is_sent_again(world: World):
    mette = world.emulator.user(3250, first_name="Mette")
    row_id = await world.outbox.add(hello(3250, key="offer:1:card:9001"), world.clock.now())
    assert row_id is not None and await world.outbox.claim(row_id)  # then the process "died"
    await world.sender.start()
    message = await mette.next_message(timeout=10)
    assert message.text == "Hej 3250"
    assert await _settled(world) == {"sent": 1}
    assert sends_to(world.emulator, 3250) == 1


async def test_several_requests_are_in_flight_at_once(world: World):
    people = [world.emulator.user(3400 + i, first_name=f"P{i}") for i in range(4)]
    world.emulator.delay_next("sendMessage", 2.0)  # the first answer is slow to come back
    await world.outbox.add_many([hello(p.id) for p in people], world.clock.now())
    await world.sender.start()
    await world.emulator.wait_until(lambda: all(p.messages for p in people), timeout=10)
    assert await _settled(world) == {"sent": 4}
    calls = world.emulator.calls_to("sendMessage")
    slow = max(calls, key=lambda call: call.duration)
    # The others were asked for while the slow request still waited for its answer.
    assert all(c.monotonic < slow.monotonic + slow.duration for c in calls if c is not slow)


async def test_rows_into_one_private_chat_wait_their_turn_and_keep_their_order(world: World):
    mette = world.emulator.user(3500, first_name="Mette")
    rows = [
        NewMessage(3500, "sendMessage", {"text": f"Besked {n}"}, dedup_key=f"m:{n}")
        for n in range(3)
    ]
    await world.outbox.add_many(rows, world.clock.now())
    await world.sender.start()
    await world.emulator.wait_until(lambda: len(mette.messages) == 3, timeout=10)
    assert [m.text for m in mette.messages] == ["Besked 0", "Besked 1", "Besked 2"]


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


async def test_the_running_bot_sends_the_outbox_without_the_limiters_retries(tmp_path: Path):
    """Through the production wiring (bot.runner.running_bot): a 429 reaches the sender itself,
    which pauses and requeues the row, instead of PTB's limiter retrying while the row waits."""
    async with BotApiEmulator(token=TOKEN) as emulator:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None,
            bot_token=TOKEN,
            bot_api_base_url=emulator.base_url,
            bot_api_base_file_url=emulator.base_file_url,
            database_path=tmp_path / "bot.sqlite3",
            organisation_file=Path(__file__).resolve().parents[2] / "organisation.toml",
            admin_ids=[9001],
        )
        mette = emulator.user(3600, first_name="Mette")
        async with running_bot(settings) as services:
            sender = services.sender
            assert sender is not None and sender.bot.rate_limiter is None
            emulator.fail_next("sendMessage", error_code=429, retry_after=1, chat_id=3600)
            await services.notifier.send(3600, "Hej Mette", dedup_key="hello:3600")
            message = await mette.next_message(timeout=10)
            assert message.text == "Hej Mette"
            assert sender.rate_limited == 1
            refused = [c for c in emulator.calls_to("sendMessage") if c.error_code == 429]
            assert len(refused) == 1 and sends_to(emulator, 3600) == 1


async def test_an_edit_row_changes_the_bots_own_message_once_and_keeps_sends_working(
    world: World,
):
    mette = world.emulator.user(3500, first_name="Mette")
    await world.outbox.add(hello(3500, key="card:1"), world.clock.now())
    await world.sender.start()
    card = await mette.next_message(timeout=10)
    assert await _settled(world) == {"sent": 1}
    sent = await world.outbox.get_by_dedup_key("card:1")
    assert sent is not None and sent.message_id == card.message_id
    edit = NewMessage(
        3500, "editMessageText", {"message_id": card.message_id, "text": "[slettet]"}, "erase:1"
    )
    again = NewMessage(  # the same edit once more (after a crash): changes nothing, counts done
        3500, "editMessageText", {"message_id": card.message_id, "text": "[slettet]"}, "erase:2"
    )
    await world.outbox.add_many([edit, again], world.clock.now())
    world.sender.wake()
    await world.emulator.wait_until(lambda: card.text == "[slettet]", timeout=10)
    assert await _settled(world) == {"sent": 3}
    assert len(mette.messages) == 1  # edited in place, nothing new in the chat
    edited = await world.outbox.get_by_dedup_key("erase:1")
    assert edited is not None and edited.message_id == card.message_id


async def test_a_caption_edit_row_changes_a_photos_caption(world: World):
    mette = world.emulator.user(3510, first_name="Mette")
    photo = NewMessage(
        3510, "sendPhoto", {"photo": "https://example.org/jakke.jpg", "caption": "Maja"}, "p:1"
    )
    await world.outbox.add(photo, world.clock.now())
    await world.sender.start()
    shown = await mette.next_message(timeout=10)
    assert await _settled(world) == {"sent": 1}
    edit = NewMessage(
        3510, "editMessageCaption", {"message_id": shown.message_id, "caption": "[slettet]"}, "e:1"
    )
    await world.outbox.add(edit, world.clock.now())
    world.sender.wake()
    await world.emulator.wait_until(lambda: "[slettet]" in shown.plain_text, timeout=10)
    assert await _settled(world) == {"sent": 2}
