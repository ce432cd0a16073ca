"""An announcement to 300 subscribers, 10 of whom blocked the bot, with 429s now and then:
everyone reachable gets it once, at no more than BROADCAST_RATE, and the admin watches one
message fill up and turn into the report. Then the same with a kill -9 half way."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from bot.outbox import IN_FLIGHT
from emulator import BotApiEmulator
from tests.e2e.broadcast_support import (
    admin_user,
    bot_process,
    max_per_second,
    people,
    progress_message,
    query,
    received,
    seed_people,
    write_announcement,
)
from tests.e2e.harness import ADMIN_ID

IDS = list(range(20001, 20301))
BLOCKED = IDS[5::30]  # 10 people spread through the list
ENGLISH = IDS[::4]
RATE = 25


async def prepare(emulator: BotApiEmulator, database: Path) -> None:
    await seed_people(database, IDS, topic="news", english=ENGLISH)
    people(emulator, IDS, english=ENGLISH)
    for uid in BLOCKED:
        emulator.block(uid)


async def test_300_subscribers_get_an_announcement_once_at_the_broadcast_rate(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = admin_user(emulator)
    async with bot_process(emulator, tmp_path) as bot:
        await prepare(emulator, bot.database)
        await bot.start()
        marker = "Loppemarked lørdag kl. 10 i hallen 🎪"
        confirm = await write_announcement(admin, marker, "Abonnenter: nyheder")
        assert "300 personer" in confirm.plain_text
        emulator.fail_every(50, error_code=429, retry_after=1)
        started = time.monotonic()
        await admin.press("Send nu")
        await admin.expect("Sender nu")
        await emulator.wait_until(lambda: progress_message(admin) is not None, timeout=45)
        took = time.monotonic() - started
        emulator.fail_every(0)

        report = progress_message(admin)
        assert report is not None
        assert "Leveret: 290" in report.plain_text
        assert "Har blokeret botten: 10" in report.plain_text
        assert "Fejlet: 0" in report.plain_text
        assert "Uvist" not in report.plain_text

        # Exactly once for everyone reachable, in their own language; nothing to the blocked.
        reachable = [uid for uid in IDS if uid not in BLOCKED]
        assert [received(emulator, uid, marker) for uid in reachable] == [1] * 290
        assert emulator.users[ENGLISH[1]].messages[-1].plain_text.count("our news") == 1
        assert "vores nyheder" in emulator.users[IDS[1]].messages[-1].plain_text
        assert query(bot.database, "SELECT COUNT(*) FROM users WHERE unreachable_at IS NOT NULL")[
            0
        ][0] == len(BLOCKED)

        # Rate: every attempt to a recipient (also the refused ones) counts against the limit.
        sends = sorted(
            c.monotonic for c in emulator.calls_to("sendMessage") if c.chat_id in set(IDS)
        )
        refused = [c for c in emulator.calls_to("sendMessage") if c.error_code == 429]
        busiest = max_per_second(sends)
        active = sends[-1] - sends[0] - len(refused) * 1.0  # minus the 1 s pauses after 429s
        average = (len(sends) - 1) / active
        print(
            f"\nbroadcast: {len(sends)} sends in {sends[-1] - sends[0]:.1f} s with "
            f"{len(refused)} 429 pauses; busiest second {busiest}, average {average:.1f}/s "
            f"outside pauses (limit {RATE}/s); report after {took:.1f} s"
        )
        assert len(refused) >= 5
        assert busiest <= RATE + 2  # jitter of request arrival, never a burst
        assert average <= RATE * 1.05

        # One progress message, edited a few times (not per row), then turned into the report.
        edits = [
            c
            for c in emulator.calls_to("editMessageText")
            if c.chat_id == ADMIN_ID and c.params.get("message_id") == report.message_id
        ]
        assert 2 <= len(edits) <= 21, [e.params.get("text") for e in edits]
        assert any("Sendt" in text and "%" in text for text in report.edits), report.edits
        gaps = [b.monotonic - a.monotonic for a, b in itertools.pairwise(edits)]
        assert all(gap >= 1.9 for gap in gaps[:-1]), gaps
        assert sum("Opslag #1" in m.plain_text for m in admin.messages) == 1


async def test_a_kill_9_half_way_and_a_restart_still_reach_everyone_once(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = admin_user(emulator)
    marker = "Husk generalforsamling tirsdag 🗳"
    async with bot_process(emulator, tmp_path) as bot:
        await prepare(emulator, bot.database)
        await bot.start()
        await write_announcement(admin, marker, "Abonnenter: nyheder")
        emulator.fail_every(60, error_code=429, retry_after=1)
        await admin.press("Send nu")
        await emulator.wait_until(
            lambda: sum(received(emulator, uid, marker) for uid in IDS) >= 140, timeout=30
        )
        await bot.kill()
        delivered_before = sum(received(emulator, uid, marker) for uid in IDS)
        await bot.start()
        await emulator.wait_until(lambda: progress_message(admin) is not None, timeout=45)
        emulator.fail_every(0)

        counts = {uid: received(emulator, uid, marker) for uid in IDS if uid not in BLOCKED}
        uncertain = query(
            bot.database,
            "SELECT chat_id FROM outbox WHERE status = 'uncertain' AND batch_id IS NOT NULL",
        )
        missing = [uid for uid, n in counts.items() if n == 0]
        print(
            f"\nkill -9 after {delivered_before} deliveries; uncertain rows: {uncertain}; "
            f"missing: {missing}"
        )
        # Nobody twice. At most the rows in flight at the kill are 'uncertain' (the sender has up
        # to IN_FLIGHT requests out at once): never resent, so each of those people has it once
        # (Telegram got it) or not at all (it never left).
        assert max(counts.values()) == 1
        assert len(uncertain) <= IN_FLIGHT
        assert set(missing) <= {row[0] for row in uncertain}
        report = progress_message(admin)
        assert report is not None
        assert f"Leveret: {290 - len(uncertain)}" in report.plain_text
        assert "Har blokeret botten: 10" in report.plain_text
        if uncertain:
            assert f"Uvist: {len(uncertain)}" in report.plain_text
        assert (
            "process stopped while sending"
            in "".join(
                str(row[0])
                for row in query(
                    bot.database, "SELECT last_error FROM outbox WHERE status='uncertain'"
                )
            )
            or not uncertain
        )
