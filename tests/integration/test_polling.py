"""The poller and the chat-ordered processor, with a real PTB Application and the emulator:
chats side by side, one chat in order, the offset never past an unfinished update, and an
update the library cannot parse skipped and confirmed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, TypeHandler

from bot.polling import PARK_AT, Parking, Poller
from bot.update_order import ChatOrderedProcessor
from emulator import BotApiEmulator
from storage.db import Database
from storage.parked_updates import ParkedUpdates
from storage.updates import ProcessedUpdates


@pytest.fixture(autouse=True)
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


Callback = Callable[[Update, Any], Any]


@asynccontextmanager
async def polling(
    emu: BotApiEmulator, callback: Callback, running: int = 8, parking: Parking | None = None
) -> AsyncIterator[tuple[Application[Any, Any, Any, Any, Any, Any], Poller]]:
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .concurrent_updates(ChatOrderedProcessor(running))
        .updater(None)
        .build()
    )
    app.add_handler(TypeHandler(Update, callback))
    async with app:
        await app.start()
        poller = Poller(app, parking=parking)
        await poller.start()
        try:
            yield app, poller
        finally:
            await poller.stop()
            await app.stop()


async def until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "timed out waiting"
        await asyncio.sleep(0.01)


def text_of(update: Update) -> str:
    assert update.effective_message is not None
    return update.effective_message.text or ""


async def test_one_chat_in_order_while_other_chats_run_beside_it(emu: BotApiEmulator):
    release = asyncio.Event()
    done: list[str] = []

    async def handle(update: Update, _: Any) -> None:
        text = text_of(update)
        if text == "anna 1":
            await release.wait()  # Anna's first message is slow
        done.append(text)

    anna, bo = emu.user(1, "Anna"), emu.user(2, "Bo")
    async with polling(emu, handle):
        await anna.send("anna 1")
        await anna.send("anna 2")
        for n in range(1, 4):
            await bo.send(f"bo {n}")
        await until(lambda: len(done) == 3)
        # Bo was served while Anna's first update ran; Anna's second waits for her first.
        assert done == ["bo 1", "bo 2", "bo 3"]
        release.set()
        await until(lambda: len(done) == 5)
        assert done[3:] == ["anna 1", "anna 2"]
        await until(lambda: emu.pending_updates == 0)
        await asyncio.sleep(0.1)
        assert len(done) == 5  # each once


async def test_one_person_in_a_group_and_in_private_stays_in_order(emu: BotApiEmulator):
    """Anna's message in the group is slow: her private message after it waits for it (one
    person's updates keep their order across chats), Bo's message in the same group waits too
    (one chat's order), and Carl, elsewhere, is served meanwhile."""
    release = asyncio.Event()
    done: list[str] = []

    async def handle(update: Update, _: Any) -> None:
        text = text_of(update)
        if text == "anna in the group":
            await release.wait()
        done.append(text)

    anna, bo, carl = emu.user(1, "Anna"), emu.user(2, "Bo"), emu.user(3, "Carl")
    group = emu.group(-100123, "Genbrug Herning")
    async with polling(emu, handle):
        await group.send(anna, "anna in the group")
        await anna.send("anna in private")
        await group.send(bo, "bo in the group")
        await carl.send("carl in private")
        await until(lambda: done == ["carl in private"])
        release.set()
        await until(lambda: len(done) == 4)
        assert done[1] == "anna in the group"
        assert set(done[2:]) == {"anna in private", "bo in the group"}


async def test_the_offset_stops_at_the_first_unfinished_update(emu: BotApiEmulator):
    release = asyncio.Event()
    finished: list[str] = []

    async def handle(update: Update, _: Any) -> None:
        if text_of(update) == "slow":
            await release.wait()
        finished.append(text_of(update))

    anna, bo = emu.user(1, "Anna"), emu.user(2, "Bo")
    async with polling(emu, handle) as (_, poller):
        slow = await anna.send("slow")
        await bo.send("fast 1")
        fast = await bo.send("fast 2")
        await until(lambda: finished == ["fast 1", "fast 2"])
        await asyncio.sleep(0.2)  # several polls while the slow one runs
        assert poller.confirmed_offset == slow["update_id"]
        assert emu.pending_updates == 3  # Telegram would deliver all three again after a crash
        release.set()
        await until(lambda: emu.pending_updates == 0)
        assert poller.confirmed_offset == fast["update_id"] + 1
        assert finished == ["fast 1", "fast 2", "slow"]  # each handled once


async def test_at_most_the_bound_run_at_once(emu: BotApiEmulator):
    running = 0
    most = 0

    async def handle(update: Update, _: Any) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.05)
        running -= 1

    async with polling(emu, handle, running=3):
        for n in range(12):
            await emu.user(100 + n, f"P{n}").send("hej")
        await until(lambda: emu.pending_updates == 0)
    assert most == 3


