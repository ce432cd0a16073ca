"""/deletedata also clears the copies the bot made for the board: read in the admin's chat.

Telegram keeps what the bot sent, so the person's details in the board's messages (a request's
card, the answers passed on, an offer's card, a volunteer's card, the roster, »Write to us«
messages) are edited away, through the outbox, also across a kill -9; and a pickup appointment
that goes with the erasure is named to the person first, and to the board without a name.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from emulator import BotApiEmulator, EmulatedUser
from tests.e2e.crash_support import crashing_at
from tests.e2e.donate_support import donation_bot, send_quick_offer_da
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.request_story import IN_SEASON, Family, add_dropoff_day, request_sent, running_bot
from tests.e2e.volunteer_steps import admin_of, approve, clocked_bot, create_day, register

__all__ = ["clocked_bot"]

NEEDS = "Vinterdyne til Zelmira, som sover hos sin mormor"
ANSWER = "Hun er 7 og fryser om natten"
QUESTION = "Hvornår kan jeg hente julekurven?"


@pytest.fixture
async def bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as process:
        yield process


def board_texts(admin: EmulatedUser) -> list[str]:
    return [message.plain_text for message in admin.messages]


async def delete_my_data(person: EmulatedUser) -> str:
    await person.send("/deletedata")
    confirm = await person.expect("Vil du have, at vi sletter dine data?")
    await person.press("Ja, slet", confirm)
    done = await person.expect("Vi har slettet dine data")
    return done.plain_text


async def family_with_answer_and_messages(
    emulator: BotApiEmulator, maja: EmulatedUser, admin: EmulatedUser
) -> None:
    """Maja asks for help, answers the board's question, and writes to us (text and photo)."""
    await request_sent(maja, Family(needs=NEEDS, phone="20 98 76 54"))
    card = await admin.expect("🆕 H-1001")
    await admin.press("Spørg", card)
    await admin.expect("Skriv dit spørgsmål om H-1001")
    await admin.send("Hvor gammel er Zelmira?")
    await admin.expect("Dit spørgsmål om H-1001 er sendt")
    await maja.expect("Vi har et spørgsmål om dit ønske H-1001")
    await maja.send(ANSWER)
    await maja.expect("som dit svar på vores spørgsmål om H-1001")
    relayed = await admin.expect("Svar om H-1001")
    assert ANSWER in relayed.plain_text
    await maja.send(QUESTION)
    await maja.expect("Skal jeg sende din besked til os?")
    await maja.press("✉️ Ja, send den")
    await maja.expect("Din besked er sendt til os")
    thread = await admin.expect("Besked fra Maja")
    assert QUESTION in thread.plain_text
    await admin.press("↩️ Svar", thread)
    await admin.expect("Skriv dit svar til Maja")
    await admin.send("På lørdag kl. 10 i Kirkens sal.")
    await admin.expect("✅ Sendt til Maja.")
    await maja.expect("På lørdag kl. 10 i Kirkens sal.")
    await admin.send("/inbox")
    listing = await admin.expect("1 åben samtale")
    assert any("Maja" in label for row in listing.buttons for label in row)


async def test_deletedata_blanks_the_card_the_answer_and_the_messages_in_the_admin_chat(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3401, first_name="Maja", language_code="da")
    await family_with_answer_and_messages(emulator, maja, admin)
    await admin.send("/requests")
    listed = await admin.next_message()
    await admin.press("H-1001", listed)
    shown = await admin.next_message()  # the card again, shown straight from the list
    assert NEEDS in shown.plain_text
    before = len(admin.messages)

    await delete_my_data(maja)

    card, relayed, thread = (
        next(m for m in admin.messages if m.plain_text.startswith(prefix) or prefix in m.plain_text)
        for prefix in ("H-1001", "Svar om H-1001", "Besked fra Maja")
    )
    await emulator.wait_until(lambda: "oplysningerne er slettet" in card.plain_text, timeout=10)
    await emulator.wait_until(lambda: relayed.plain_text == "[slettet]", timeout=10)
    await emulator.wait_until(lambda: thread.plain_text == "[slettet]", timeout=10)
    assert card.buttons == [] and relayed.buttons == [] and thread.buttons == []
    listing = next(m for m in admin.messages if "åben samtale" in (m.edits or [m.plain_text])[0])
    await emulator.wait_until(lambda: listing.plain_text == "[slettet]", timeout=10)
    assert listing.buttons == []  # the /inbox list with her name went too
    secrets = ("Maja", NEEDS, ANSWER, QUESTION, "98 76 54", "Zelmira", "Lone fra jobcentret")

    def still_shown() -> list[str]:
        return [t for t in board_texts(admin) if any(secret in t for secret in secrets)]

    await emulator.wait_until(lambda: not still_shown(), timeout=10)
    assert len(admin.messages) == before  # edited in place: nothing new, nothing repeated


