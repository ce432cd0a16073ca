"""Efterlysninger as the board and donors meet them: an admin posts »vinterjakke str. 122« to
300 subscribers (each gets it once, at the outbox's rate), a donor's press starts an offer with
the category and size filled in and the admin's card shows the link, closing it answers later
presses kindly; in English with the question after a first offer; and a kill -9 mid-way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.outbox import IN_FLIGHT
from emulator import BotApiEmulator, BotMessage, EmulatedUser
from tests.e2e.broadcast_support import (
    FAST,
    admin_user,
    max_per_second,
    people,
    query,
    received,
    seed_people,
)
from tests.e2e.crash_support import crashing_at
from tests.e2e.donate_support import FIRST_DAY, NOW, SECOND_DAY, seed_days, send_quick_offer_en
from tests.e2e.harness import ADMIN_ID, BotProcess

IDS = list(range(21001, 21301))
ENGLISH = IDS[::4]
RATE = 25
MARKER = "Varm vinterjakke til en dreng"


@asynccontextmanager
async def wanted_bot(
    emulator: BotApiEmulator, workdir: Path, subscribers: bool = False
) -> AsyncIterator[BotProcess]:
    """The bot, started at the donate stories' NOW with their drop-off days and quick ticks
    (with the 300 subscribers of 'wanted', if asked); its log on failure; no update may end in
    the error handler."""
    process = BotProcess(emulator, workdir, env={**FAST, "FLOOD_MAX_UPDATES": "1000"})
    process.set_time(NOW)
    await seed_days(process.database, [FIRST_DAY, SECOND_DAY])
    if subscribers:
        people(emulator, IDS, english=ENGLISH)
        await seed_people(process.database, IDS, topic="wanted", english=ENGLISH)
    try:
        await process.start()
        yield process
        assert "Error while handling" not in process.log(), process.log()[-5000:]
    except BaseException:
        print(f"---- bot log ----\n{process.log()[-30000:]}")
        raise
    finally:
        await process.stop()


async def write_post_da(admin: EmulatedUser, count: str) -> BotMessage:
    """The admin's /efterlys up to the preview, through bad input; returns the confirmation."""
    await admin.send("/efterlys")
    await admin.expect("Der er ingen åbne efterlysninger.")
    await admin.press("➕ Ny efterlysning")
    await admin.expect("Hvad mangler vi?")
    await admin.send("jakke")
    await admin.expect("Vælg med knapperne ovenfor")
    await admin.press("Tøj")
    await admin.expect("Hvilken størrelse?")
    await admin.send("kæmpestor")
    await admin.expect("Jeg kunne ikke læse den størrelse")
    await admin.send("122")
    await admin.expect("Skriv en kort tekst til giverne")
    await admin.send_sticker()
    await admin.expect("Skriv en tekst, eller send et billede med en tekst.")
    await admin.send("x" * 301)
    await admin.expect("højst 300 tegn")
    await admin.send(MARKER)
    await admin.expect("Er det til et ønske?")
    await admin.send("H-9999")
    await admin.expect("Jeg kan ikke finde det ønske")
    await admin.press("Intet ønske")
    preview = await admin.expect(MARKER)
    assert "Tøj str. 122" in preview.plain_text and preview.buttons == []
    return await admin.expect(f"Det går til {count}")


def delivered(emulator: BotApiEmulator) -> int:
    return sum(received(emulator, uid, MARKER) for uid in IDS)


async def offer_from_post_da(user: EmulatedUser, post: BotMessage) -> None:
    """The press on the post, then the offer's remaining steps (no category, no size)."""
    await user.press("🙋 Det har jeg", message=post)
    first = await user.expect("Du svarer på vores efterlysning: Tøj str. 122")
    assert "Skriv lidt om det" in first.plain_text
    await user.send("Vinterjakke str. 122, brugt én vinter")
    await user.expect("Hvor mange?")
    await user.press("1")
    await user.expect("Er det som nyt, godt eller slidt?")
    await user.press("God")
    await user.expect("Send gerne op til 5 billeder")
    await user.press("Spring over")
    await user.expect("Vores indleveringsdage")
    await user.press("21. nov.")
    await user.expect("Hvordan får vi fat i dig?")
    await user.reply_button("Kun Telegram")
    summary = await user.expect("Dit tilbud")
    assert "Tøj" in summary.plain_text and "122" in summary.plain_text
    await user.press("Send")
    await user.expect("Dit tilbud er sendt")


