"""The board's question to a donor: shown in /mine and /offers, and answered by just typing."""

from __future__ import annotations

from pathlib import Path

from emulator import BotApiEmulator, EmulatedUser
from tests.e2e.donate_support import donation_bot, rows, send_quick_offer_da
from tests.e2e.harness import ADMIN_ID


async def ask(admin: EmulatedUser, reference: str, question: str) -> None:
    card = await admin.expect(f"Tilbud {reference}")
    await admin.press("Spørg giveren", message=card)
    await admin.expect(f"Skriv dit spørgsmål til giveren af {reference}")
    await admin.send(question)
    await admin.expect(f"Dit spørgsmål er sendt til giveren af {reference}")


async def test_a_typed_answer_without_the_button_reaches_the_board(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    mette = emulator.user(2601, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        await send_quick_offer_da(mette)
        await ask(admin, "G-1001", "Er der <b>mange</b> klodser?")
        await mette.expect("Vi har et spørgsmål om dit tilbud G-1001")

        await mette.send("/mine")
        listing = await mette.expect("Dine tilbud")
        assert "❓ Vi spurgte: Er der <b>mange</b> klodser?" in listing.plain_text
        assert ["✍️ Svar om G-1001"] in listing.buttons
        await admin.send("/offers")
        card = await admin.expect("Tilbud G-1001")
        assert "❓ Spørgsmål: Er der <b>mange</b> klodser?" in card.plain_text
        assert "⏳ Intet svar endnu." in card.plain_text

        # In the middle of a new offer, her text belongs to the offer
        await mette.send("/doner")
        await mette.expect("Hvad vil du give?")
        await mette.press("Køkkenting")
        await mette.expect("Skriv lidt om det")
        await mette.send("En stor gryde")
        await mette.expect("Hvor mange?")
        await mette.send("/cancel")
        await mette.expect("Intet blev sendt")
        # … and in another journey's conversation, to that journey
        await mette.send("/frivillig")
        await mette.expect("Hvad hedder du")
        await mette.send("Mette Hansen")
        await mette.expect("telefonnummer")
        await mette.send("/cancel")
        await mette.expect("Intet blev sendt")
        assert rows(bot, "SELECT answer FROM offer_questions")[0]["answer"] is None

        await mette.send("/help")  # updates run one by one: the /cancel above is saved now
        await mette.expect("Du kan bruge")
        await bot.restart()  # who has an open question is read again at start
        await mette.send("Ja, ca. 2 kg <3")
        await mette.expect("Tak, dit svar er sendt til os (G-1001)")
        relayed = await admin.expect("Svar om G-1001")
        assert "Svar: Ja, ca. 2 kg &lt;3" in relayed.text
        assert "Tag imod" in str(relayed.buttons)
        await mette.send("Hej igen")
        await mette.expect("Det forstod jeg ikke helt")  # nothing open any more
        answers = rows(bot, "SELECT answer FROM offer_questions")
        assert [row["answer"] for row in answers] == ["Ja, ca. 2 kg <3"]
        await mette.send("/mine")
        listing = await mette.expect("Dine tilbud")
        assert "Vi spurgte" not in listing.plain_text
        assert listing.buttons == [["↩️ Træk G-1001 tilbage"]]


async def test_the_answer_button_in_mine_still_works_and_people_without_questions_are_untouched(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    mette = emulator.user(2602, first_name="Mette", language_code="da")
    jens = emulator.user(2603, first_name="Jens", language_code="da")
    async with donation_bot(emulator, tmp_path):
        await send_quick_offer_da(mette)
        await ask(admin, "G-1001", "Hvor gammel er den?")
        await mette.expect("Vi har et spørgsmål")
        await jens.send("Hej")
        await jens.expect("Det forstod jeg ikke helt")
        await mette.send("/mine")
        listing = await mette.expect("Dine tilbud")
        await mette.press("Svar om G-1001", message=listing)
        await mette.expect("Skriv dit svar om G-1001")
        await mette.send("/dates")  # a command in between answers, the answer still waits
        await mette.expect("lørdag den 21. november")
        await mette.send("Et år")
        await mette.expect("Jeg har givet dit svar videre")
        await admin.expect("Svar: Et år")
        await mette.send("Tak")
        await mette.expect("Det forstod jeg ikke helt")
