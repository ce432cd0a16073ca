"""Where asking for help stops kindly: outside the area, outside the season, a second time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.request_story import (
    BEFORE_SEASON,
    IN_SEASON,
    Family,
    ask_for_help,
    consent,
    file_bytes,
    household,
    request_sent,
    rows,
    running_bot,
)


@pytest.fixture
async def bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as process:
        yield process


async def test_a_postcode_outside_the_area_names_where_else_to_ask_and_stores_nothing(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    sara = emulator.user(3003, first_name="Sara", language_code="da")
    needs = "Barneseng og dyne til min lille Oliver-Mikkel"
    await consent(sara)
    await sara.press("Møbler")
    await household(sara, Family(kind="Møbler", children=(("0", None),)))
    await sara.expect("Hvad har du brug for?")
    await sara.send(needs)
    await sara.expect("Hvad er dit postnummer")
    await sara.send("2100")
    check = await sara.expect("Er 2100 rigtigt?")
    assert check.buttons == [["✏️ Ret postnummer", "Ja, det er rigtigt"]]
    await sara.press("Ja, det er rigtigt", check)
    answer = await sara.expect("uden for det")
    assert answer.plain_text.startswith("Tak, fordi du spurgte.")
    assert "Røde Kors, Kirkens Korshær eller Frelsens Hær" in answer.text
    assert "Vi har ikke gemt noget" in answer.text
    assert "🤝 Bed om hjælp" in [label for row in answer.buttons for label in row]  # the menu

    assert rows(bot, "SELECT COUNT(*) FROM help_requests") == [(0,)]
    # The half-finished answers were in the saved conversation data: gone from the file too.
    await emulator.wait_until(lambda: needs.encode() not in file_bytes(bot), timeout=5)
    await sara.send("Hej")  # not taken as an answer to a question any more
    await sara.expect("Det forstod jeg ikke helt")
    await admin.expect_no_message(within=0.3)


async def test_julehjaelp_outside_its_window_says_when_it_opens(
    emulator: BotApiEmulator, bot: BotProcess
):
    bot.set_time(BEFORE_SEASON)
    maja = emulator.user(3004, first_name="Maja", language_code="da")
    await consent(maja)
    kinds = maja.latest_with_buttons()
    assert kinds is not None and "🔒 Julehjælp" in [b for row in kinds.buttons for b in row]
    await maja.press("Julehjælp")
    closed = await maja.expect("Julehjælp åbner")
    assert "søndag den 1. november" in closed.text
    await maja.expect("Hvad har du brug for hjælp til?")
    await maja.press("Legetøj")
    await maja.expect("Hvor mange voksne")


async def test_julehjaelp_inside_its_window_once_per_household_also_from_another_account(
    emulator: BotApiEmulator, bot: BotProcess
):
    christmas = Family(kind="Julehjælp", children=(("9", None), ("5", None)), phone="20987654")
    maja = emulator.user(3005, first_name="Maja", language_code="da")
    reference = await request_sent(maja, christmas)
    assert rows(bot, "SELECT kind, season FROM help_requests") == [("christmas", "2026")]

    await consent(maja)  # the same person again
    await maja.press("Julehjælp")
    again = await maja.expect("Du har allerede bedt om julehjælp.")
    assert reference in again.text and "venter på svar fra os" in again.text
    await maja.expect("Hvad har du brug for hjælp til?")  # back to the kinds, not the menu
    await maja.press("Legetøj")
    await maja.expect("Hvor mange voksne")

    partner = emulator.user(3006, first_name="Jonas", language_code="da")
    await ask_for_help(partner, christmas)  # same home, same phone, another Telegram account
    await partner.press("Send")
    refused = await partner.expect("Der er allerede søgt julehjælp til dette hjem i år.")
    # Another account learns nothing about the family's case: no number, no status.
    assert reference not in refused.text and "Status" not in refused.text
    assert "Skriv til os, hvis det er en fejl." in refused.text
    assert "Ring til os på 12 34 56 78, eller skriv til kontakt@hjaelpesporet.dk" in refused.text
    kinds = await partner.expect("Hvad har du brug for hjælp til?")
    assert "Julehjælp" in [label for row in kinds.buttons for label in row]
    assert rows(bot, "SELECT COUNT(*) FROM help_requests") == [(1,)]

    await partner.press("Legetøj", kinds)  # something else: the answers are still there
    summary = await partner.expect("Hjælp til: Legetøj")
    await partner.press("Send", summary)
    await partner.expect("Dit nummer er H-1002")


async def test_a_mistyped_postcode_can_be_corrected_without_losing_the_request(
    emulator: BotApiEmulator, bot: BotProcess
):
    ali = emulator.user(3007, first_name="Ali", language_code="da")
    summary = await ask_for_help(ali, Family(kind="Legetøj", children=(("6", None),)))
    await ali.press("Ret noget", summary)
    await ali.expect("Hvad vil du rette?")
    await ali.press("Postnummer")
    await ali.expect("Hvad er dit postnummer")
    await ali.send("2100")
    check = await ali.expect("Er 2100 rigtigt?")
    await ali.press("Ret postnummer", check)
    await ali.expect("Hvad er dit postnummer")
    await ali.send("7430")
    changed = await ali.expect("Dit ønske")
    assert "Postnummer: 7430" in changed.plain_text
    assert "1 barn (6 år)" in changed.plain_text

    await ali.press("Ret noget", changed)  # a typed new postcode on the question works too
    await ali.expect("Hvad vil du rette?")
    await ali.press("Postnummer")
    await ali.send("2100 København")
    await ali.expect("Er 2100 rigtigt?")
    await ali.send("7441")
    changed = await ali.expect("Dit ønske")
    assert "Postnummer: 7441" in changed.plain_text
