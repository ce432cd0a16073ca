"""Pickup only in our area, "back" during a change, and other commands in the middle of an offer."""

from __future__ import annotations

from pathlib import Path

from emulator import BotApiEmulator, EmulatedUser
from tests.e2e.donate_support import donation_bot, offers


def bot_texts(user: EmulatedUser) -> list[str]:
    return [message.plain_text for message in user.messages]


async def test_pickup_outside_our_area_is_brought_instead_and_back_keeps_the_summary(
    emulator: BotApiEmulator, tmp_path: Path
):
    mette = emulator.user(2501, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        await mette.send("/doner")
        await mette.expect("Hvad vil du give?")
        await mette.press("Møbler")
        await mette.expect("For eksempel: »Et spisebord i eg med fire stole.«")
        await mette.send("🪑" * 11)  # eleven emoji are not a description
        await mette.expect("Skriv det gerne med ord, så vi ved, hvad det er")
        await mette.send("En grøn lænestol")
        await mette.expect("Hvor mange?")
        await mette.press("1")
        await mette.expect("Er det som nyt, godt eller slidt?")
        await mette.press("God")
        await mette.expect("Send gerne op til 5 billeder")
        for count in range(1, 6):
            await mette.send_photo()
            await mette.expect(f"Jeg har {count} af 5")
        await mette.send_sticker()
        full = await mette.expect("Det kan jeg ikke bruge her")
        assert "Tryk på »Færdig«" in full.plain_text and "Send et billede" not in full.plain_text
        await mette.press("Færdig")
        await mette.expect("Vores indleveringsdage")
        await mette.press("Hent det hos mig")
        await mette.expect("Hvor kan vi hente det?")
        await mette.send("Hovedgaden")
        await mette.expect("Skriv vej og husnummer, fx Skovvej 12")
        await mette.send("Hovedgaden 3")
        await mette.expect("Og postnummeret?")
        await mette.send("2100")
        outside = await mette.expect("kun hente ting i vores eget område")
        assert "komme med det på en indleveringsdag" in outside.plain_text
        assert outside.buttons[:2] == [["📅 Jeg kommer med det"], ["✏️ Ret postnummeret"]]
        await mette.press("Ret postnummeret")
        await mette.expect("Og postnummeret?")
        await mette.send("0000")
        await mette.expect("kun hente ting i vores eget område")
        await mette.press("Jeg kommer med det")
        await mette.expect("Vores indleveringsdage")
        await mette.press("21. nov.")
        await mette.expect("Hvordan får vi fat i dig?")
        await mette.reply_button("Tilbage")
        await mette.expect("Vores indleveringsdage")  # the question itself, no bare "Okay."
        assert "Okay." not in bot_texts(mette)
        await mette.press("21. nov.")
        await mette.expect("Hvordan får vi fat i dig?")
        await mette.reply_button("Kun Telegram")
        summary = await mette.expect("Dit tilbud")
        assert "Aflevering: indleveringsdag lørdag den 21. november" in summary.plain_text
        assert "Billeder: 5" in summary.plain_text

        # Back from a step opened by a change: the summary as it was
        await mette.press("Slags", message=summary)
        await mette.expect("Hvad vil du give?")
        await mette.press("Sko")
        await mette.expect("Hvilken skostørrelse?")
        await mette.press("Tilbage")
        summary = await mette.expect("Okay, jeg har ikke ændret noget")
        assert "Slags: Møbler" in summary.plain_text and "Er det rigtigt?" in summary.plain_text
        await mette.press("Aflevering", message=summary)
        await mette.expect("Vores indleveringsdage")
        await mette.press("Hent det hos mig")
        await mette.expect("Hvor kan vi hente det?")
        await mette.press("Tilbage")
        summary = await mette.expect("Okay, jeg har ikke ændret noget")
        assert "indleveringsdag lørdag den 21. november" in summary.plain_text

        # Back from the summary goes back in order, and on from there
        await mette.press("Tilbage", message=summary)
        await mette.expect("Hvordan får vi fat i dig?")
        await mette.reply_button("Tilbage")
        await mette.expect("Vores indleveringsdage")  # not the summary again
        await mette.press("Tilbage")
        await mette.expect("Jeg har 5 af 5 billeder")
        await mette.press("Færdig")
        await mette.expect("Vores indleveringsdage")
        await mette.press("5. dec.")
        await mette.expect("Hvordan får vi fat i dig?")
        await mette.send("12 34 56 78")
        summary = await mette.expect("Dit tilbud")
        assert "5. december" in summary.plain_text
        await mette.press("Send")
        await mette.expect("Dit tilbud er sendt")
        stored = offers(bot)
        assert len(stored) == 1 and stored[0]["handover"] == "dropoff"
        assert stored[0]["pickup_postcode"] is None


async def test_commands_in_the_middle_of_an_offer_answer_and_the_offer_goes_on(
    emulator: BotApiEmulator, tmp_path: Path
):
    tom = emulator.user(2502, first_name="Tom", language_code="en")
    async with donation_bot(emulator, tmp_path) as bot:
        await tom.send("/donate")
        await tom.expect("What would you like to give?")
        await tom.press("Other")
        await tom.expect("what is it, and is there anything we should know?")  # no odd example
        await tom.send("A box of books")
        await tom.expect("How many?")
        await tom.send("/mine")
        await tom.expect("There is nothing here yet")
        await tom.send("/subscribe")
        await tom.expect("What do you want to hear about?")
        await tom.send("/privacy")
        await tom.expect("Your data")
        await tom.send("3")  # the offer waited at its step
        await tom.expect("What condition is it in?")
        await tom.press("Good")
        await tom.expect("Send up to 5 photos")
        await tom.press("Skip")
        await tom.expect("When can you bring it?")
        await tom.press("21 Nov")
        await tom.expect("How can we reach you?")
        await tom.reply_button("Only Telegram")
        summary = await tom.expect("Your offer")
        assert "Photos: none" in summary.plain_text and "Quantity: 3" in summary.plain_text
        await tom.press("Send")
        await tom.expect("Your offer is sent")
        record = await tom.expect("Your offer G-1001")
        assert record.buttons == [] and "Is it all right?" not in record.plain_text
        assert len(offers(bot)) == 1
