"""kill -9 at random moments of a mixed workload, and what it cost (issue 11's crash bench).

People keep writing while the bot is killed again and again (up to BENCH_KILLS times, 50 by
default, while the writers are at it) and started at once after each kill, with
BENCH_KILL_LATENCY seconds a Bot API call (0.03 by default; 0 is loopback):
- families and donors send a question no journey takes and press »send it to us« (Write to
  us): each press must get its answer, and each message must reach the board exactly once;
- volunteers' /start presses and menu buttons: each must be answered;
- one announcement to 300 subscribers goes out across the kills: each reachable person must
  have it exactly once, and "uncertain" rows are counted (at most 1 per 10 kills is the aim).
Figures, not assertions: it prints lost presses, duplicate and lost notices, uncertain rows
and how many of those had in fact arrived. A row in flight at a kill cannot be decided
(Telegram has no way to ask), so about rate x latency rows per kill mid-broadcast are expected.
Loopback only; bounded; every process is stopped at the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.bot_load import Process
from domain.clock import to_db
from emulator import BotApiEmulator, EmulatedUser

KILLS = int(os.environ.get("BENCH_KILLS", "50"))
WRITERS = 40
SUBSCRIBERS = 300
ADMIN = 9001
WAIT = 120.0
LATENCY = float(os.environ.get("BENCH_KILL_LATENCY", "0.03"))  # seconds a Bot API call takes


def queue_announcement(database: Path, people: list[int]) -> None:
    """An announcement's rows, as the bot queues them (one batch), before the first start."""
    with sqlite3.connect(database) as connection:
        now = to_db(datetime.now(UTC))
        payload = json.dumps({"text": "Julemarked lørdag 🎄", "parse_mode": "HTML"})
        connection.executemany(
            "INSERT INTO outbox (chat_id, method, payload, dedup_key, batch_id, priority,"
            " not_before, created_at) VALUES (?, 'sendMessage', ?, ?, 1, 0, ?, ?)",
            [(person, payload, f"bench:{person}", now, now) for person in people],
        )


async def writer(person: EmulatedUser, index: int, lost: list[str]) -> None:
    """One question to the board, then /start; records what got no answer."""
    await asyncio.sleep(random.uniform(0, 20))
    await person.send(f"Spørgsmål nummer {index}: hvornår har I åbent?")
    try:
        offer = await person.expect("Skal jeg sende din besked til os?", timeout=WAIT)
        await person.press("✉️ Ja, send den", offer)
        await person.expect("Din besked er sendt til os", timeout=WAIT)
    except AssertionError:
        lost.append(f"{person.id}: write to us")
        return
    await asyncio.sleep(random.uniform(0, 10))
    await person.send("/start")
    try:
        await person.expect("Velkommen", timeout=WAIT)
    except AssertionError:
        lost.append(f"{person.id}: /start")


async def killer(bot: Process, kills: int, stop: asyncio.Event) -> int:
    done = 0
    while done < kills and not stop.is_set():
        await asyncio.sleep(random.uniform(0.3, 1.2))
        assert bot.process is not None
        bot.process.kill()
        await bot.process.wait()
        done += 1
        await bot.start(wait=True)
    return done


async def run() -> None:
    random.seed(11)
    folder = Path(tempfile.mkdtemp(prefix="hjaelpebot-kills-"))
    async with BotApiEmulator(token="123456789:TEST-token-for-the-local-emulator") as emu:
        emu.latency = LATENCY
        board = emu.user(ADMIN, "Birgitte", language_code="da")
        writers = [emu.user(20_000 + i, f"Person{i}", language_code="da") for i in range(WRITERS)]
        subscribers = [emu.user(30_000 + i, f"Nabo{i}") for i in range(SUBSCRIBERS)]
        bot = Process(emu, "bot", folder / "bot", BROADCAST_RATE="25", FLOOD_MAX_UPDATES="1000")
        await bot.start()  # creates the database; the announcement is queued while it is down
        await bot.stop()
        queue_announcement(folder / "bot" / "bot.sqlite3", [p.id for p in subscribers])
        await bot.start()
        lost: list[str] = []
        stop = asyncio.Event()
        kill_task = asyncio.create_task(killer(bot, KILLS, stop))
        await asyncio.gather(*(writer(p, i, lost) for i, p in enumerate(writers)))
        stop.set()
        kills = await kill_task
        # Let the outbox finish after the last kill.
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WAIT
        database = folder / "bot" / "bot.sqlite3"
        while loop.time() < deadline:
            with sqlite3.connect(database) as connection:
                waiting = connection.execute(
                    "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"
                ).fetchone()[0]
            if not waiting:
                break
            await asyncio.sleep(0.5)
        await bot.stop()
        with sqlite3.connect(database) as connection:
            rows = connection.execute("SELECT chat_id FROM outbox WHERE status = 'uncertain'")
            uncertain_chats = [row[0] for row in rows]
        uncertain = len(uncertain_chats)
        cards = [m.text for m in board.messages if "Besked fra" in m.text]
        per_writer = [sum(f"nummer {i}:" in text for text in cards) for i in range(WRITERS)]
        announcement = [sum("Julemarked" in m.text for m in p.messages) for p in subscribers]
        got = {p.id for p, n in zip(subscribers, announcement, strict=True) if n}
    arrived = sum(chat in got for chat in uncertain_chats)
    print(f"kills: {kills} ({LATENCY * 1000:.0f} ms latency), {WRITERS} writers,"
          f" {SUBSCRIBERS} subscribers")  # fmt: skip
    print(f"presses or commands with no answer: {len(lost)} {lost[:5]}")
    print(
        f"board cards: lost {per_writer.count(0)}, twice or more {sum(n > 1 for n in per_writer)}"
    )
    print(
        f"announcement: lost {announcement.count(0)}, twice or more"
        f" {sum(n > 1 for n in announcement)}, uncertain rows {uncertain}"
        f" ({uncertain / max(kills, 1) * 10:.1f} per 10 kills; aim <= 1), of which arrived"
        f" {arrived} (a row is uncertain while its request is in flight: rate x latency)"
    )


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
