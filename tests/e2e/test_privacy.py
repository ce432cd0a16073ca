"""The person's data through the real bot: the note, the export file, erasure, retention."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.request_story import (
    IN_SEASON,
    Family,
    ask_for_help,
    file_bytes,
    request_sent,
    rows,
    running_bot,
)

PHONE = "+4520987654"
NEEDS = "Vinterdyne og sengetøj til Zelmira, som sover hos sin mormor"


@pytest.fixture
async def bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as process:
        yield process


async def test_privacy_shows_what_is_stored_who_sees_it_how_long_and_how_to_erase(
    emulator: BotApiEmulator, bot: BotProcess
):
    maja = emulator.user(3201, first_name="Maja", language_code="da")
    await maja.send("/privacy")
    note = await maja.expect("Dine data")
    seen_by = "Kun bestyrelsen kan se dem."
    for part in (
        "Vi gemmer dine svar",
        seen_by,
        "180 dage",
        "/sletdata",
        "Datatilsynet",
        "Teglvænget 97",
    ):
        assert part in note.text
    tom = emulator.user(3202, first_name="Tom", language_code="en")
    await tom.send("/privacy")
    await tom.expect("We delete your details 180 days after your case is closed")


async def test_mydata_sends_everything_stored_about_the_person_as_a_json_file(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3203, first_name="Maja", language_code="da")
    maja.phone_number = PHONE
    await request_sent(maja, Family(needs=NEEDS))
    card = await admin.expect("H-1001")
    await admin.press("Spørg", card)
    await admin.expect("Skriv dit spørgsmål")
    await admin.send("Har I en vinterjakke i forvejen?")
    await maja.expect("Vi har et spørgsmål")
    await ask_for_help(maja, Family(kind="Legetøj", needs="Et puslespil til en pige på 4"))
    await maja.send("/mydata")
    summary = await maja.expect("Her er alt, hvad vi har gemt om dig")
    assert summary.document_name is None  # the summary is the message, readable at once
    assert "Dine ønsker om hjælp: H-1001 (venter på dit svar på vores spørgsmål)." in summary.text
    assert "/sletdata" in summary.text
    reply = await maja.expect("Det hele står i denne fil")
    assert reply.document_name == "mine-data.json" and reply.document_bytes is not None
    data = json.loads(reply.document_bytes.decode("utf-8"))

    assert next(iter(data)) == "Kort fortalt"  # a few plain words first, then the full data
    assert data["Kort fortalt"][0] == "Her er alt, hvad vi har gemt om dig."
    assert data["Dit Telegram-nummer"] == maja.id
    assert data["Dig"]["Sprog"] == "dansk"
    [request] = data["Ønsker"]
    assert (request["Nummer"], request["Telefon"], request["Hvad du mangler"]) == (
        "H-1001",
        "20 98 76 54",
        NEEDS,
    )
    assert (request["Slags"], request["Sendt af"]) == ("Tøj", "Sagsbehandler")
    assert request["Status"] == "venter på dit svar på vores spørgsmål"
    assert request["Børnene"] == [{"Alder": 7, "Størrelse": "122"}, {"Alder": 4, "Størrelse": None}]
    assert request["Hvem sendte dig"] == "Lone fra jobcentret"
    assert request["Spørgsmål"][0]["Spørgsmål"] == "Har I en vinterjakke i forvejen?"
    # The half-finished second request is stored too, so it is in the file.
    half_done = data["Svar, du er i gang med"]["Dine svar"]
    assert "Et puslespil til en pige på 4" in json.dumps(half_done, ensure_ascii=False)
    [notice] = data["Beskeder, vi har sendt dig"]  # what the bot sent on its own
    assert "Har I en vinterjakke i forvejen?" in notice["Tekst"]
    assert data["Tilbud"] == [] and data["Frivillig"] is None and data["Nyheder, du får"] == []
    # Nothing that means something only to the database, and no key in English or snake_case.
    text = reply.document_bytes.decode("utf-8")
    for internal in ("idempotency_key", "user_id", "dropoff_day_id", "help_requests", "_"):
        assert f'"{internal}' not in text and f'{internal}":' not in text


async def test_mydata_in_english_has_english_labels(
    emulator: BotApiEmulator, bot: BotProcess
) -> None:
    tom = emulator.user(3205, first_name="Tom", language_code="en")
    await tom.send("/start")
    await tom.expect("")
    await tom.send("/mydata")
    summary = await tom.expect("Here is everything we have saved about you.")
    assert "Your requests for help: none." in summary.text
    assert "To delete all of it now, send /deletedata" in summary.text
    reply = await tom.expect("All of it, in full, is in this file.")
    assert reply.document_name == "my-data.json" and reply.document_bytes is not None
    data = json.loads(reply.document_bytes.decode("utf-8"))
    assert data["You"]["Language"] == "English" and data["Your Telegram number"] == tom.id
    assert data["Requests"] == [] and data["Offers"] == [] and data["Volunteer"] is None
    assert "idempotency_key" not in reply.document_bytes.decode("utf-8")


async def test_deletedata_erases_the_phone_number_from_the_database_file(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3204, first_name="Maja", language_code="da")
    await request_sent(maja, Family(needs=NEEDS, phone="20 98 76 54"))
    card = await admin.expect("H-1001")
    await admin.press("Spørg", card)
    await admin.expect("Skriv dit spørgsmål")
    await admin.send("Hvor gammel er Zelmiras mormor?")
    await maja.expect("Vi har et spørgsmål")
    secrets = [PHONE.encode(), b"20987654", NEEDS.encode(), b"Zelmira", b"Lone fra jobcentret"]
    before = file_bytes(bot)
    assert all(secret in before for secret in secrets)  # the check can see them at all

    await maja.send("/deletedata")
    asked = await maja.expect("Vil du have, at vi sletter dine data?")
    assert "Vi sletter dine oplysninger: dine beskeder om hjælp, ting og frivilligt" in asked.text
    await maja.press("Nej, behold dem")
    await maja.expect("intet er slettet")
    assert PHONE.encode() in file_bytes(bot)

    await maja.send("/deletedata")
    confirm = await maja.expect("Vil du have, at vi sletter dine data?")
    await maja.press("Ja, slet", confirm)
    await maja.expect("Vi har slettet dine data")

    after = file_bytes(bot)
    assert [secret for secret in secrets if secret in after] == []
    assert rows(bot, "SELECT kind, adults, children_count, status, user_id FROM help_requests") == [
        ("clothes", 2, 2, "withdrawn", None)
    ]
    assert rows(bot, "SELECT COUNT(*) FROM users WHERE id = ?", (maja.id,)) == [(0,)]
    await emulator.wait_until(lambda: "oplysningerne er slettet" in card.plain_text, timeout=5)
    assert card.buttons == []

    await bot.restart()  # nothing comes back, and the person can start again
    await maja.send("/mydata")
    await maja.expect("Her er alt")
    reply = await maja.expect("Det hele står i denne fil")
    assert reply.document_bytes is not None
    data = json.loads(reply.document_bytes)
    assert data["Ønsker"] == [] and data["Svar, du er i gang med"]["Dine svar"] == {}


async def test_an_old_delete_button_asks_again(emulator: BotApiEmulator, bot: BotProcess):
    maja = emulator.user(3205, first_name="Maja", language_code="da")
    await maja.send("/deletedata")
    question = await maja.expect("Vil du have, at vi sletter dine data?")
    bot.set_time(IN_SEASON + timedelta(hours=3))
    await maja.press("Ja, slet", question)
    await emulator.wait_until(
        lambda: any("virker ikke længere" in (a.get("text") or "") for a in maja.callback_answers),
        timeout=5,
    )


async def test_closed_requests_lose_their_personal_details_after_the_retention_days(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    env = {"RETENTION_DAYS": "30"}
    async with running_bot(emulator, tmp_path, request, env, start_at=IN_SEASON) as bot:
        maja = emulator.user(3206, first_name="Maja", language_code="da")
        await request_sent(maja, Family(needs=NEEDS, phone="20 98 76 54"))
        card = await admin.expect("H-1001")
        await admin.press("Afvis", card)
        await admin.expect("Afvis H-1001")
        await admin.send("Vi har ikke dyner til Zelmira lige nu")
        await maja.expect("Om dit ønske H-1001")

        bot.set_time(IN_SEASON + timedelta(days=31))
        await bot.restart()  # the daily job also runs soon after each start

        def anonymised() -> bool:
            return rows(bot, "SELECT anonymised_at IS NOT NULL FROM help_requests") == [(1,)]

        await emulator.wait_until(anonymised, timeout=10)
        assert rows(bot, "SELECT kind, status, phone, needs FROM help_requests") == [
            ("clothes", "declined", None, None)
        ]
        await emulator.wait_until(lambda: b"Zelmira" not in file_bytes(bot), timeout=5)
        assert PHONE.encode() not in file_bytes(bot)
