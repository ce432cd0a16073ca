"""No personal data in the log, even at LOG_LEVEL=DEBUG (the e2e harness runs at DEBUG)."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.request_story import IN_SEASON, Family, request_sent, running_bot

NEEDS = "Vinterdyne til Ulrikke, som sover hos sin mormor"


async def test_names_and_texts_stay_out_of_the_debug_log(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    kirsten = emulator.user(4321, "Kirsten", last_name="Sørensen-Ladefoged", language_code="da")
    await kirsten.send("/start")
    await kirsten.expect("Hej")
    await kirsten.send("Mit nummer er 22334455, ring endelig")
    await kirsten.expect("forstod")
    log = bot.log()
    assert "DEBUG" in log  # the level is on
    for private in ("Sørensen-Ladefoged", "Kirsten", "22334455"):
        assert private not in log


async def test_the_data_file_and_the_erasure_edits_stay_out_of_the_debug_log(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as process:
        admin = emulator.user(ADMIN_ID, first_name="Birgitte")
        await admin.send("/start")
        vibeke = emulator.user(4322, "Vibeke", last_name="Rosenkvist-Holm", language_code="da")
        await request_sent(vibeke, Family(needs=NEEDS, phone="20 11 33 55"))
        await admin.expect("H-1001")
        await vibeke.send("/mydata")
        await vibeke.expect("Her er alt")
        await vibeke.send("/deletedata")
        confirm = await vibeke.expect("Vil du have, at vi sletter dine data?")
        await vibeke.press("Ja, slet", confirm)
        await vibeke.expect("Vi har slettet dine data")
        log = process.log()
    assert "Sent user 4322 their data" in log  # the file went out
    assert "Erased user 4322" in log  # and the erasure (with its card edit) ran
    for private in ("Rosenkvist-Holm", "Vibeke", "20113355", "20 11 33 55", "Ulrikke"):
        assert private not in log