async def test_the_board_copies_are_blanked_after_a_kill_9_right_after_the_erasure(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3402, first_name="Maja", language_code="da")
    await family_with_answer_and_messages(emulator, maja, admin)
    thread = next(m for m in admin.messages if "Besked fra Maja" in m.plain_text)

    async with crashing_at(bot, "person.erased_all"):
        await maja.send("/deletedata")
        confirm = await maja.expect("Vil du have, at vi sletter dine data?")
        await maja.press("Ja, slet", confirm)
        await maja.expect("Vi har slettet dine data", timeout=30)

    await emulator.wait_until(lambda: thread.plain_text == "[slettet]", timeout=15)
    secrets = ("Maja", NEEDS, ANSWER, QUESTION)
    await emulator.wait_until(
        lambda: not [t for t in board_texts(admin) if any(s in t for s in secrets)], timeout=10
    )
    edits = [c for c in emulator.calls if c.method == "editMessageText" and c.ok]
    blanked = [c.params.get("message_id") for c in edits if c.params.get("text") == "[slettet]"]
    assert len(blanked) >= 4 and len(blanked) == len(set(blanked))  # each once


async def test_deletedata_with_a_pickup_time_says_first_which_appointment_is_cancelled(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3403, first_name="Maja", language_code="da")
    add_dropoff_day(bot)
    await request_sent(maja, Family(kind="Legetøj", phone=None))
    card = await admin.expect("H-1001")
    await admin.press("Godkend", card)
    choose = await admin.expect("Godkend H-1001")
    await admin.press("28.11.2026 10.00-13.00", choose)
    await admin.expect("H-1001 er godkendt")
    await maja.expect("Godt nyt")

    await maja.send("/deletedata")
    asked = await maja.expect("Vil du have, at vi sletter dine data?")
    for line in (
        "Du har en tid til at hente dine ting for H-1001:",
        "📅 lørdag den 28. november kl. 10.00-13.00",
        "📍 Teglvænget 97, Herning",
        "Hvis vi sletter dine data, bliver tiden aflyst.",
    ):
        assert line in asked.plain_text
    await maja.press("Ja, slet", asked)
    done = await maja.expect("Vi har slettet dine data")
    assert done.plain_text.startswith(
        "Din tid til at hente H-1001 er aflyst:\n📅 lørdag den 28. november kl. 10.00-13.00\n"
        "📍 Teglvænget 97, Herning"
    )  # the appointment first, then that the data is gone

    notice = await admin.expect("Tiden til afhentning af H-1001 er aflyst")
    assert "lørdag den 28. november kl. 10.00-13.00, Teglvænget 97, Herning" in notice.plain_text
    assert "Familien har bedt os slette sine data" in notice.plain_text
    assert "Maja" not in notice.plain_text