async def test_300_subscribers_get_an_efterlysning_once_a_press_offers_and_closing_thanks(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = admin_user(emulator)
    async with wanted_bot(emulator, tmp_path, subscribers=True) as bot:
        confirm = await write_post_da(admin, "300 personer")
        emulator.fail_every(50, error_code=429, retry_after=1)
        await admin.press("Send nu", message=confirm)
        await admin.expect("Sender E-1 nu")
        copy = await admin.expect("Efterlysning E-1 (Tøj str. 122) er på vej til 300 personer")
        await emulator.wait_until(lambda: delivered(emulator) >= 300, timeout=45)
        emulator.fail_every(0)

        # Once each, in their own language, with the button; at no more than the outbox's rate.
        assert [received(emulator, uid, MARKER) for uid in IDS] == [1] * 300
        danish = emulator.users[IDS[1]].messages[-1]
        assert "Hjælpesporet Herning leder efter" in danish.plain_text
        assert "sagt ja til efterlysninger" in danish.plain_text
        english = emulator.users[ENGLISH[1]].messages[-1]
        assert "is looking for" in english.plain_text
        assert english.buttons == [["🙋 I have it"]]
        sends = sorted(
            c.monotonic for c in emulator.calls_to("sendMessage") if c.chat_id in set(IDS)
        )
        assert max_per_second(sends) <= RATE + 2
        batch = query(bot.database, "SELECT batch_id, recipients FROM wanted_posts")[0]
        assert batch[1] == 300
        assert (
            query(bot.database, "SELECT COUNT(*) FROM outbox WHERE batch_id = ?", (batch[0],))[0][0]
            == 300
        )

        # A press starts an offer with category and size filled in, linked to E-1.
        donor = emulator.users[IDS[1]]
        await offer_from_post_da(donor, danish)
        card = await admin.expect("Tilbud G-1001")
        assert "Svar på efterlysning E-1: Tøj str. 122" in card.plain_text
        assert query(bot.database, "SELECT wanted_id FROM offers")[0][0] == 1
        # A subscriber already: no question about efterlysninger after the first offer.
        assert not any("Må jeg skrive til dig" in m.plain_text for m in donor.messages)

        # The list shows it with its offer; closing it thanks later presses kindly.
        await admin.send("/efterlys")
        listing = await admin.expect("Åbne efterlysninger")
        assert "E-1" in listing.plain_text and "1 tilbud" in listing.plain_text
        await admin.press("✔️ Luk E-1: fundet", message=copy)
        await admin.expect("Efterlysning E-1 (Tøj str. 122) er lukket")
        answers = len(admin.callback_answers)
        await admin.press("✔️ Luk E-1: fundet", message=listing)  # the list's button, later
        await emulator.wait_until(lambda: len(admin.callback_answers) > answers)
        assert "allerede lukket" in admin.callback_answers[-1]["text"]
        # The list is shown again, now without it.
        await emulator.wait_until(lambda: "ingen åbne efterlysninger" in listing.plain_text)
        late = emulator.users[IDS[2]]
        await late.press("🙋 Det har jeg", message=late.messages[-1])
        await late.expect("Vi har allerede fundet det")
        answers = len(late.callback_answers)
        await late.press_data("wanted:have:999", message=late.messages[-2])  # forged
        await emulator.wait_until(lambda: len(late.callback_answers) > answers)
        assert "virker ikke mere" in late.callback_answers[-1]["text"]
        await admin.send("/efterlys")
        await admin.expect("Der er ingen åbne efterlysninger.")
        assert query(bot.database, "SELECT status, closed_by FROM wanted_posts") == [
            ("closed", ADMIN_ID)
        ]


async def test_in_english_a_first_offer_asks_once_and_the_post_reaches_the_new_subscriber(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = admin_user(emulator, language="en")
    stranger = emulator.user(21999, first_name="Ib", language_code="en")
    donor = emulator.user(22001, first_name="Amy", language_code="en")
    async with wanted_bot(emulator, tmp_path) as bot:
        await stranger.send("/wanted")
        await stranger.expect("Only the association")  # not an admin: refused kindly
        await send_quick_offer_en(donor)
        await donor.expect("drop-off day")
        question = await donor.expect("Sometimes a family needs something special")
        await donor.press("Yes, please", message=question)
        await donor.expect("I will write when we look for something")
        await send_quick_offer_en(donor, description="A second box")
        await donor.expect_no_message(within=0.5)  # asked once, after the first offer only
        asked = ("Sometimes a family", "I will write when we look")  # the question, answered
        assert sum(any(a in m.plain_text for a in asked) for m in donor.messages) == 1
        assert query(bot.database, "SELECT topic FROM subscriptions") == [("wanted",)]

        await admin.send("/wanted new")
        await admin.expect("New wanted post. What is needed?")
        await admin.press("Shoes")
        await admin.expect("Which size?")
        await admin.send("31")
        await admin.expect("Write a short text for donors")
        await admin.send_photo(caption="Winter boots for a girl")
        await admin.expect("Is it for a request?")
        await admin.press("No request")
        preview = await admin.expect("Winter boots for a girl")
        assert preview.kind == "photo" and "Shoes size 31" in preview.plain_text
        await admin.expect("It goes to 1 person")
        await admin.press("Send now")
        await admin.expect("Sending E-1 now")
        copy = await admin.expect("Wanted post E-1 (Shoes size 31) is on its way to 1 person")
        post = await donor.expect("Winter boots for a girl")
        assert post.kind == "photo" and "is looking for" in post.plain_text
        await donor.press("🙋 I have it", message=post)
        first = await donor.expect("You answer our wanted post: Shoes size 31")
        assert "Write a few words" in first.plain_text
        await admin.press("✔️ Close E-1: found", message=copy)
        await admin.expect("Wanted post E-1 (Shoes size 31) is closed")
        await donor.press("🙋 I have it", message=post)
        await donor.expect("We have already found it")


async def test_a_kill_9_while_posting_and_half_way_loses_nothing_and_sends_nothing_twice(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = admin_user(emulator)
    async with wanted_bot(emulator, tmp_path, subscribers=True) as bot:
        confirm = await write_post_da(admin, "300 personer")
        # Dies inside the posting's transaction: nothing is stored; the press comes again.
        async with crashing_at(bot, "wanted.created"):
            await admin.press("Send nu", message=confirm)
            await admin.expect("Sender E-1 nu", timeout=30)
        # Then a kill -9 half way through the deliveries.
        await emulator.wait_until(lambda: delivered(emulator) >= 140, timeout=30)
        await bot.kill()
        await bot.start()
        await emulator.wait_until(
            lambda: (
                query(
                    bot.database,
                    "SELECT COUNT(*) FROM outbox WHERE batch_id IS NOT NULL"
                    " AND status IN ('pending', 'sending')",
                )[0][0]
                == 0
            ),
            timeout=45,
        )
        counts = {uid: received(emulator, uid, MARKER) for uid in IDS}
        uncertain = {
            row[0]
            for row in query(
                bot.database,
                "SELECT chat_id FROM outbox WHERE status = 'uncertain' AND batch_id IS NOT NULL",
            )
        }
        assert max(counts.values()) == 1
        assert len(uncertain) <= IN_FLIGHT
        assert {uid for uid, n in counts.items() if n == 0} <= uncertain
        assert query(bot.database, "SELECT COUNT(*) FROM wanted_posts")[0][0] == 1
        assert sum("er på vej til 300" in m.plain_text for m in admin.messages) == 1
