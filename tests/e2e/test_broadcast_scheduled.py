"""A planned announcement arrives at its time (also across a restart), /scheduled lists and
cancels, and a cancelled one never arrives."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from emulator import BotApiEmulator
from tests.e2e.broadcast_support import (
    admin_user,
    bot_process,
    people,
    progress_message,
    query,
    received,
    seed_people,
    write_announcement,
)

CPH = ZoneInfo("Europe/Copenhagen")
IDS = [30001, 30002, 30003]


async def test_a_planned_announcement_arrives_at_its_time_and_a_cancelled_one_never(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = admin_user(emulator)
    stranger = emulator.user(30099, first_name="Ib")
    people(emulator, IDS, english=[30003])
    async with bot_process(emulator, tmp_path) as bot:
        await seed_people(bot.database, IDS, english=[30003])
        bot.set_time(datetime(2026, 11, 30, 12, 0, tzinfo=CPH))
        await bot.start()

        marker = "Julemarked på fredag 🎄"
        await write_announcement(admin, marker, "Alle, der har brugt botten")
        await admin.press("Send senere")
        await admin.expect("Hvornår skal det sendes?")
        await admin.send("snart")
        await admin.expect("Det tidspunkt kunne jeg ikke læse. Skriv fx 2026-12-01 18:00")
        await admin.send("i dag 08:00")
        await admin.expect("Det tidspunkt er gået")
        await admin.send("2026-12-01 18:00")
        await admin.expect("Planlagt til tirsdag den 1. december kl. 18.00")

        other = "Denne besked bliver aflyst"
        await write_announcement(admin, other, "Alle, der har brugt botten")
        await admin.press("Send senere")
        await admin.send("i morgen kl. 19")
        await admin.expect("Planlagt til tirsdag den 1. december kl. 19.00")

        await admin.send("/scheduled")
        listing = await admin.expect("Planlagte opslag")
        assert "#1 · tirsdag den 1. december kl. 18.00" in listing.plain_text
        assert "#2 · tirsdag den 1. december kl. 19.00" in listing.plain_text
        # Someone else pressing a cancel button (forged) is refused and changes nothing.
        await stranger.send("/start")
        await stranger.expect("Velkommen")
        await stranger.press_data("sched:cancel:2", message=stranger.last_message)
        await emulator.wait_until(lambda: bool(stranger.callback_answers), timeout=5)
        assert "administratorer" in stranger.callback_answers[-1]["text"]
        await admin.press("Annullér #2", message=listing)
        await emulator.wait_until(
            lambda: any("annulleret" in (a["text"] or "") for a in admin.callback_answers)
        )
        await emulator.wait_until(lambda: "#2" not in listing.plain_text)
        await admin.press_data("sched:cancel:2", message=listing)  # stale: already cancelled
        await emulator.wait_until(
            lambda: "ikke planlagt mere" in (admin.callback_answers[-1]["text"] or "")
        )

        # Nothing before its time, also not after a kill -9 and a restart.
        await bot.restart()
        for uid in IDS:
            await emulator.users[uid].expect_no_message(within=0.3)
        bot.set_time(datetime(2026, 12, 1, 17, 59, 58, tzinfo=CPH))
        for uid in IDS:
            await emulator.users[uid].expect_no_message(within=0.3)
        await emulator.users[30001].expect(marker, timeout=10)
        await emulator.users[30002].expect(marker, timeout=10)
        english = await emulator.users[30003].expect(marker, timeout=10)
        assert "Hjælpesporet Herning" in english.plain_text
        await emulator.wait_until(lambda: progress_message(admin) is not None, timeout=10)

        bot.set_time(datetime(2026, 12, 1, 19, 0, 5, tzinfo=CPH))
        await emulator.users[30001].expect_no_message(within=1.5)
        assert all(received(emulator, uid, other) == 0 for uid in IDS)
        assert all(received(emulator, uid, marker) == 1 for uid in IDS)
        actions = query(bot.database, "SELECT action, subject FROM audit_log ORDER BY id")
        assert actions == [
            ("announcement.create", "announcement:1"),
            ("announcement.create", "announcement:2"),
            ("announcement.cancel", "announcement:2"),
        ]


async def test_a_planned_announcement_missed_by_a_day_is_not_sent_late(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = admin_user(emulator)
    people(emulator, IDS)
    async with bot_process(emulator, tmp_path) as bot:
        await seed_people(bot.database, IDS)
        bot.set_time(datetime(2026, 11, 30, 12, 0, tzinfo=CPH))
        await bot.start()
        await write_announcement(admin, "Husk: i morgen er der fest", "Alle, der har brugt botten")
        await admin.press("Send senere")
        await admin.send("2026-12-01 18:00")
        await admin.expect("Planlagt til")
        await bot.kill()
        bot.set_time(datetime(2026, 12, 3, 9, 0, tzinfo=CPH))
        await bot.start()
        await admin.expect("botten kørte ikke da. Det blev ikke sendt", timeout=10)
        for uid in IDS:
            await emulator.users[uid].expect_no_message(within=0.3)