async def test_deletedata_without_an_appointment_says_nothing_about_one(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    maja = emulator.user(3404, first_name="Maja", language_code="da")
    await request_sent(maja, Family(kind="Legetøj", phone=None))
    done = await delete_my_data(maja)
    assert "aflyst" not in done and done.startswith("Færdig")


async def test_deletedata_blanks_the_offer_card_for_the_board(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    maja = emulator.user(3405, first_name="Maja", language_code="da")
    async with donation_bot(emulator, tmp_path):
        reference = await send_quick_offer_da(maja, description="LEGO fra Rosenvej 12")
        card = await admin.expect(f"{reference}")
        assert "Rosenvej 12" in card.plain_text
        await delete_my_data(maja)
        await emulator.wait_until(lambda: card.plain_text == f"{reference}: [slettet]", timeout=10)
        assert card.buttons == []
        assert [t for t in board_texts(admin) if "Rosenvej 12" in t or "Maja" in t] == []


async def test_deletedata_blanks_the_volunteer_card_and_redraws_the_roster(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 2")
    maja = emulator.user(3406, first_name="Maja", language_code="da")
    await register(maja, "Maja Hansen", phone="20 98 76 54")
    await approve(admin, "Maja Hansen")
    await maja.expect("Velkommen på holdet")
    anna = emulator.user(3407, first_name="Anna", language_code="da")
    await register(anna, "Anna", phone="20 12 34 56")
    await approve(admin, "Anna")
    await anna.expect("Velkommen på holdet")
    for person in (maja, anna):
        await person.send("/vagter")
        await person.press("12.12", await person.expect("Kommende vagter"))
        await person.expect("Du har vagten")
    await admin.send("/roster 2026-12-12")
    roster = await admin.expect("Vagtplan: lørdag den 12. december")
    assert "Maja Hansen" in roster.plain_text and "Anna" in roster.plain_text
    await create_day(admin, "2026-12-19 10:00-13:00 2")
    await admin.send("/roster")  # the next day, with › to the one after
    paged = await admin.expect("Vagtplan: lørdag den 12. december")
    assert paged.buttons == [["›"]] and "Maja Hansen" in paged.plain_text

    await delete_my_data(maja)

    await emulator.wait_until(lambda: "Maja" not in roster.plain_text, timeout=10)
    assert "1. Anna · 20 12 34 56" in roster.plain_text  # the others stay on it
    await emulator.wait_until(lambda: "Maja" not in paged.plain_text, timeout=10)
    assert paged.buttons == [["›"]] and "1. Anna" in paged.plain_text  # still pages on
    card = next(m for m in admin.messages if m.plain_text == "[slettet]")
    assert card.buttons == []
    assert [t for t in board_texts(admin) if "Maja" in t or "98 76 54" in t] == []


async def test_in_english_the_appointment_is_named_and_the_board_still_hears_in_danish(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3408, first_name="Maja", language_code="da")
    add_dropoff_day(bot)
    await request_sent(maja, Family(kind="Legetøj", phone=None))
    card = await admin.expect("H-1001")
    await admin.press("Godkend", card)
    choose = await admin.expect("Godkend H-1001")
    await admin.press("28.11.2026 10.00-13.00", choose)
    await maja.expect("Godt nyt")
    await maja.send("/language")
    await maja.expect("Vælg sprog")
    await maja.press("English")
    await maja.expect("I will write to you in English")

    await maja.send("/deletedata")
    asked = await maja.expect("Do you want us to delete your data?")
    assert "You have a time to collect your things for H-1001:" in asked.plain_text
    assert "📅 Saturday 28 November, 10:00-13:00" in asked.plain_text
    assert "If we delete your data, the time is cancelled." in asked.plain_text
    await maja.press("Yes, delete", asked)
    done = await maja.expect("We have deleted your data")
    assert done.plain_text.startswith("Your time to collect H-1001 is cancelled:")

    notice = await admin.expect("Tiden til afhentning af H-1001 er aflyst")
    assert "Maja" not in notice.plain_text
    await emulator.wait_until(lambda: "oplysningerne er slettet" in card.plain_text, timeout=10)


async def test_deletedata_blanks_the_donors_words_under_the_album_photos(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    maja = emulator.user(3406, first_name="Maja", language_code="da")
    async with donation_bot(emulator, tmp_path):
        captions = (None, "Bamsen fra Rosenvej 12")
        await send_quick_offer_da(maja, description="En bamse og en bil", captions=captions)
        await admin.expect("Tilbud G-1001")
        album = [m for m in admin.messages if m.kind == "media_group_item"]
        assert [m.plain_text for m in album] == ["", "Bamsen fra Rosenvej 12"]

        await delete_my_data(maja)
        await emulator.wait_until(lambda: album[1].plain_text == "[slettet]", timeout=10)
        assert album[0].plain_text == ""  # a photo without words is left as it is
        assert [t for t in board_texts(admin) if "Rosenvej 12" in t] == []


async def test_a_card_on_its_way_to_the_board_when_the_person_is_erased_is_deleted_after_it(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    """The erasure blanks the copies it finds by their message id; a card whose request is on
    the wire has none yet. Its row goes with the erasure, so when the answer comes the sender
    finds it gone and deletes the message it just sent."""
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    maja = emulator.user(3407, first_name="Maja", language_code="da")
    await maja.send("/start")
    await maja.expect("Velkommen")
    await maja.send(QUESTION)
    offer = await maja.expect("Skal jeg sende din besked til os?")
    answer = emulator.hold_next("sendMessage", chat_id=ADMIN_ID)
    await maja.press("✉️ Ja, send den", offer)
    await maja.expect("Din besked er sendt til os")
    card = await admin.expect("Besked fra Maja")  # on the board's screen; no answer yet

    await delete_my_data(maja)
    answer.set()

    await emulator.wait_until(lambda: card.deleted, timeout=10)
    shown = [m.plain_text for m in admin.messages if not m.deleted]
    assert [text for text in shown if QUESTION in text or "Maja" in text] == []

    def taken_back() -> list[tuple[str, str]]:
        with sqlite3.connect(bot.database) as connection:
            sql = "SELECT method, status FROM outbox WHERE dedup_key LIKE 'forgotten:%'"
            return connection.execute(sql).fetchall()

    await emulator.wait_until(lambda: taken_back() == [("deleteMessages", "sent")], timeout=10)
    assert len(emulator.calls_to("deleteMessages")) == 1
