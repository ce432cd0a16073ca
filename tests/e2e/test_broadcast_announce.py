"""/announce as an admin uses it: bad input at each step, a photo, the preview, a kill -9 in the
middle, a doubled "send"; a non-admin is refused; and the whole thing in English."""

from __future__ import annotations

from pathlib import Path

from emulator import BotApiEmulator
from tests.e2e.broadcast_support import (
    admin_user,
    bot_process,
    conversation_state,
    people,
    progress_message,
    query,
    received,
    seed_people,
)

IDS = [60001, 60002, 60003]


async def test_an_admin_announces_with_a_photo_through_bad_input_and_a_kill_9(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = admin_user(emulator)
    stranger = emulator.user(60099, first_name="Ib")
    people(emulator, IDS)
    async with bot_process(emulator, tmp_path) as bot:
        await seed_people(bot.database, IDS)
        await bot.start()
        await stranger.send("/announce")
        await stranger.expect("Det kan kun foreningens administratorer.")
        assert "is not an admin but tried /announce" in bot.log()

        await admin.send("/announce")
        await admin.expect("Skriv den tekst")
        await admin.send_sticker()
        await admin.expect("Skriv opslaget som tekst, eller send et billede med en tekst.")
        await admin.send("x" * 3501)
        await admin.expect("Teksten må højst være 3.500 tegn")
        await admin.send_photo()
        await admin.expect("Fint billede. Skriv nu teksten")
        marker = "<b>ikke html</b> & Sommerfest på lørdag 🌞"
        await admin.send(marker)
        await admin.expect("Hvem skal have det?")
        await admin.send("Alle")
        await admin.expect("Vælg med knapperne ovenfor")
        await admin.press_data("ann:aud:everyone")
        await emulator.wait_until(lambda: bool(admin.callback_answers))
        assert "virker ikke mere" in admin.callback_answers[-1]["text"]
        await admin.press("Frivillige (0)")
        await emulator.wait_until(lambda: len(admin.callback_answers) == 2)
        assert "Der er ingen i den gruppe endnu" in admin.callback_answers[-1]["text"]
        await admin.press("Alle, der har brugt botten")
        preview = await admin.expect(marker)  # the person's text, shown as typed (escaped)
        assert preview.kind == "photo"
        assert preview.plain_text.startswith("📢 Hjælpesporet Herning")
        confirm = await admin.expect("Det går til 5 personer")

        # A kill -9 here (once the step is saved): after the restart the admin goes on from it.
        await emulator.wait_until(
            lambda: '"confirm"' in conversation_state(bot.database, "announce"), timeout=5
        )
        await bot.restart()
        await admin.press("Send senere", message=confirm)
        await admin.expect("Hvornår skal det sendes?")
        await admin.press("Tilbage")
        confirm = await admin.expect("Sådan kommer det til at se ud")
        update = await admin.press("Send nu", message=confirm)
        await admin.expect("Sender nu")
        emulator.deliver_again(update)  # Telegram delivering the press again
        await admin.press_data("ann:now", message=confirm)  # a doubled press
        await emulator.wait_until(lambda: progress_message(admin) is not None, timeout=15)
        report = progress_message(admin)
        assert report is not None and "Leveret: 5" in report.plain_text

        for uid in [*IDS, stranger.id]:
            assert received(emulator, uid, marker) == 1
            assert emulator.users[uid].messages[-1].kind == "photo"
        assert query(bot.database, "SELECT COUNT(*) FROM announcements")[0][0] == 1
        assert "already handled" in bot.log()
        assert "virker ikke mere" in admin.callback_answers[-1]["text"]


async def test_an_english_speaking_admin_announces_to_news_subscribers(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = admin_user(emulator, language="en")
    people(emulator, IDS, english=[60002])
    async with bot_process(emulator, tmp_path) as bot:
        await seed_people(bot.database, IDS[:2], topic="news", english=[60002])
        await seed_people(bot.database, IDS[2:])
        await bot.start()
        await admin.send("/announce")
        await admin.expect("New announcement")
        await admin.send("The summer party is on Saturday")
        await admin.expect("Who should get it?")
        await admin.press("Subscribers: news")
        await admin.expect("The summer party is on Saturday")
        await admin.expect("It goes to 2 people")
        await admin.press("Send now")
        await admin.expect("Sending now")
        await emulator.wait_until(
            lambda: progress_message(admin, "is sent") is not None, timeout=15
        )
        report = progress_message(admin, "is sent")
        assert report is not None
        assert "Delivered: 2" in report.plain_text and "Blocked the bot: 0" in report.plain_text
        english = await emulator.users[60002].expect("The summer party")
        assert "you said yes to our news" in english.plain_text
        danish = await emulator.users[60001].expect("The summer party")
        assert "sagt ja til vores nyheder" in danish.plain_text
        await emulator.users[60003].expect_no_message(within=0.3)
