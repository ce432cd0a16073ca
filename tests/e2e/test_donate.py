"""Donors offer things by chat, tried as a new user would: run_bot.py and the emulated Telegram."""

from __future__ import annotations

from pathlib import Path

from emulator import BotApiEmulator
from tests.e2e.donate_support import (
    donation_bot,
    offers,
    quick_offer_da,
    rows,
    saved_draft,
)
from tests.e2e.harness import ADMIN_ID


async def test_a_full_offer_with_photos_in_danish_reaches_the_admin(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    mette = emulator.user(2101, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        await mette.send("/start")
        await mette.expect("Velkommen")
        await mette.press("Giv ting")
        await mette.expect("Tak, fordi du vil give")
        await mette.press("Tøj")
        await mette.expect("For eksempel: »To vinterjakker til en dreng")
        await mette.send("To vinterjakker til en dreng, næsten ikke brugt <3")
        await mette.expect("Hvilken størrelse?")
        await mette.send("110/116")
        await mette.expect("Hvor mange?")
        await mette.send("2 stk")
        await mette.expect("Er det som nyt, godt eller slidt?")
        await mette.press("Som ny")
        await mette.expect("Send gerne op til 5 billeder")
        await mette.send_photo()
        await mette.expect("Jeg har 1 af 5 billeder")
        await mette.send_photo()
        await mette.expect("Jeg har 2 af 5 billeder")
        await mette.press("Færdig")
        days = await mette.expect("Vores indleveringsdage på Teglvænget 97")
        assert "lørdag den 21. november kl. 10.00-13.00" in days.plain_text
        assert "Hent det hos mig" not in str(days.buttons)  # clothes are brought, not fetched
        await mette.press("lør. 21. nov.")
        await mette.expect("Hvordan får vi fat i dig?")
        await mette.reply_button("Del mit telefonnummer")
        await mette.expect("Jeg har skrevet 12 34 56 78 ned")
        summary = await mette.expect("Dit tilbud")
        for part in ("Tøj", "110/116", "Antal: 2", "Som ny", "Billeder: 2", "21. november"):
            assert part in summary.plain_text, part
        await mette.press("Send")
        done = await mette.expect("Dit tilbud er sendt")
        assert "G-1001" in done.plain_text
        await mette.expect("Vil du have en besked, når vi holder en ny indleveringsdag?")
        await mette.press("Ja tak")
        await mette.expect("Jeg siger til")

        card = await admin.expect("Tilbud G-1001")
        assert card.plain_text.startswith("🆕")
        assert "Giver: Mette (skriver på dansk)" in card.plain_text
        assert "To vinterjakker til en dreng, næsten ikke brugt &lt;3" in card.text
        assert card.buttons == [["✅ Tag imod", "❌ Afvis"], ["❓ Spørg giveren"]]
        album = [m for m in admin.messages if m.kind == "media_group_item"]
        assert len(album) == 2 and len({m.media_group_id for m in album}) == 1
        assert album[0].message_id < card.message_id  # the photos come first

        stored = offers(bot)
        assert len(stored) == 1 and stored[0]["phone"] == "+4512345678"
        photos = rows(bot, "SELECT * FROM offer_photos")
        assert len(photos) == 2
        subscribed = rows(bot, "SELECT * FROM subscriptions WHERE user_id = 2101")
        assert [row["topic"] for row in subscribed] == ["dropoff"]


async def test_an_english_donor_offers_furniture_for_pickup_and_changes_a_part(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    tom = emulator.user(2102, first_name="Tom", language_code="en-GB")
    async with donation_bot(emulator, tmp_path) as bot:
        await tom.send("/donate")
        await tom.expect("Thank you for wanting to give")
        await tom.press("Furniture")
        await tom.expect("For example: “An oak dining table")
        await tom.send("A small oak table")
        await tom.expect("How many?")  # furniture has no size
        await tom.press("1")
        await tom.expect("What condition is it in?")
        await tom.press("Worn but whole")
        await tom.expect("Send up to 5 photos")
        await tom.send_photo()
        await tom.expect("I have 1 of 5 photos")
        await tom.press("Done")
        handover = await tom.expect("When can you bring it?")
        assert "Saturday 21 November, 10:00-13:00" in handover.plain_text
        await tom.press("Please pick it up")
        await tom.expect("Where can we pick it up?")
        await tom.send("Skovvej 12, 2. th.")
        await tom.expect("And the postcode?")
        await tom.send("7400 Herning")
        await tom.expect("How can we reach you?")
        await tom.send("+46 70 123 45 67")
        await tom.expect("I noted +46 70 123 45 67")
        summary = await tom.expect("Your offer")
        assert "Hand-over: pickup at Skovvej 12, 2. th., 7400" in summary.plain_text
        await tom.press("Description")
        await tom.expect("Write a few words about it")
        await tom.send("A small oak table and four chairs")
        summary = await tom.expect("Your offer")  # straight back to the summary
        assert "four chairs" in summary.plain_text
        await tom.press("Send")
        done = await tom.expect("Your offer is sent")
        assert "we will contact you to agree on a pickup" in done.plain_text
        assert "Would you like a message" in (await tom.expect("drop-off day?")).plain_text
        await tom.press("No, thanks")
        await tom.expect("no messages")

        card = await admin.expect("Tilbud G-1001")
        assert "Giver: Tom (skriver på engelsk)" in card.plain_text  # a reason in English
        assert "hentes på Skovvej 12, 2. th., 7400" in card.plain_text
        assert "Telegram og telefon +46 70 123 45 67" in card.plain_text
        assert admin.messages[0].kind == "photo"  # one photo goes alone
        assert offers(bot)[0]["handover"] == "pickup"
        assert rows(bot, "SELECT * FROM subscriptions") == []  # no means no


async def test_a_not_now_category_is_answered_at_once_with_the_reason(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    mette = emulator.user(2103, first_name="Mette", language_code="da")
    tom = emulator.user(2104, first_name="Tom", language_code="en")
    async with donation_bot(emulator, tmp_path) as bot:
        await admin.send("/help")
        await admin.press("Tilbud, ønsker og beskeder", await admin.expect("Du kan bruge"))
        help_text = (await admin.expect("/notnow")).plain_text
        assert "/offers" in help_text
        await mette.send("/help")
        assert "/notnow" not in (await mette.expect("Du kan bruge")).plain_text
        await mette.send("/notnow møbler nej tak")
        await mette.expect("kun foreningens administratorer")

        await admin.send("/notnow")
        await admin.expect("Lige nu tager vi imod alle kategorier")
        await admin.send("/notnow raketter Nej tak")
        await admin.expect("Den kategori kender jeg ikke")
        await admin.send(
            "/notnow møbler Vi tager ikke imod sofaer før januar | No sofas until January"
        )
        await admin.expect("Givere, der vælger Møbler, får nu at vide: Vi tager ikke imod sofaer")
        await admin.send("/notnow legetøj til 2026-11-30 Vi har nok legetøj lige nu")
        set_until = await admin.expect("Givere, der vælger Legetøj")
        assert "Det gælder til og med mandag den 30. november" in set_until.plain_text

        await mette.send("/doner")
        await mette.expect("Hvad vil du give?")
        await mette.press("Møbler")
        reply = await mette.expect("Lige nu tager vi ikke imod møbler")
        assert "Vi tager ikke imod sofaer før januar" in reply.plain_text
        assert "Køkkenting" in str(reply.buttons)  # she can choose something else at once
        await mette.press("Legetøj")
        reply = await mette.expect("Lige nu tager vi ikke imod legetøj")
        assert "Det gælder til og med mandag den 30. november" in reply.plain_text
        await mette.press("Køkkenting")
        await mette.expect("Skriv lidt om det")

        await tom.send("/donate")
        await tom.expect("What would you like to give?")
        await tom.press("Furniture")
        reply = await tom.expect("Right now we do not take furniture")
        assert "No sofas until January" in reply.plain_text

        listing = await admin.send("/notnow")
        listing = await admin.expect("Tager vi ikke imod lige nu")
        assert "Møbler" in listing.plain_text and "30. november" in listing.plain_text
        await admin.press("Tag imod Møbler igen")
        await emulator.wait_until(
            lambda: "Møbler" not in admin.messages[-1].plain_text.split("Kategorier")[0], timeout=5
        )
        await tom.press("Furniture")
        await tom.expect("Write a few words about it")  # welcome again
        actions = [r["action"] for r in rows(bot, "SELECT action FROM audit_log ORDER BY id")]
        assert actions == ["notnow.set", "notnow.set", "notnow.clear"]


async def test_a_kill_in_the_middle_of_an_offer_goes_on_from_the_same_step(
    emulator: BotApiEmulator, tmp_path: Path
):
    mette = emulator.user(2105, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        await mette.send("/doner")
        await mette.expect("Hvad vil du give?")
        await mette.press("Tøj")
        await mette.expect("Skriv lidt om det")
        await mette.send("En regnjakke og et par regnbukser")
        await mette.expect("Hvilken størrelse?")
        await mette.send("98")
        await mette.expect("Hvor mange?")
        await mette.send("2")
        await mette.expect("Er det som nyt, godt eller slidt?")
        await mette.press("God")
        await mette.expect("Send gerne op til 5 billeder")
        await mette.send_photo()
        await mette.expect("Jeg har 1 af 5")
        await emulator.wait_until(lambda: len(saved_draft(bot, mette.id)["photos"]) == 1, 5)
        await bot.kill()  # SIGKILL: no goodbye, no flush
        await mette.send_photo()  # sent while the bot is down
        await bot.start()
        await mette.expect("Jeg har 2 af 5")  # the same step, the first photo kept
        await mette.press("Færdig")
        await mette.expect("Vores indleveringsdage")
        await mette.press("21. nov.")
        await mette.expect("Hvordan får vi fat i dig?")
        await mette.reply_button("Kun Telegram")
        summary = await mette.expect("Dit tilbud")
        for kept in ("regnjakke", "Størrelse: 98", "Antal: 2", "God", "Billeder: 2"):
            assert kept in summary.plain_text, kept
        await mette.press("Send")
        await mette.expect("Dit tilbud er sendt")
        assert len(offers(bot)) == 1
        assert len(rows(bot, "SELECT * FROM offer_photos")) == 2


async def test_a_doubled_send_and_a_redelivered_update_store_one_offer(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    mette = emulator.user(2106, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        summary = await quick_offer_da(mette)
        answered = len(mette.callback_answers)
        first = await mette.press("Send", message=summary)
        await mette.press("Send", message=summary)  # a quick second tap, before any answer
        await mette.expect("Dit tilbud er sendt")
        await mette.expect("Vil du have en besked")
        await mette.expect("Må jeg skrive til dig så?")  # efterlysninger, after a first offer
        # Both taps confirmed to Telegram first: a redelivery of an update still in flight is
        # dropped by the poller itself, before the database is asked.
        await emulator.wait_until(lambda: emulator.pending_updates == 0, timeout=5)
        await emulator.wait_until(lambda: len(mette.callback_answers) == answered + 2, timeout=5)
        assert "G-1001 er allerede sendt" in mette.callback_answers[-1]["text"]
        emulator.deliver_again(first)  # Telegram delivers the first tap once more
        await emulator.wait_until(lambda: "already handled" in bot.log(), timeout=5)
        await admin.expect("Tilbud G-1001")
        await mette.expect_no_message(within=0.5)
        await admin.expect_no_message(within=0.2)
        assert len(offers(bot)) == 1
