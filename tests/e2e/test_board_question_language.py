"""The board asks in its own words: the prompt names the person's language, and the typed
question reaches them quoted on its own line, so a Danish question never reads as broken
English."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.donate_support import donation_bot, send_quick_offer_da, send_quick_offer_en
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.request_story import IN_SEASON, request_sent, running_bot


async def test_a_danish_admin_asks_an_english_and_a_danish_donor(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    tom = emulator.user(2901, first_name="Tom", language_code="en")
    mette = emulator.user(2902, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path):
        await send_quick_offer_en(tom)
        card = await admin.expect("Tilbud G-1001")
        await admin.press("Spørg giveren", message=card)
        prompt = await admin.expect("Skriv dit spørgsmål til giveren af G-1001")
        assert "Giveren skriver på engelsk." in prompt.plain_text
        await admin.send("Er bøgerne <til børn>?")
        await admin.expect("Dit spørgsmål er sendt til giveren af G-1001")
        asked = await tom.expect("We have a question about your offer G-1001")
        assert "\n\n<i>“Er bøgerne &lt;til børn&gt;?”</i>\n\n" in asked.text
        assert "Tap “Answer” to write back." in asked.plain_text

        await send_quick_offer_da(mette)
        card = await admin.expect("Tilbud G-1002")
        await admin.press("Spørg giveren", message=card)
        prompt = await admin.expect("Skriv dit spørgsmål til giveren af G-1002")
        assert "Giveren skriver på dansk." in prompt.plain_text
        await admin.send("Hvor mange klodser?")
        await admin.expect("Dit spørgsmål er sendt til giveren af G-1002")
        asked = await mette.expect("Vi har et spørgsmål om dit tilbud G-1002")
        assert "\n\n<i>»Hvor mange klodser?«</i>\n\n" in asked.text


@pytest.fixture
async def bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as process:
        yield process


async def test_a_danish_admin_asks_an_english_and_a_danish_family(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    tom = emulator.user(3911, first_name="Tom", language_code="en")
    await tom.send("/start")
    await tom.expect("Welcome")
    await tom.press("Ask for help")
    await tom.expect("We give things for free")
    await tom.press("Yes, go on")
    await tom.expect("What do you need help with?")
    await tom.press("Shoes")
    await tom.expect("How many adults")
    await tom.press("1")
    await tom.expect("How many children")
    await tom.press("1")
    await tom.expect("How old is your child")
    await tom.send("5")
    await tom.expect("What shoe size does your child wear")
    await tom.send("size 30")
    await tom.expect("What do you need?")
    await tom.send("Rubber boots for the rain")
    await tom.expect("postcode")
    await tom.send("7400")
    await tom.expect("Did someone send you to us?")
    await tom.press("I came myself")
    await tom.expect("We write to you here on Telegram")
    await tom.reply_button("Only Telegram")
    await tom.expect("Your request")
    await tom.press("Send")
    await tom.expect("Your number is H-1001")

    card = await admin.expect("🆕 H-1001")
    assert "🗣 Skriver på engelsk" in card.plain_text
    await admin.press("Spørg", card)
    prompt = await admin.expect("Skriv dit spørgsmål om H-1001")
    assert "Familien skriver på engelsk." in prompt.plain_text
    await admin.send("Skal det være gummistøvler?")
    await admin.expect("Dit spørgsmål om H-1001 er sendt")
    asked = await tom.expect("We have a question about your request H-1001")
    assert "\n\n<i>“Skal det være gummistøvler?”</i>\n\n" in asked.text
    assert "Tap “Answer” and write to us." in asked.plain_text

    maja = emulator.user(3912, first_name="Maja", language_code="da")
    await request_sent(maja)
    card = await admin.expect("🆕 H-1002")
    await admin.press("Spørg", card)
    prompt = await admin.expect("Skriv dit spørgsmål om H-1002")
    assert "Familien skriver på dansk." in prompt.plain_text
    await admin.send("Hvor gamle er børnene?")
    await admin.expect("Dit spørgsmål om H-1002 er sendt")
    asked = await maja.expect("Vi har et spørgsmål om dit ønske H-1002")
    assert "\n\n<i>»Hvor gamle er børnene?«</i>\n\n" in asked.text
