"""A family reads about their own times to collect in /start and /dates, and how collecting
works, instead of the donors' drop-off days; donors still see the drop-off days."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from emulator import BotApiEmulator, EmulatedUser
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.request_story import IN_SEASON, Family, request_sent, running_bot


def add_day(bot: BotProcess, starts: str, ends: str, place: str) -> None:
    with sqlite3.connect(bot.database) as conn:
        conn.execute(
            "INSERT INTO dropoff_days (starts_at, ends_at, place, volunteers_needed,"
            " created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)",
            (starts, ends, place, "2026-11-01T00:00:00.000000Z", "2026-11-01T00:00:00.000000Z"),
        )


def add_days(bot: BotProcess) -> None:
    """Saturday 28 November 10-13 in Teglvænget; Wednesday 2 December 16-18 in Kirkens sal."""
    add_day(bot, "2026-11-28T09:00:00.000000Z", "2026-11-28T12:00:00.000000Z", "Teglvænget 97")
    add_day(bot, "2026-12-02T15:00:00.000000Z", "2026-12-02T17:00:00.000000Z", "Kirkens sal")


async def approved_on_the_first_day(admin: EmulatedUser, reference: str) -> None:
    card = await admin.expect(f"🆕 {reference}")
    await admin.press("Godkend", card)
    choose = await admin.expect(f"Godkend {reference}")
    await admin.press("28.11.2026 10.00-13.00", choose)
    await admin.expect(f"{reference} er godkendt")


async def test_a_family_sees_their_own_time_and_how_to_collect_in_danish(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    maja = emulator.user(3501, first_name="Maja", language_code="da")
    lars = emulator.user(3502, first_name="Lars", language_code="da")
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as bot:
        add_days(bot)
        await maja.send("/start")
        first = await maja.expect("Hej Maja")
        assert "indleveringsdage" in first.plain_text  # not a family yet

        reference = await request_sent(maja, Family(kind="Legetøj", children=(), phone=None))
        sent = maja.messages[-1]  # »We got your request«, with the menu
        assert any("📅 Hent mine ting" in row for row in sent.buttons)
        await maja.send("/datoer")
        waiting = await maja.expect("Hvornår du kan hente")
        assert f"{reference} · Legetøj" in waiting.plain_text
        assert "Status: venter på svar fra os." in waiting.plain_text
        assert "Sådan gør du" in waiting.plain_text
        assert "Tag dit nummer med" in waiting.plain_text
        assert "indleveringsdag" not in waiting.plain_text.lower()
        assert "Kirkens sal" not in waiting.plain_text
        assert waiting.buttons == [["✉️ Skriv til os"]]

        await approved_on_the_first_day(admin, reference)
        await maja.expect("Godt nyt")
        await maja.send("/start")
        start = await maja.expect("Hej Maja")
        assert "indleveringsdag" not in start.plain_text.lower()
        assert "lørdag den 28. november kl. 10.00-13.00" in start.plain_text
        assert "📍 Teglvænget 97" in start.plain_text
        assert "Kirkens sal" not in start.plain_text
        assert "Det er gratis" in start.plain_text
        assert any("📅 Hent mine ting" in row for row in start.buttons)
        await maja.press("📅 Hent mine ting", start)
        again = await maja.expect("Hvornår du kan hente")
        assert "lørdag den 28. november kl. 10.00-13.00" in again.plain_text

        # Someone who never asked for help still sees the drop-off days, each with its place.
        await lars.send("/datoer")
        days = await lars.expect("Kommende indleveringsdage")
        assert "Teglvænget 97" in days.plain_text and "Kirkens sal" in days.plain_text
        await lars.send("/start")
        hello = await lars.expect("Hej Lars")
        assert "indleveringsdage" in hello.plain_text


async def test_a_family_reads_the_same_in_english(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    maja = emulator.user(3503, first_name="Maja", language_code="da")
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as bot:
        add_days(bot)
        reference = await request_sent(maja, Family(kind="Legetøj", children=(), phone=None))
        await approved_on_the_first_day(admin, reference)
        await maja.expect("Godt nyt")
        await maja.send("/language")
        await maja.expect("Choose language")
        await maja.press("English")
        await maja.expect("I will write to you in English")
        menu = await maja.expect("What would you like to do?")
        assert any("📅 Collect my things" in row for row in menu.buttons)

        await maja.send("/start")
        start = await maja.expect("Hi Maja")
        assert "drop-off days" not in start.plain_text.lower()
        assert "When you can collect" in start.plain_text
        assert f"{reference} · Toys" in start.plain_text
        assert "Saturday 28 November, 10:00-13:00" in start.plain_text
        assert "How it works" in start.plain_text
        assert any("📅 Collect my things" in row for row in start.buttons)

        await maja.send("/dates")
        dates = await maja.expect("When you can collect")
        assert "Teglvænget 97" in dates.plain_text and "Kirkens sal" not in dates.plain_text
        assert "Bring your number, so we know it is you." in dates.plain_text
        assert dates.buttons == [["✉️ Write to us"]]


async def test_a_family_who_also_runs_the_days_sees_both(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as bot:
        add_days(bot)
        reference = await request_sent(birgitte, Family(kind="Legetøj", children=(), phone=None))
        await birgitte.send("/datoer")
        both = await birgitte.expect("Hvornår du kan hente")
        assert f"{reference} · Legetøj" in both.plain_text
        assert "Kommende indleveringsdage" in both.plain_text and "Kirkens sal" in both.plain_text
        assert any("⚙️" in label for row in both.buttons for label in row)  # still the manager
