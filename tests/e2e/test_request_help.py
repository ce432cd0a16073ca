"""Asking for help, tried as a new user would: run_bot.py as a real process, Telegram emulated."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.request_story import (
    IN_SEASON,
    Family,
    after_household,
    answered,
    ask_for_help,
    consent,
    household,
    rows,
    running_bot,
    saved_at_step,
    send,
)


@pytest.fixture
async def bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as process:
        yield process


async def test_a_family_with_two_children_asks_for_clothes(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3001, first_name="Maja", language_code="da")
    maja.phone_number = "+4520987654"

    summary = await ask_for_help(maja, Family())
    assert "Hjælp til: Tøj" in summary.plain_text
    assert "2 voksne, 2 børn (7 år, størrelse 122; 4 år)" in summary.plain_text
    assert (
        "Du har brug for: Vinterjakker og varme støvler til Noah og Zelmira" in summary.plain_text
    )
    assert "Postnummer: 7400" in summary.plain_text
    assert "Henvist af: Sagsbehandler (Lone fra jobcentret)" in summary.plain_text
    assert "Telegram og 20 98 76 54" in summary.plain_text

    reference = await send(maja)
    assert reference == "H-1001"

    card = await admin.expect("H-1001")
    assert "2 voksne, 2 børn (7 år, størrelse 122; 4 år)" in card.plain_text
    assert card.plain_text.startswith("🆕 H-1001")
    assert "Lone fra jobcentret" in card.plain_text
    assert card.buttons == [["✅ Godkend", "❓ Spørg"], ["❌ Afvis"]]
    [(kind, adults, count, children, phone, status)] = rows(
        bot, "SELECT kind, adults, children_count, children, phone, status FROM help_requests"
    )
    assert (kind, adults, count, phone, status) == ("clothes", 2, 2, "+4520987654", "pending")
    assert json.loads(children) == [{"age": 7, "size": "122"}, {"age": 4}]


async def test_bad_input_at_each_step_gets_a_kind_hint_and_the_question_again(
    emulator: BotApiEmulator, bot: BotProcess
):
    ali = emulator.user(3002, first_name="Ali", language_code="da")
    await ali.send("/hjaelp")
    await ali.expect("Bed om hjælp")
    await ali.send("måske")  # neither yes nor no
    await ali.expect("Tryk på en knap, eller skriv ja eller nej")
    await ali.expect("Er det i orden?")
    await ali.send_sticker()
    await ali.expect("Tryk på en af knapperne")
    await ali.send("Ja tak")  # typed instead of the button
    await ali.expect("Hvad har du brug for hjælp til?")
    await ali.send("tøj tak 🙏")
    await ali.expect("Tryk på en af knapperne")
    await ali.press_data("rq:kind:rockets")  # forged: no such kind
    await ali.expect("Hvad har du brug for hjælp til?")
    await ali.press("Sko")

    await ali.expect("Hvor mange voksne")
    for wrong in ("mange", "0", "11", "👍"):
        await ali.send(wrong)
        await ali.expect("Skriv et tal fra 1 til 10")
    await ali.send_voice()
    await ali.expect("Her kan jeg kun læse tekst")
    await ali.send("en")  # a number in words
    await ali.expect("Hvor mange børn")
    await ali.send("13")
    await ali.expect("Skriv et tal fra 0 til 12")
    await ali.press("1")
    await ali.expect("Hvor gammel er dit barn")
    await ali.send("tyve")
    await ali.expect("Skriv et tal fra 0 til 17")
    await ali.send("18")
    await ali.expect("Skriv et tal fra 0 til 17")
    await ali.send("٩")  # nine, in Arabic-Indic digits
    await ali.expect("Hvilken størrelse sko bruger dit barn")
    await ali.send("99")
    await ali.expect("Skriv en skostørrelse fra 16 til 48, eller tryk på »Ved ikke«")
    await ali.send_photo()
    await ali.expect("Her kan jeg kun læse tekst")
    await ali.send("Det ved jeg ikke")  # like the »Ved ikke« button

    await ali.expect("Hvad har du brug for?")
    await ali.send("sko")
    await ali.expect("Skriv lidt mere, mindst 5 tegn")
    await ali.send("x" * 1001)
    await ali.expect("Hold det under 1000 tegn")
    await ali.send("Vinterstøvler, gerne med foer")
    await ali.expect("Hvad er dit postnummer")
    for wrong in ("74", "abcd", "Herning"):
        await ali.send(wrong)
        await ali.expect("Skriv de 4 tal i dit postnummer, fx 7400")
    await ali.send("7400 Herning")
    await ali.expect("Har nogen sendt dig til os")
    await ali.send("min sagsbehandler")
    await ali.expect("Tryk på en af knapperne")
    await ali.press("En anden forening")
    await ali.expect("Hvem?")
    await ali.send("y" * 201)
    await ali.expect("Hold det under 200 tegn")
    await ali.send("Røde Kors i Herning")
    await ali.expect("Vi skriver til dig her på Telegram")
    await ali.send("123")
    await ali.expect("Det ligner ikke et nummer")
    await ali.send_sticker()
    await ali.expect("Her kan jeg kun læse tekst")
    await ali.send("+45 20 98 76 54")
    await ali.expect("Tak 👍")
    await ali.expect("Dit ønske")
    await ali.send("ja tak")  # not a label (typing "send" is the press: test_newcomer_words)
    await ali.expect("Tryk på en af knapperne")
    await ali.press_data("rq:n:2")  # an old button of an earlier question
    await emulator.wait_until(lambda: answered(ali, "et spørgsmål før"), timeout=5)
    summary = await ali.expect("Dit ønske")
    assert "1 voksen, 1 barn (9 år)" in summary.plain_text
    assert rows(bot, "SELECT COUNT(*) FROM help_requests") == [(0,)]
    await send(ali)
    assert rows(bot, "SELECT kind, phone FROM help_requests") == [("shoes", "+4520987654")]


async def test_a_killed_bot_continues_at_the_same_step(emulator: BotApiEmulator, bot: BotProcess):
    maja = emulator.user(3007, first_name="Maja", language_code="da")
    await consent(maja)
    await maja.press("Tøj")
    await maja.expect("Hvor mange voksne")
    await maja.press("1")
    await maja.expect("Hvor mange børn")
    await maja.send("2")
    await maja.expect("Hvor gammel er barn nr. 1")
    await saved_at_step(emulator, bot, maja.id, "child_age")
    await bot.kill()  # kill -9 mid-conversation
    await maja.send("6")  # written while the bot is down
    await bot.start()
    await maja.expect("Hvilken størrelse bruger barn nr. 1 i tøj?")
    await maja.send("116")
    await maja.expect("Hvor gammel er barn nr. 2")
    await saved_at_step(emulator, bot, maja.id, "child_age")
    await bot.restart()
    await maja.send("3")
    await maja.expect("Hvilken størrelse bruger barn nr. 2")
    await maja.send("98")
    summary = await after_household(maja, Family(children=()))
    assert "1 voksen, 2 børn (6 år, størrelse 116; 3 år, størrelse 98)" in summary.plain_text
    await send(maja)


async def test_back_and_change_something_from_the_summary(
    emulator: BotApiEmulator, bot: BotProcess
):
    maja = emulator.user(3008, first_name="Maja", language_code="da")
    await consent(maja)
    await maja.press("Sko")
    await maja.expect("Hvor mange voksne")
    await maja.press("Tilbage")
    await maja.expect("Hvad har du brug for hjælp til?")
    await maja.press("Tøj")
    await household(maja, Family(children=(("3", "98"),)))
    await maja.expect("Hvad har du brug for?")
    await maja.press("Tilbage")
    await maja.expect("Hvilken størrelse bruger dit barn i tøj")
    await maja.send("104")
    summary = await after_household(maja, Family(referral=None, phone=None))
    assert "1 barn (3 år, størrelse 104)" in summary.plain_text
    assert "Henvist af: Ikke oplyst" in summary.plain_text
    assert "Kontakt: Telegram" in summary.plain_text

    await maja.press("Ret noget")
    await maja.expect("Hvad vil du rette?")
    await maja.press("Postnummer")
    await maja.expect("Hvad er dit postnummer")
    await maja.send("7430")
    changed = await maja.expect("Dit ønske")
    assert "Postnummer: 7430" in changed.plain_text
    await maja.press("Ret noget")
    await maja.expect("Hvad vil du rette?")
    await maja.press("Hvem bor hjemme")
    await maja.expect("Hvor mange voksne")
    await maja.press("3")
    await maja.expect("Hvor mange børn")
    await maja.press("0")
    changed = await maja.expect("Dit ønske")
    assert "3 voksne, ingen børn" in changed.plain_text
    await maja.press("Ret noget")
    await maja.expect("Hvad vil du rette?")
    await maja.press("Tilbage")
    await maja.expect("Dit ønske")
    await send(maja)
    assert rows(bot, "SELECT postcode, adults, children_count FROM help_requests") == [
        ("7430", 3, 0)
    ]


async def test_a_doubled_send_and_a_redelivered_update_store_one_request(
    emulator: BotApiEmulator, bot: BotProcess
):
    maja = emulator.user(3009, first_name="Maja", language_code="da")
    summary = await ask_for_help(maja, Family())
    send_data = summary.button_data["✅ Send"]
    first = await maja.press_data(send_data, summary)
    await maja.press_data(send_data, summary)  # a second tap before the buttons went away
    emulator.deliver_again(first)
    await maja.expect("Dit nummer er H-1001")
    await emulator.wait_until(lambda: emulator.pending_updates == 0, timeout=5)
    await maja.expect_no_message(within=0.5)
    assert rows(bot, "SELECT COUNT(*) FROM help_requests") == [(1,)]


async def test_cancel_stops_and_stores_nothing(emulator: BotApiEmulator, bot: BotProcess):
    maja = emulator.user(3010, first_name="Maja", language_code="da")
    await consent(maja)
    await maja.press("Legetøj")
    await maja.expect("Hvor mange voksne")
    await maja.send("/cancel")
    await maja.expect("Okay, jeg er stoppet")
    await maja.send("2")
    await maja.expect("Det forstod jeg ikke helt")
    assert rows(bot, "SELECT COUNT(*) FROM help_requests") == [(0,)]


async def test_an_english_speaker_asks_for_shoes(emulator: BotApiEmulator, bot: BotProcess):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    tom = emulator.user(3011, first_name="Tom", language_code="en")
    await tom.send("/start")
    await tom.expect("Welcome")
    await tom.press("Ask for help")
    intro = await tom.expect("We give things for free")
    assert "Your data" in intro.text and "180 days" in intro.text
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
    summary = await tom.expect("Your request")
    assert "1 adult, 1 child (5 years, size 30)" in summary.plain_text
    assert "Referred by: I came myself" in summary.plain_text
    await tom.press("Send")
    done = await tom.expect("Your number is H-1001")
    assert "You will hear from us within 3 days" in done.text
    record = await tom.expect("Your request H-1001 is sent")
    assert "Then tap Send" not in record.text and "Home: 1 adult" in record.plain_text
    card = await admin.expect("H-1001")  # admins read it in their own language (Danish)
    assert "Sko" in card.text
