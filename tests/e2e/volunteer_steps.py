"""Steps shared by the drop-off day, volunteer and shift stories (run_bot.py + the emulator)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from emulator import BotApiEmulator, BotMessage, EmulatedUser
from tests.e2e.harness import ADMIN_ID, BotProcess

CPH = ZoneInfo("Europe/Copenhagen")
# Monday 30 November 2026, 09:00 in Herning: the bot's clock at the start of most stories.
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=CPH)


def local(year: int, month: int, day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=CPH)


@pytest.fixture
async def clocked_bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    """A bot whose clock starts at MONDAY and whose jobs tick every 0.3 s."""
    process = BotProcess(emulator, tmp_path, env={"JOB_TICK_SECONDS": "0.3"})
    process.set_time(MONDAY)
    emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    await process.start()
    yield process
    status = await process.stop()
    report = getattr(request.node, "rep_call", None)
    if (report is not None and report.failed) or status not in (0, None, -9):
        print(f"---- bot log (exit {status}) ----\n{process.log()[-20000:]}")


def admin_of(emulator: BotApiEmulator) -> EmulatedUser:
    return emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")


async def create_day(admin: EmulatedUser, line: str) -> None:
    await admin.send(f"/newdate {line}")
    await admin.expect("Indleveringsdag oprettet")


async def register(
    user: EmulatedUser, name: str, phone: str = "20 12 34 56", skills: tuple[str, ...] = ()
) -> None:
    """Fills in /frivillig to the end (typed name and phone, some skills, consent)."""
    await user.send("/frivillig")
    await user.expect("Hvad hedder du")
    await user.send(name)
    await user.expect("telefonnummer")
    await user.send(phone)
    await user.expect("Hvad kan du lide")
    for skill in skills:
        await user.press(skill)
        await user.expect(skill)
    await user.press("Færdig")
    await user.expect("Må vi gemme")
    await user.press("Ja, det er fint")
    await user.expect("bestyrelsen kigger")


async def approve(admin: EmulatedUser, name: str) -> None:
    request = await admin.expect(f"Ny frivillig: {name}")
    await admin.press("Godkend", request)
    await admin.expect("Godkendt af Birgitte")


async def volunteer(
    emulator: BotApiEmulator, user_id: int, name: str, language: str = "da"
) -> EmulatedUser:
    """A volunteer registered through the bot and approved by the admin."""
    person = emulator.user(user_id, first_name=name, language_code=language)
    await register(person, name)
    await approve(admin_of(emulator), name)
    await person.expect("Velkommen på holdet")
    return person


async def pressed_alert(
    emulator: BotApiEmulator, user: EmulatedUser, data: str, message: BotMessage | None = None
) -> str:
    """Presses a button by its data (forged or stale) and returns the alert it got."""
    before = len(user.callback_answers)
    await user.press_data(data, message)
    await emulator.wait_until(lambda: len(user.callback_answers) > before, timeout=5)
    return str(user.callback_answers[-1].get("text") or "")