async def test_an_update_that_cannot_be_parsed_is_skipped_and_confirmed(
    emu: BotApiEmulator, caplog: pytest.LogCaptureFixture
):
    seen: list[str] = []

    async def handle(update: Update, _: Any) -> None:
        seen.append(text_of(update))

    caplog.set_level(logging.INFO)
    anna = emu.user(1, "Anna Secret-Surname")
    async with polling(emu, handle):
        # A poll_answer without option_ids, which PTB 22.8 requires.
        poison = emu.enqueue(
            "poll_answer", {"poll_id": "p1", "user": anna.json, "text": "private words"}
        )
        await anna.send("after the poison")
        await until(lambda: seen == ["after the poison"])
        await until(lambda: emu.pending_updates == 0)
    lines = [record.getMessage() for record in caplog.records if "cannot be read" in record.message]
    assert lines == [
        f"Skipping update {poison['update_id']} (poll_answer) that cannot be read: TypeError"
    ]
    assert "Secret-Surname" not in caplog.text and "private words" not in caplog.text


async def test_an_unreadable_update_is_logged_once_while_an_earlier_one_runs(
    emu: BotApiEmulator, caplog: pytest.LogCaptureFixture
):
    """While an earlier update runs, every batch hands the poison back: it is skipped once, not
    logged at every poll (five errors a day set off the owners' alert)."""
    release = asyncio.Event()
    seen: list[str] = []

    async def handle(update: Update, _: Any) -> None:
        if text_of(update) == "slow":
            await release.wait()
        seen.append(text_of(update))

    caplog.set_level(logging.INFO)
    anna, bo = emu.user(1, "Anna"), emu.user(2, "Bo")
    async with polling(emu, handle):
        await anna.send("slow")
        emu.enqueue("poll_answer", {"poll_id": "p1", "user": bo.json})
        await bo.send("after")
        await until(lambda: seen == ["after"])
        asked = len(emu.calls_to("getUpdates"))
        await until(lambda: len(emu.calls_to("getUpdates")) >= asked + 3)  # the poison again
        release.set()
        await until(lambda: emu.pending_updates == 0)
    lines = [record.getMessage() for record in caplog.records if "cannot be read" in record.message]
    assert len(lines) == 1


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "t.sqlite3")
    await database.connect()
    yield database
    await database.close()


async def test_updates_past_the_first_hundred_run_while_a_slow_one_waits(
    emu: BotApiEmulator, db: Database
):
    """Telegram hands out 100 updates from the offset: the unfinished ones are parked in the
    database and confirmed, so the 150 after a slow update still run."""
    release = asyncio.Event()
    done: list[str] = []

    async def handle(update: Update, _: Any) -> None:
        if text_of(update) == "slow":
            await release.wait()
        done.append(text_of(update))

    parked = ParkedUpdates(db)
    async with polling(emu, handle, running=200, parking=parked) as (_, poller):
        slow = await emu.user(1, "Anna").send("slow")
        for n in range(150):
            await emu.user(100 + n, f"P{n}").send(f"hej {n}")
        await until(lambda: len(done) == 150)
        kept = await parked.count()
        while kept > 1:  # the done ones go at the next look, every 50 ms while busy
            await asyncio.sleep(0.01)
            kept = await parked.count()
        assert kept == 1  # only the slow one is still kept
        assert poller.confirmed_offset is not None
        assert poller.confirmed_offset > slow["update_id"]  # confirmed: it is in the database
        release.set()
        await until(lambda: len(done) == 151)
        await until(lambda: emu.pending_updates == 0)
    assert await parked.count() <= 1  # forgotten by the next parking or start at the latest


async def test_parked_updates_not_done_at_a_crash_run_first_after_it(
    emu: BotApiEmulator, db: Database
):
    never = asyncio.Event()
    first_run: list[str] = []
    processed = ProcessedUpdates(db)

    async def stuck(update: Update, _: Any) -> None:
        if text_of(update).startswith("stuck"):
            await never.wait()  # the process dies before these finish
        await processed.mark_done(update.update_id, datetime.now(UTC))
        # Counted once its done-mark is written: one cut off before that runs again after
        # the crash, as it should (the wait below must not call it done too early).
        first_run.append(text_of(update))

    parked = ParkedUpdates(db)
    app_cm = polling(emu, stuck, running=200, parking=parked)
    _, poller = await app_cm.__aenter__()
    anna = emu.user(1, "Anna")
    await anna.send("stuck 1")
    await anna.send("stuck 2")
    for n in range(PARK_AT + 10):
        await emu.user(100 + n, f"P{n}").send(f"hej {n}")
    await until(lambda: len(first_run) == PARK_AT + 10)
    await until(lambda: emu.pending_updates == 0)  # all confirmed to Telegram
    # A crash: the handlers never finish, nothing more is confirmed or written.
    assert poller._task is not None
    poller._task.cancel()
    poller._task = None
    for task in list(poller._in_flight.values()):
        task.cancel()
    await app_cm.__aexit__(None, None, None)

    second_run: list[str] = []

    async def record(update: Update, _: Any) -> None:
        second_run.append(text_of(update))

    async with polling(emu, record, parking=parked):
        await until(lambda: len(second_run) == 2)
        await anna.send("after")
        await until(lambda: len(second_run) == 3)
    assert second_run == ["stuck 1", "stuck 2", "after"]  # in order, the done ones not again
    assert await parked.count() == 0
