"""»✉️ Skriv til os« under every status message: a family, a donor or a volunteer who just heard
from us can write back to a person at once, and the board gets it as the person's thread."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.donate_support import donation_bot, send_quick_offer_en
from tests.e2e.harness import ADMIN_ID
from tests.e2e.request_story import IN_SEASON, Family, request_sent, rows, running_bot

ADMIN_GROUP = -1009876543


async def test_a_family_writes_to_us_from_the_approval_and_the_admin_chat_gets_the_thread(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    group = emulator.group(ADMIN_GROUP, "Hjælpesporet admins")
    group.add_member(birgitte, "administrator")
    env = {"ADMIN_CHAT_ID": str(ADMIN_GROUP)}
    async with running_bot(emulator, tmp_path, request, env, start_at=IN_SEASON):
        maja = emulator.user(3401, first_name="Maja", language_code="da")
        reference = await request_sent(maja, Family(kind="Legetøj", children=(), phone=None))
        card = await group.expect(f"🆕 {reference}")
        await group.press(birgitte, "Godkend", card)
        await group.expect(f"Godkend {reference}")
        await group.send(birgitte, "Fredag kl. 15 i Teglvænget 97")
        await group.expect(f"{reference} er godkendt")

        approved = await maja.expect("Godt nyt")
        assert approved.buttons == [["✉️ Skriv til os"]]
        await maja.press("✉️ Skriv til os", approved)
        await maja.expect("Skriv din besked til os her")
        await maja.send("Kan min mand hente i stedet for mig?")
        await maja.expect("Din besked er sendt til os")

        thread = await group.expect("Besked fra Maja")
        assert "Kan min mand hente i stedet for mig?" in thread.plain_text
        assert reference in thread.plain_text  # her open case, by its number
        assert thread.buttons == [["↩️ Svar", "✔️ Luk"]]
        await group.press(birgitte, "↩️ Svar", thread)
        await group.expect("Skriv dit svar til Maja")
        await group.send(birgitte, "Ja, det er fint. Husk nummeret.")
        await group.expect("✅ Sendt til Maja.")
        answer = await maja.expect("Ja, det er fint. Husk nummeret.")
        assert "Svar fra" in answer.plain_text


async def test_writing_to_us_under_our_question_is_a_message_not_the_answer(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as bot:
        maja = emulator.user(3402, first_name="Maja", language_code="da")
        reference = await request_sent(
            maja, Family(kind="Sko", children=(("6", "30"),), phone=None)
        )
        card = await birgitte.expect(f"🆕 {reference}")
        await birgitte.press("Spørg", card)
        await birgitte.expect(f"Skriv dit spørgsmål om {reference}")
        await birgitte.send("Hvilken farve kan han lide?")
        await birgitte.expect(f"Dit spørgsmål om {reference} er sendt")

        question = await maja.expect(f"Vi har et spørgsmål om dit ønske {reference}")
        assert question.buttons == [["✍️ Svar"], ["✉️ Skriv til os"]]
        await maja.press("✉️ Skriv til os", question)
        await maja.expect("Skriv din besked til os her")
        await maja.send("Må jeg ringe til jer i stedet?")
        await maja.expect("Din besked er sendt til os")
        thread = await birgitte.expect("Besked fra Maja")
        assert "Må jeg ringe til jer i stedet?" in thread.plain_text
        # The question still waits for its own answer.
        assert rows(bot, "SELECT answer FROM help_request_questions") == [(None,)]


async def test_a_donor_writes_to_us_from_the_decline_in_english(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    tom = emulator.user(3403, first_name="Tom", language_code="en")
    async with donation_bot(emulator, tmp_path):
        reference = await send_quick_offer_en(tom, "A box of books")
        card = await admin.expect(f"Tilbud {reference}")
        await admin.press("Afvis", message=card)
        await emulator.wait_until(lambda: "Skriv en grund" in str(card.buttons), timeout=5)
        await admin.press("Vi har nok af det lige nu.", message=card)
        await emulator.wait_until(lambda: "Ja, afvis" in str(card.buttons), timeout=5)
        await admin.press("Ja, afvis", message=card)

        told = await tom.expect("Thank you for thinking of us")
        assert told.buttons == [["✉️ Write to us"]]
        await tom.press("✉️ Write to us", told)
        await tom.expect("Write your message to us here")
        await tom.send("Would you take the books next spring?")
        await tom.expect("Your message is sent to us")
        thread = await admin.expect("Besked fra Tom")
        assert "Would you take the books next spring?" in thread.plain_text
        assert "giver" in thread.plain_text  # the board sees he is a donor
