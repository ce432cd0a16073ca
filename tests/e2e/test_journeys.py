"""One journey at a time: starting another, /start or /cancel ends the one under way."""

from __future__ import annotations

from emulator import BotApiEmulator
from tests.e2e.harness import BotProcess


async def test_a_new_journey_ends_the_old_and_cancel_ends_everything(
    emulator: BotApiEmulator, bot: BotProcess
):
    amina = emulator.user(2201, first_name="Amina", language_code="da")
    await amina.send("/request")
    await amina.expect("Dine data")  # the privacy note comes first
    await amina.send("/donate")
    await amina.expect("Tak, fordi du vil give")
    await amina.send("/cancel")
    await amina.expect("Okay, jeg er stoppet")
    await amina.expect("Hvad vil du gerne?")
    await amina.send("hej")
    await amina.expect("Det forstod jeg ikke helt")  # no journey left to take it
    await amina.send("/annuller")  # the Danish word works too
    await amina.expect("Der er intet at stoppe")


async def test_start_in_the_middle_of_a_journey_gives_a_fresh_menu(
    emulator: BotApiEmulator, bot: BotProcess
):
    mette = emulator.user(2202, first_name="Mette", language_code="da")
    await mette.send("/donate")
    await mette.expect("Tak, fordi du vil give")
    await mette.send("/start")
    await mette.expect("Velkommen")
    await mette.send("To vinterjakker til en dreng")
    await mette.expect("Det forstod jeg ikke helt")


async def test_changing_language_half_way_keeps_the_journey(
    emulator: BotApiEmulator, bot: BotProcess
):
    tom = emulator.user(2203, first_name="Tom", language_code="da")
    await tom.send("/donate")
    await tom.expect("Tak, fordi du vil give")
    await tom.send("/language")
    await tom.expect("Vælg sprog")
    await tom.press("English")
    await tom.expect("go on where we were")
    await tom.send("/cancel")
    await tom.expect("Okay, I stopped")
