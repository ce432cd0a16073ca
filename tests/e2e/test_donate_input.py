"""Bad input at each step of /donate gets a short, kind answer and the same question again."""

from __future__ import annotations

from pathlib import Path

from emulator import BotApiEmulator
from tests.e2e.donate_support import donation_bot, offers, rows


async def test_bad_input_at_every_step_is_answered_kindly(emulator: BotApiEmulator, tmp_path: Path):
    mette = emulator.user(2201, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        await mette.send("/doner")
        await mette.expect("Hvad vil du give?")
        # CATEGORY: text and a sticker where a button is wanted, a forged category
        await mette.send("sofa")
        await mette.expect("Tryk på en af knapperne")
        await mette.send_sticker()
        await mette.expect("Tryk på en af knapperne")
        await mette.press_data("donate:cat:rockets")
        await emulator.wait_until(lambda: bool(mette.callback_answers), timeout=5)
        assert "tidligere trin" in mette.callback_answers[-1]["text"]
        await mette.press("Sko")
        await mette.expect("Skriv lidt om det")
        # DESCRIPTION: too short, too long, a photo, a voice note
        await mette.send("sko")
        await mette.expect("mindst 10 tegn")
        await mette.send("x" * 501)
        await mette.expect("højst 500 tegn")
        await mette.send_photo()
        await mette.expect("her skal jeg bruge et par ord")
        await mette.send_voice()
        await mette.expect("Det kan jeg ikke bruge her. Skriv dit svar")
        await mette.send("Gummistøvler, røde 🌧️")
        await mette.expect("Hvilken skostørrelse?")
        # SIZE: outside 16-48, nonsense, an emoji
        await mette.send("52")
        await mette.expect("Sko går fra 16 til 48")
        await mette.send("🥾")
        await mette.expect("Sko går fra 16 til 48")
        await mette.send("27,5")
        await mette.expect("Hvor mange?")
        # QUANTITY: words, zero, too many, a sticker
        await mette.send("mange")
        await mette.expect("Skriv et tal fra 1 til 100")
        await mette.send("0")
        await mette.expect("Skriv et tal fra 1 til 100")
        await mette.send("500")
        await mette.expect("Skriv et tal fra 1 til 100")
        await mette.send("to par")
        await mette.expect("Er det som nyt, godt eller slidt?")
        # CONDITION: text instead of a button, a forged condition
        await mette.send("fin")
        await mette.expect("Tryk på en af knapperne")
        await mette.press_data("donate:cond:shiny")
        await emulator.wait_until(lambda: len(mette.callback_answers) == 2, timeout=5)
        await mette.press("Slidt men hel")
        await mette.expect("Send gerne op til 5 billeder")
        # PHOTOS: a sticker, text, a picture sent as a file, and a sixth photo
        await mette.send_sticker()
        await mette.expect("Det kan jeg ikke bruge her. Send et billede")
        await mette.send("her kommer de")
        await mette.expect("Her skal jeg bruge billeder")
        await mette.send_document("boots.jpg", b"\xff\xd8\xff\xe0 not really a jpeg")
        await mette.expect("Send det som et billede, ikke som en fil")
        for count in range(1, 6):
            await mette.send_photo()
            await mette.expect(f"Jeg har {count} af 5")
        await mette.send_photo()
        await mette.expect("højst tage 5 billeder")
        await mette.press("Færdig")
        await mette.expect("Vores indleveringsdage")
        # HANDOVER: text, pickup for shoes (forged), a day that does not exist
        await mette.send("lørdag")
        await mette.expect("Tryk på en af knapperne")
        await mette.press_data("donate:pickup")
        await mette.press_data("donate:day:999")
        await emulator.wait_until(lambda: len(mette.callback_answers) == 5, timeout=5)
        await mette.expect("Vores indleveringsdage")  # the list again after the bad day
        await mette.press("5. dec.")
        await mette.expect("Hvordan får vi fat i dig?")
        # CONTACT: not a phone, someone else's contact, a photo
        await mette.send("ring til mig")
        await mette.expect("Det ligner ikke et telefonnummer")
        await mette.send_contact("+4587654321", first_name="Mor", own=False)
        await mette.expect("Del dit eget nummer")
        await mette.send_photo()
        await mette.expect("Tryk på en knap herunder, eller skriv dit nummer")
        await mette.send("12 34 56 78")
        await mette.expect("Jeg har skrevet 12 34 56 78 ned")
        summary = await mette.expect("Dit tilbud")
        assert "Størrelse: 27,5" in summary.plain_text
        assert "Billeder: 5" in summary.plain_text
        # SUMMARY: text instead of a button
        await mette.send("ok")
        await mette.expect("Tryk på en af knapperne")
        await mette.press("Send")
        await mette.expect("Dit tilbud er sendt")
        assert len(offers(bot)) == 1
        assert "Traceback" not in bot.log()


async def test_back_leads_through_every_step_and_cancel_forgets_the_offer(
    emulator: BotApiEmulator, tmp_path: Path
):
    mette = emulator.user(2202, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        await mette.send("/doner")
        await mette.expect("Hvad vil du give?")
        await mette.press("Møbler")
        await mette.expect("Skriv lidt om det")
        await mette.send("En lænestol i grønt stof")
        await mette.expect("Hvor mange?")
        await mette.press("1")
        await mette.expect("Er det som nyt, godt eller slidt?")
        await mette.press("God")
        await mette.expect("Send gerne op til 5 billeder")
        await mette.press("Spring over")
        await mette.expect("Vores indleveringsdage")
        await mette.press("Hent det hos mig")
        await mette.expect("Hvor kan vi hente det?")
        await mette.send("Skovvej 12")
        await mette.expect("Og postnummeret?")
        await mette.send("7400")
        await mette.expect("Hvordan får vi fat i dig?")
        # back, step by step, to the start (the reply keyboard's back first)
        await mette.reply_button("Tilbage")
        await mette.expect("Og postnummeret?")
        for question in (
            "Hvor kan vi hente det?",
            "Vores indleveringsdage",
            "Send gerne op til 5 billeder",
            "Er det som nyt, godt eller slidt?",
            "Hvor mange?",
            "Skriv lidt om det",  # furniture has no size step
            "Hvad vil du give?",
        ):
            await mette.press("Tilbage")
            await mette.expect(question)
        await mette.press("Tøj")
        await mette.expect("Skriv lidt om det")
        await mette.send("Tre par bukser til en pige")
        await mette.expect("Hvilken størrelse?")
        await mette.press("Blandede størrelser")
        await mette.expect("Hvor mange?")
        await mette.press("Tilbage")
        await mette.expect("Hvilken størrelse?")  # clothes have a size step
        # Commands that start no journey answer at once; the offer waits at its step
        await mette.send("/dates")
        await mette.expect("lørdag den 21. november")
        await mette.send("/help")
        await mette.expect("Du kan bruge")
        await mette.send("110")
        await mette.expect("Hvor mange?")  # the offer went on where it was
        await mette.send("/cancel")
        await mette.expect("Intet blev sendt")
        await mette.send("Tre par bukser")
        await mette.expect("Det forstod jeg ikke helt")  # the offer is gone
        await mette.press_data("donate:send")
        await emulator.wait_until(lambda: bool(mette.callback_answers), timeout=5)
        assert offers(bot) == []


async def test_with_no_drop_off_day_small_things_come_back_later_and_furniture_is_fetched(
    emulator: BotApiEmulator, tmp_path: Path
):
    mette = emulator.user(2203, first_name="Mette", language_code="da")
    tom = emulator.user(2204, first_name="Tom", language_code="en")
    async with donation_bot(emulator, tmp_path, days=()) as bot:
        await mette.send("/doner")
        await mette.expect("Hvad vil du give?")
        await mette.press("Køkkenting")
        await mette.expect("Skriv lidt om det")
        await mette.send("Et sæt tallerkener")
        await mette.expect("Hvor mange?")
        await mette.press("1")
        await mette.expect("Er det som nyt, godt eller slidt?")
        await mette.press("Som ny")
        await mette.expect("Send gerne op til 5 billeder")
        await mette.press("Spring over")
        reply = await mette.expect("Vi har ingen indleveringsdag lige nu")
        assert "Skal jeg sige til" in reply.plain_text
        assert "Hent det hos mig" not in str(reply.buttons)
        await mette.press("Ja, sig til")
        await mette.expect("Send så /doner igen")

        await tom.send("/donate")
        await tom.expect("What would you like to give?")
        await tom.press("Furniture")
        await tom.expect("Write a few words")
        await tom.send("A white bookshelf")
        await tom.expect("How many?")
        await tom.press("1")
        await tom.expect("What condition")
        await tom.press("Good")
        await tom.expect("Send up to 5 photos")
        await tom.press("Skip")
        reply = await tom.expect("We have no drop-off day planned right now")
        assert "We can pick it up" in reply.plain_text
        await tom.press("I will come back later")
        await tom.expect("Send /donate again when you are ready")
        subscribed = {row["user_id"] for row in rows(bot, "SELECT user_id FROM subscriptions")}
        assert subscribed == {2203}
        assert offers(bot) == []
