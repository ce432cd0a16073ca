"""Ukrainian and Arabic, as the people who need them meet the bot: a Ukrainian family asks for
julehjælp start to end in Ukrainian, an Arabic-speaking volunteer signs up and takes a shift in
Arabic, and the board reads both in Danish, with each person's language on the card."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.i18n import FSI
from emulator import BotApiEmulator
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.language_support import shown
from tests.e2e.request_story import IN_SEASON, running_bot
from tests.e2e.volunteer_steps import admin_of, clocked_bot, create_day

__all__ = ["clocked_bot"]  # a fixture


@pytest.fixture
async def season_bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as process:
        yield process


async def test_a_ukrainian_family_asks_for_julehjaelp_in_ukrainian(
    emulator: BotApiEmulator, season_bot: BotProcess
) -> None:
    def uk(danish: str) -> str:
        return shown("uk", danish)

    olena = emulator.user(7101, first_name="Olena", language_code="uk")
    board = emulator.user(ADMIN_ID, first_name="Mette", language_code="da")
    await olena.send("/start")
    await olena.expect("Olena")
    await olena.press(uk("Bed om hjælp"))
    intro = await olena.expect("/deletedata")  # what we keep and why, before anything is asked
    await olena.press(uk("Ja, fortsæt"), intro)
    await olena.expect(uk("Hvad har du brug for hjælp til?"))
    await olena.press("Різдвяна допомога")  # the profile's own Ukrainian label
    await olena.expect(uk("Hvor mange voksne"))
    await olena.press("1")
    await olena.expect(uk("Hvor mange børn under 18"))
    await olena.send("2")
    for age in ("9", "3"):
        await olena.expect(uk("Hvor gammel er"))
        await olena.send(age)
    await olena.expect(uk("Hvad har du brug for?"))
    await olena.send("Теплий одяг і щось до свята для двох дітей")
    await olena.expect(uk("Hvad er dit postnummer"))
    await olena.send("7400")
    await olena.expect(uk("Har nogen sendt dig til os"))
    await olena.press(uk("Spring over"))
    await olena.expect(uk("Vi skriver til dig her på Telegram"))
    await olena.reply_button(uk("Kun Telegram"))
    await olena.expect(uk("Tak 👍"))
    summary = await olena.expect(uk("Dit ønske").removeprefix("<b>").removesuffix("</b>"))
    assert "Теплий одяг" in summary.text  # what she typed stays as she typed it
    await olena.press(uk("✅ Send"), summary)
    number = uk("Dit nummer er").removesuffix("<b>").strip()
    done = await olena.expect(number)  # (the summary, edited, names H- too)
    assert "H-1001" in done.text
    record = await olena.expect("H-1001")
    assert uk("Er det rigtigt? Så tryk på Send.") not in record.text

    card = await board.expect("Julehjælp")
    assert "Skriver på ukrainsk" in card.text  # the board reads Danish, and her language
    assert "Теплий одяг і щось до свята" in card.text


async def test_an_arabic_speaking_volunteer_signs_up_and_takes_a_shift_in_arabic(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    def ar(danish: str) -> str:
        return shown("ar", danish)

    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 2")
    omar = emulator.user(7201, first_name="Omar", language_code="ar")
    await omar.send("/frivillig")
    await omar.expect(ar("Hvad hedder du"))
    await omar.send("Omar Haddad")
    await omar.expect(ar("Dit telefonnummer"))
    await omar.send("20 12 34 56")
    await omar.expect(ar("Hvad kan du lide"))
    await omar.press("القيادة")  # the profile's own Arabic label of a skill
    await omar.press(ar("➡️ Færdig"))
    await omar.expect(ar("Må vi gemme"))
    await omar.press(ar("Ja, det er fint"))

    card = await admin.expect("Ny frivillig: Omar Haddad")
    assert "Skriver på arabisk" in card.text
    await admin.press("Godkend", card)
    welcome = await omar.expect(ar("Velkommen på holdet"))
    assert f"{FSI}Omar Haddad" in welcome.text  # a Latin name keeps its own direction
    await omar.send("/vagter")
    shifts = await omar.expect(ar("Kommende vagter"))
    await omar.press(ar("tag vagten"), shifts)
    taken = await omar.expect(ar("Du har vagten"))
    assert "ديسمبر" in taken.text  # the date by Babel, in Arabic
