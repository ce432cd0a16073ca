"""A press that waits for its turn is still answered before Telegram gives up on it.

Telegram lets a bot answer a press for some seconds (15 here by default; this test shortens it
to 3). A press behind a slow update of the same chat waits; after PRESS_ANSWER_SECONDS the bot
answers it early, then handles it in order, and a refusal's text comes as a message.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.harness import BotProcess


@pytest.fixture
async def busy_bot(emulator: BotApiEmulator, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """Telegram takes a press's answer for 3 s; the bot answers a waiting press after 1 s."""
    emulator.callback_query_ttl = 3.0
    bot = BotProcess(emulator, tmp_path, env={"PRESS_ANSWER_SECONDS": "1"})
    await bot.start()
    yield bot
    await bot.stop()


async def test_a_press_waiting_behind_a_slow_reply_is_answered_in_time(
    emulator: BotApiEmulator, busy_bot: BotProcess
) -> None:
    bot = busy_bot
    tom = emulator.user(2301, first_name="Tom", language_code="en")
    await tom.send("/start")
    await tom.expect("Welcome")
    await tom.press("Language")
    await tom.expect("Choose language")
    choice = tom.last_message
    # The next reply takes 4 s to reach Telegram: the press behind it waits that long.
    emulator.delay_next("sendMessage", 4.0)
    await tom.send("/help")
    await tom.press("Dansk", choice)
    await emulator.wait_until(lambda: bool(tom.callback_answers), timeout=3)
    assert tom.callback_answers[-1]["text"] is None  # answered early, in time
    await tom.expect("You can use", timeout=10)
    await tom.expect("Jeg skriver til dig på dansk", timeout=10)  # then handled, in order
    assert "answered it early" in bot.log()
    assert "too late" not in bot.log()


async def test_a_refusal_of_a_press_answered_early_comes_as_a_message(
    emulator: BotApiEmulator, busy_bot: BotProcess
) -> None:
    mette = emulator.user(2302, first_name="Mette", language_code="da")
    await mette.send("/start")
    await mette.expect("Velkommen")
    emulator.delay_next("sendMessage", 4.0)
    await mette.send("/help")
    await mette.press_data("admin:accept:999999")
    await emulator.wait_until(lambda: bool(mette.callback_answers), timeout=3)
    assert mette.callback_answers[-1]["text"] is None
    await mette.expect("Du kan bruge", timeout=10)
    await mette.expect("virker ikke mere", timeout=10)
