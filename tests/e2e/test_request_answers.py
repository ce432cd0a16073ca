"""A family answers our question as people do: often just typing it; and finds it all in /mine."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from emulator import BotApiEmulator, EmulatedUser
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.request_story import IN_SEASON, Family, consent, request_sent, rows, running_bot


@pytest.fixture
async def bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as process:
        yield process


async def ask(admin: EmulatedUser, reference: str, question: str) -> None:
    card = await admin.expect(f"🆕 {reference}")
    await admin.press("Spørg", card)
    await admin.expect(f"Skriv dit spørgsmål om {reference}")
    await admin.send(question)
    await admin.expect(f"Dit spørgsmål om {reference} er sendt")


async def test_an_answer_typed_without_pressing_svar_reaches_the_admins(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3301, first_name="Maja", language_code="da")
    await request_sent(maja, Family(kind="Sko", children=(("6", "30"),), phone=None))
    await ask(admin, "H-1001", "Skal det være vinterstøvler eller gummistøvler?")
    await maja.expect("Vi har et spørgsmål om dit ønske H-1001")

    await maja.send("Vinterstøvler, tak")  # no »Svar« pressed
    thanks = await maja.expect("som dit svar på vores spørgsmål om H-1001")
    assert thanks.plain_text.startswith("Tak!")
    await maja.expect("Vi skriver snart til dig")
    relayed = await admin.expect("Svar om H-1001")
    assert "Vinterstøvler, tak" in relayed.plain_text
    assert rows(bot, "SELECT answer FROM help_request_questions") == [("Vinterstøvler, tak",)]
    assert rows(bot, "SELECT status FROM help_requests") == [("pending",)]

    await maja.send("Hej igen")  # nothing is waiting for an answer now
    await maja.expect("Det forstod jeg ikke helt")
    assert rows(bot, "SELECT COUNT(*) FROM help_request_questions WHERE answer IS NOT NULL") == [
        (1,)
    ]


async def test_another_journeys_typed_answers_are_not_taken_as_the_answer(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3302, first_name="Maja", language_code="da")
    await request_sent(maja, Family(kind="Legetøj", children=(), phone=None))
    await ask(admin, "H-1001", "Hvor gamle er børnene?")
    await maja.expect("Vi har et spørgsmål")
    await maja.send("/frivillig")  # a journey after the request journey, asking for text
    await maja.expect("Hvad hedder du")
    await maja.send("Maja Jensen")
    await maja.expect("telefonnummer")
    assert rows(bot, "SELECT answer FROM help_request_questions") == [(None,)]
    await maja.send("/cancel")
    await maja.expect("Okay, jeg er stoppet")
    await maja.send("De er 4 og 7")  # outside any journey: now it is the answer
    await maja.expect("som dit svar på vores spørgsmål om H-1001")
    assert rows(bot, "SELECT answer FROM help_request_questions") == [("De er 4 og 7",)]


async def test_request_and_mine_show_the_open_question_with_its_answer_button(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3303, first_name="Maja", language_code="da")
    await request_sent(maja, Family(kind="Køkkenting", children=(), phone=None))
    await admin.expect("🆕 H-1001")
    await request_sent(maja, Family(kind="Legetøj", children=(("4", None),), phone=None))
    await ask(admin, "H-1002", "Vil I helst have et puslespil eller en bold?")
    await maja.expect("Vi har et spørgsmål om dit ønske H-1002")

    await consent(maja)  # /hjaelp again: the question comes first, with its button
    shown = [
        m for m in maja.messages if "ønske H-1002" in m.plain_text and "er sendt" not in m.text
    ]
    assert len(shown) == 2 and shown[-1].buttons == [["✍️ Svar"], ["✉️ Skriv til os"]]
    await maja.press("Legetøj")  # the same kind as the request that waits
    refused = await maja.expect("Du har allerede bedt om legetøj")
    assert "Status: venter på dit svar på vores spørgsmål" in refused.text
    again = await maja.expect("puslespil eller en bold")
    assert again.buttons == [["✍️ Svar"], ["✉️ Skriv til os"]]
    await maja.expect("Hvad har du brug for hjælp til?")
    await maja.send("/cancel")
    await maja.expect("Okay, jeg er stoppet")

    await maja.send("/mine")
    mine = await maja.expect("Dine ønsker om hjælp")
    assert "H-1001 · Køkkenting" in mine.plain_text
    assert "Status: venter på svar fra os." in mine.plain_text
    assert "H-1002 · Legetøj" in mine.plain_text
    assert "Vores spørgsmål: Vil I helst have et puslespil eller en bold?" in mine.plain_text
    assert mine.buttons == [["✍️ Svar · H-1002"]]
    await maja.press("Svar · H-1002", mine)
    await maja.expect("Skriv dit svar på vores spørgsmål om H-1002")
    await maja.send("Et puslespil")
    await maja.expect("Vi har fået dit svar")
    await admin.expect("Et puslespil")

    await maja.send("/mine")
    mine = await maja.expect("Dine ønsker om hjælp")
    assert "Vores spørgsmål" not in mine.plain_text and mine.buttons == []
