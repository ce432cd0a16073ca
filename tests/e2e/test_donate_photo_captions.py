"""A donor's words on a photo ("Jakken forfra") reach the admins with the photo, escaped."""

from __future__ import annotations

from pathlib import Path

from emulator import BotApiEmulator
from tests.e2e.donate_support import donation_bot, rows
from tests.e2e.harness import ADMIN_ID


async def test_captions_are_kept_and_shown_with_the_album_in_danish(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    mette = emulator.user(2951, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        await mette.send("/doner")
        await mette.expect("Hvad vil du give?")
        await mette.press("Legetøj")
        await mette.expect("Skriv lidt om det")
        await mette.send("En jakke og en bamse")
        await mette.expect("Hvor mange?")
        await mette.press("2")
        await mette.expect("Er det som nyt, godt eller slidt?")
        await mette.press("God")
        await mette.expect("Send gerne op til 5 billeder")
        await mette.send_photo(caption="Jakken <forfra>")
        await mette.expect("Jeg har 1 af 5")
        await mette.send_photo()
        await mette.expect("Jeg har 2 af 5")
        await mette.press("Færdig")
        await mette.expect("Vores indleveringsdage")
        await mette.press("21. nov.")
        await mette.expect("Hvordan får vi fat i dig?")
        await mette.reply_button("Kun Telegram")
        await mette.expect("Vi skriver til dig her")
        await mette.expect("Dit tilbud")
        await mette.press("Send")
        await mette.expect("Dit tilbud er sendt")

        await admin.expect("Tilbud G-1001")
        album = [m for m in admin.messages if m.kind == "media_group_item"]
        assert len(album) == 2
        assert album[0].plain_text == "Jakken <forfra>"
        assert album[1].plain_text == ""
        assert rows(bot, "SELECT position, caption FROM offer_photos ORDER BY position") == [
            {"position": 1, "caption": "Jakken <forfra>"},
            {"position": 2, "caption": None},
        ]


async def test_one_captioned_photo_in_english_reaches_the_admin_with_its_words(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    tom = emulator.user(2952, first_name="Tom", language_code="en")
    async with donation_bot(emulator, tmp_path):
        await tom.send("/donate")
        await tom.expect("What would you like to give?")
        await tom.press("Other")
        await tom.expect("Write a few words about it")
        await tom.send("A winter coat")
        await tom.expect("How many?")
        await tom.press("1")
        await tom.expect("What condition is it in?")
        await tom.press("Good")
        await tom.expect("Send up to 5 photos")
        await tom.send_photo(caption="The coat from the front & back")
        await tom.expect("I have 1 of 5")
        await tom.press("Done")
        await tom.expect("When can you bring it?")
        await tom.press("21 Nov")
        await tom.expect("How can we reach you?")
        await tom.reply_button("Only Telegram")
        await tom.expect("Your offer")
        await tom.press("Send")
        await tom.expect("Your offer is sent")

        card = await admin.expect("Tilbud G-1001")
        photo = await admin.expect("The coat from the front & back")
        assert photo.message_id < card.message_id  # the photo comes before the card
        await admin.send("/offers")
        await admin.expect("Tilbud, der venter på svar: 1")
        listed = await admin.expect("Tilbud G-1001")
        await admin.press("Billeder", message=listed)
        await emulator.wait_until(
            lambda: (
                sum("The coat from the front & back" in m.plain_text for m in admin.messages) == 2
            ),
            timeout=5,
        )
