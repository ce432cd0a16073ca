"""/status as an owner reads it, and the daily note when something needs attention."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.harness import ADMIN_ID, BotProcess

START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 02.00 in Copenhagen, before the night's copy


@pytest.fixture
async def status_bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    # BACKUP_DIR is a file, so no nightly copy can be made: that needs the owners' attention.
    (tmp_path / "not-a-folder").write_text("x", encoding="utf-8")
    process = BotProcess(
        emulator,
        tmp_path,
        env={"BACKUP_DIR": str(tmp_path / "not-a-folder"), "JOB_TICK_SECONDS": "0.5"},
    )
    process.set_time(START)
    await process.start()
    yield process
    await process.stop()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(f"---- bot log ----\n{process.log()[-20000:]}")


async def test_status_tells_an_owner_how_the_bot_is_doing(
    emulator: BotApiEmulator, status_bot: BotProcess
) -> None:
    owner = emulator.user(ADMIN_ID, "Kirsten", language_code="da")
    await owner.send("/status")
    status = await owner.expect("Sådan har botten det")
    for line in ("Kører siden", "Senest håndteret", "Udbakke: 0 venter", "Database:", "Fejl"):
        assert line in status.plain_text
    assert "Alt er godt" in status.plain_text

    family = emulator.user(4242, "Sara", language_code="da")
    await family.send("/status")
    await family.expect("Det kan kun foreningens administratorer")


async def test_the_owners_get_one_note_a_day_when_backups_fail(
    emulator: BotApiEmulator, status_bot: BotProcess
) -> None:
    owner = emulator.user(ADMIN_ID, "Kirsten", language_code="en")
    await owner.send("/language")  # Telegram says en; the note comes in the owner's language
    status_bot.set_time(START + timedelta(hours=8))  # 10.00: the night has passed, no copy
    note = await owner.expect("The bot needs attention", timeout=15)
    assert "No backup has been made yet" in note.plain_text
    await owner.expect_no_message(within=2)  # once a day, not at every tick
    await owner.send("/status")
    status = await owner.expect("How the bot is doing")
    assert "Needs attention" in status.plain_text
