"""Each journey with a crash at its named points (bot/crash_points.py): nothing the person was
told is saved is missing, no notice is lost, none is sent twice, and the conversation goes on
where it was. (SQLite's crash tests and FoundationDB's simulation tests are the models.)"""

from __future__ import annotations

import sqlite3

from emulator import BotApiEmulator
from tests.e2e.crash_support import crashing_at, received
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.volunteer_steps import (
    admin_of,
    clocked_bot,
    create_day,
    register,
    volunteer,
)

__all__ = ["clocked_bot"]  # a fixture

SLOW = 20  # seconds: the answer comes from the restarted bot


def count(bot: BotProcess, sql: str) -> int:
    with sqlite3.connect(bot.database) as connection:
        return int(connection.execute(sql).fetchone()[0])


async def test_a_crash_before_an_update_commits_repeats_that_step_only(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    bent = emulator.user(6101, first_name="Bent", language_code="da")
    await bent.send("/frivillig")
    await bent.expect("Hvad hedder du")
    async with crashing_at(clocked_bot, "update.before_commit"):
        await bent.send("Bent Hansen")
        await bent.expect("telefonnummer", timeout=SLOW)
    await bent.send("20 12 34 56")  # the conversation goes on from the step after the name
    await bent.expect("Hvad kan du lide")


async def test_volunteer_registration_and_approval_survive_a_crash_each(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    carl = emulator.user(6201, first_name="Carl", language_code="da")
    async with crashing_at(clocked_bot, "volunteer.registered"):
        await register(carl, "Carl")
    request = await admin.expect("Ny frivillig: Carl", timeout=SLOW)
    async with crashing_at(clocked_bot, "volunteer.decided"):
        await admin.press("Godkend", request)
        await admin.expect("Godkendt af Birgitte", timeout=SLOW)
    await carl.expect("Velkommen på holdet", timeout=SLOW)
    await carl.expect_no_message(within=1.0)
    assert received(carl, "Velkommen på holdet") == 1
    assert received(admin, "Ny frivillig: Carl") == 1
    assert count(clocked_bot, "SELECT COUNT(*) FROM volunteers") == 1
    assert count(clocked_bot, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'volunteer%'") == 1


async def test_leaving_a_shift_tells_who_moves_up_once_across_a_crash(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 1")
    anna = await volunteer(emulator, 6301, "Anna")
    bent = await volunteer(emulator, 6302, "Bent")
    await anna.send("/vagter")
    await anna.press("tag vagten", await anna.expect("Kommende vagter"))
    await anna.expect("Føj til kalender")
    await bent.send("/vagter")
    await bent.press("venteliste", await bent.expect("Kommende vagter"))
    await bent.expect("nr. 1 på ventelisten")

    async with crashing_at(clocked_bot, "shift.left"):
        await anna.send("/vagter")
        await anna.press("Forlad", await anna.expect("Kommende vagter"))
        await anna.expect("du er taget af vagten", timeout=SLOW)
    await bent.expect("Godt nyt", timeout=SLOW)
    await bent.expect("Føj til kalender", timeout=SLOW)
    await bent.expect_no_message(within=1.0)
    assert received(bent, "Godt nyt") == 1
    assert count(clocked_bot, "SELECT COUNT(*) FROM shift_signups WHERE status = 'confirmed'") == 1


async def test_cancelling_a_day_tells_its_volunteer_once_across_a_crash(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 2")
    jens = await volunteer(emulator, 6401, "Jens")
    await jens.send("/vagter")
    await jens.press("tag vagten", await jens.expect("Kommende vagter"))
    await jens.expect("Føj til kalender")
    await admin.send("/dates")
    await admin.press("lør 12.12", await admin.expect("Kommende indleveringsdage"))
    await admin.press("Aflys dagen", await admin.expect("Givere tilmeldt"))
    confirm = await admin.expect("får besked")
    async with crashing_at(clocked_bot, "day.cancelled"):
        await admin.press("Ja, aflys den", confirm)
        await admin.expect("Aflyst: lørdag den 12. december", timeout=SLOW)
    await jens.expect("Indleveringsdagen er aflyst", timeout=SLOW)
    await jens.expect("fjerne vagten fra din kalender", timeout=SLOW)
    await jens.expect_no_message(within=1.0)
    assert received(jens, "Indleveringsdagen er aflyst") == 1
    assert count(clocked_bot, "SELECT COUNT(*) FROM audit_log WHERE action = 'dropoff.cancel'") == 1


async def test_a_message_to_the_board_is_relayed_once_across_a_crash(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    sara = emulator.user(6501, first_name="Sara", language_code="da")
    board = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    await sara.send("Hvornår kan jeg hente julekurven?")
    await sara.expect("Skal jeg sende din besked til os?")
    async with crashing_at(clocked_bot, "inbox.stored"):
        await sara.press("✉️ Ja, send den")
        await sara.expect("Din besked er sendt til os", timeout=SLOW)
    card = await board.expect("Besked fra Sara", timeout=SLOW)
    await board.press("↩️ Svar", card)
    await board.expect("Skriv dit svar til Sara")
    async with crashing_at(clocked_bot, "inbox.answered"):
        await board.send("På lørdag kl. 10.")
        await board.expect("✅ Sendt til Sara.", timeout=SLOW)
    await sara.expect("På lørdag kl. 10.", timeout=SLOW)
    await sara.expect_no_message(within=1.0)
    assert received(board, "Hvornår kan jeg hente julekurven?") == 1
    assert received(sara, "På lørdag kl. 10.") == 1
    assert count(clocked_bot, "SELECT COUNT(*) FROM thread_messages") == 2
