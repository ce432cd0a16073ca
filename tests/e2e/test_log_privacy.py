"""No personal data in the log, even at LOG_LEVEL=DEBUG (the e2e harness runs at DEBUG)."""

from __future__ import annotations

from emulator import BotApiEmulator
from tests.e2e.harness import BotProcess


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
