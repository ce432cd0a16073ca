"""The outbox sender at work, run_bot.py as a real process against the emulator on loopback,
every call answered 50 ms late (emu.latency = 0.05), as over a real network.

1. An announcement to 3,000 subscribers at BROADCAST_RATE=30: messages a second as a ratio of
   30 (average from first to last delivery, and the busiest sliding one-second window of the
   emulator's call log, which must never be above 30). While it runs, 50 other people send
   /start, 5 a second: how fast they are answered, and everything the bot sends per second.
2. An announcement to 1,000 subscribers with a 429 on every 20th send (5 %) and a kill -9 once
   half of them have it, then a restart: duplicates, lost and uncertain rows.

Bounded (each part has a deadline) and stops by itself; prints figures, asserts nothing.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot.outbox import REPLIES_RECENT
from emulator import BotApiEmulator
from tests.e2e.broadcast_support import (
    admin_user,
    max_per_second,
    people,
    progress_message,
    query,
    received,
    seed_people,
    write_announcement,
)
from tests.e2e.harness import TOKEN, BotProcess

RATE = 30
LATENCY = 0.05
ENV = {"BROADCAST_RATE": str(RATE), "JOB_TICK_SECONDS": "0.3", "LOG_LEVEL": "INFO"}
WRITERS = 50  # people sending /start while the broadcast runs
WRITERS_PER_SECOND = 5
DEADLINE = 400.0  # seconds for one broadcast at most


def sends_to(emulator: BotApiEmulator, chats: set[int]) -> list[float]:
    return sorted(
        c.monotonic
        for c in emulator.calls
        if c.method in ("sendMessage", "sendPhoto") and c.chat_id in chats and c.ok
    )


async def start_broadcast(
    emulator: BotApiEmulator, bot: BotProcess, ids: list[int], marker: str
) -> None:
    await seed_people(bot.database, ids, topic="news")
    people(emulator, ids)
    await bot.start()
    admin = admin_user(emulator)
    await write_announcement(admin, marker, "Abonnenter: nyheder")
    await admin.press("Send nu")
    await admin.expect("Sender nu")


async def writers_meanwhile(emulator: BotApiEmulator, ids: list[int]) -> dict[int, float]:
    """Each writer sends /start, WRITERS_PER_SECOND a second; returns when each one wrote."""
    wrote: dict[int, float] = {}
    for uid in ids:
        person = emulator.user(uid, first_name=f"W{uid}")
        wrote[uid] = time.monotonic()
        await person.send("/start")
        await asyncio.sleep(1 / WRITERS_PER_SECOND)
    return wrote


async def rate_and_replies(folder: Path) -> None:
    ids = list(range(100_001, 103_001))
    writer_ids = list(range(200_001, 200_001 + WRITERS))
    marker = "Julemarked lørdag kl. 10-14 i hallen 🎄"
    async with BotApiEmulator(token=TOKEN) as emulator:
        bot = BotProcess(emulator, folder / "rate", ENV)
        bot.workdir.mkdir()
        try:
            emulator.latency = LATENCY
            await start_broadcast(emulator, bot, ids, marker)
            audience = set(ids)
            # Let the broadcast reach its pace, then people write while it runs.
            await emulator.wait_until(lambda: len(sends_to(emulator, audience)) >= 300, 60)
            wrote = await writers_meanwhile(emulator, writer_ids)
            admin = emulator.users[9001]
            await emulator.wait_until(lambda: progress_message(admin) is not None, DEADLINE)
        finally:
            await bot.stop()
        deliveries = sends_to(emulator, audience)
        everything = sorted(
            c.monotonic for c in emulator.calls if c.method != "getUpdates" and c.chat_id
        )
        first, last = min(wrote.values()), max(wrote.values())
        # The rate on its own: outside the time replies had their share (and its tail).
        shared = (first, last + REPLIES_RECENT + 1.0)
        alone = [t for t in deliveries if not shared[0] <= t <= shared[1]]
        alone_span = deliveries[-1] - deliveries[0] - (shared[1] - shared[0])
        average = (len(alone) - 1) / alone_span
        overall = (len(deliveries) - 1) / (deliveries[-1] - deliveries[0])
        busiest = max_per_second(deliveries)
        waits = sorted(
            min(c.monotonic for c in emulator.calls_to("sendMessage") if c.chat_id == uid)
            - wrote[uid]
            for uid in writer_ids
            if any(c.chat_id == uid for c in emulator.calls_to("sendMessage"))
        )
        during = [t for t in deliveries if first <= t <= last + 1.0]
        twice = sum(1 for uid in ids if received(emulator, uid, marker) > 1)
    print(f"announcement to {len(ids)} at BROADCAST_RATE={RATE}, latency {LATENCY * 1000:.0f} ms")
    print(
        f"  delivered {len(deliveries)} in {deliveries[-1] - deliveries[0]:.1f} s, twice: {twice}"
    )
    print(
        f"  average {average:.2f} msg/s = {average / RATE:.3f} x {RATE} while nobody else writes"
        f" (target >= 0.95); {overall:.2f} msg/s from first to last delivery"
    )
    print(f"  busiest sliding second (emulator's log): {busiest} (never above {RATE})")
    print(f"  everything the bot sent, busiest second: {max_per_second(everything)}")
    if waits:
        p95 = waits[max(0, int(len(waits) * 0.95) - 1)]
        print(
            f"  {len(waits)} of {WRITERS} /start while it ran ({WRITERS_PER_SECOND}/s): first "
            f"reply median {statistics.median(waits):.2f} s, p95 {p95:.2f} s, max {waits[-1]:.2f} s"
        )
    span = (last + 1.0) - first
    print(f"  broadcast while they wrote: {len(during) / span:.1f} msg/s (replies keep the rest)")


async def kill_and_429s(folder: Path) -> None:
    ids = list(range(300_001, 303_001))
    marker = "Husk generalforsamling tirsdag 🗳"
    async with BotApiEmulator(token=TOKEN) as emulator:
        bot = BotProcess(emulator, folder / "kill", ENV)
        bot.workdir.mkdir()
        try:
            emulator.latency = LATENCY
            await start_broadcast(emulator, bot, ids, marker)
            emulator.fail_every(20, error_code=429, retry_after=1)
            half = len(ids) // 2
            await emulator.wait_until(
                lambda: sum(received(emulator, uid, marker) for uid in ids) >= half, DEADLINE
            )
            await bot.kill()
            at_kill = sum(received(emulator, uid, marker) for uid in ids)
            await bot.start()
            admin = emulator.users[9001]
            await emulator.wait_until(lambda: progress_message(admin) is not None, DEADLINE)
            emulator.fail_every(0)
        finally:
            await bot.stop()
        counts = {uid: received(emulator, uid, marker) for uid in ids}
        uncertain = {
            int(str(row[0]))
            for row in query(
                bot.database,
                "SELECT chat_id FROM outbox WHERE status = 'uncertain' AND batch_id IS NOT NULL",
            )
        }
        refused = sum(1 for c in emulator.calls_to("sendMessage") if c.error_code == 429)
    duplicates = sum(1 for n in counts.values() if n > 1)
    lost = [uid for uid, n in counts.items() if n == 0]
    in_flight = sum(1 for uid in lost if uid in uncertain)
    arrived = sum(1 for uid in uncertain if counts[uid] == 1)
    print(f"announcement to {len(ids)}, 429 on every 20th send ({refused} in all), kill -9 at")
    print(f"  {at_kill} delivered, then a restart: duplicates {duplicates} (target 0),")
    print(
        f"  lost {len(lost)} (target 0; {in_flight} of them in flight at the kill, uncertain),"
        f" uncertain {len(uncertain)} ({arrived} of them arrived)"
    )


async def run() -> None:
    with tempfile.TemporaryDirectory() as name:
        await rate_and_replies(Path(name))
        await kill_and_429s(Path(name))


def main() -> None:
    if sys.platform == "win32":  # pragma: no cover - SIGKILL
        print("skipped: needs POSIX signals")
        return
    asyncio.run(run())
