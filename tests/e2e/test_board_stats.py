"""The board's /stats, tried as the board would: a month with data in every area, in the chat."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import matplotlib.image
import pytest

from emulator import BotApiEmulator, BotMessage, EmulatedGroup, EmulatedUser
from tests.e2e.board_data import EXPECTED, ZONE, seed
from tests.e2e.harness import ADMIN_ID, BotProcess

NOVEMBER_25 = datetime(2026, 11, 25, 12, 0, tzinfo=ZONE)


@pytest.fixture
async def board(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    """A bot whose database holds November 2026 (tests/e2e/board_data.py), on 25 November."""
    await seed(tmp_path / "bot.sqlite3")
    process = BotProcess(emulator, tmp_path, env={})
    process.set_time(NOVEMBER_25)
    await process.start()
    yield process
    await process.stop()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(f"---- bot log ----\n{process.log()[-20000:]}")


async def chart_of(
    chat: EmulatedUser | EmulatedGroup, caption: str = "Måned for måned"
) -> BotMessage:
    """The next chart the bot sends to this chat (a photo with its caption)."""
    photo = await chat.expect(caption, timeout=10)
    assert photo.kind == "photo", photo.describe()
    return photo


def assert_readable_png(photo: BotMessage) -> None:
    name, data = photo.media[0]
    assert name.endswith(".png") and data.startswith(b"\x89PNG")
    image = matplotlib.image.imread(io.BytesIO(data), format="png")
    height, width = image.shape[:2]
    assert (width, height) == (1000, 840)  # the main panel, and the needs panel below it
    assert image.std() > 0.05  # bars and text, not a blank picture
    assert image[int(height * 0.65) :].std() > 0.05  # the needs panel is drawn too


async def test_stats_for_this_month_gives_the_right_numbers_and_a_chart(
    emulator: BotApiEmulator, board: BotProcess
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    await birgitte.send("/stats")
    await birgitte.expect("Hvilken periode?")
    await birgitte.press("Denne måned")
    summary = await birgitte.expect("Statistik for november 2026", timeout=10)
    text = summary.plain_text
    assert f"Tilbud fra givere: {EXPECTED['offers']}" in text
    assert "• Tøj: 3 (2 accepterede, 1 modtaget)" in text
    assert "• Møbler: 1 (1 afvist)" in text
    assert f"Ønsker om hjælp: {EXPECTED['requests']}" in text
    assert "• Julehjælp: 2 (1 udleveret, 1 godkendt)" in text
    assert f"Husstande hjulpet: {EXPECTED['households']} · børn: {EXPECTED['children']}" in text
    assert f"Julehjælp: {EXPECTED['christmas_families']} familier" in text
    assert (
        f"Frivillige: {EXPECTED['shifts_attended']} vagter · {EXPECTED['hours']} timer"
        f" ({EXPECTED['dropoff_days']} indleveringsdage)"
    ) in text
    assert f"Nye abonnenter: {EXPECTED['new_subscribers']}" in text
    assert (
        f"Tilfredshed: {EXPECTED['feedback_average']} af 5 (svar: {EXPECTED['feedback_answers']})"
    ) in text
    assert (
        f"Behov registreret: {EXPECTED['needs_recorded']} · opfyldt: {EXPECTED['needs_met']}"
    ) in text
    assert (
        f"• Opfyldt ved match {EXPECTED['needs_met_matching']}"
        f" · efterlysning {EXPECTED['needs_met_efterlysning']}"
        f" · indlevering {EXPECTED['needs_met_dropoff']}"
    ) in text
    assert f"Fra ønske til opfyldt: {EXPECTED['needs_median_days']} dage (median)" in text
    photo = await chart_of(birgitte)
    assert "Måned for måned" in photo.plain_text
    assert_readable_png(photo)


async def test_last_month_and_a_typed_span_with_mistakes_and_a_restart(
    emulator: BotApiEmulator, board: BotProcess
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    await birgitte.send("/statistik")
    await birgitte.expect("Hvilken periode?")
    await birgitte.press("Sidste måned")
    october = await birgitte.expect("Statistik for oktober 2026", timeout=10)
    assert "Tilbud fra givere: 1" in october.plain_text
    assert "Tilfredshed: 1 af 5 (svar: 1)" in october.plain_text
    await chart_of(birgitte)

    await birgitte.send("/stats")
    await birgitte.expect("Hvilken periode?")
    await birgitte.press("Anden periode")
    await birgitte.expect("Skriv den første og den sidste dag")
    await birgitte.send("hej 👋")
    await birgitte.expect("to datoer")
    await birgitte.send_sticker()
    await birgitte.expect("kan jeg ikke læse datoer ud af")
    await birgitte.send("2026-11-30 2026-11-01")
    await birgitte.expect("sidste dag ligger før den første")
    await board.restart()  # kill -9: the next message still counts as the dates
    await birgitte.send("1.11.2026 - 30.11.2026")
    custom = await birgitte.expect("Statistik for november 2026", timeout=10)
    assert f"Tilbud fra givere: {EXPECTED['offers']}" in custom.plain_text
    await chart_of(birgitte)
    await birgitte.send("2026-11-01 2026-11-30")  # the conversation is over: just text now
    await birgitte.expect("Det forstod jeg ikke helt")


async def test_stats_with_dates_in_the_command_and_going_back(
    emulator: BotApiEmulator, board: BotProcess
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    await birgitte.send("/stats 2026-11-01 2026-11-15")
    summary = await birgitte.expect("Statistik for 1.11.2026–15.11.2026", timeout=10)
    assert "Tilbud fra givere: 6" in summary.plain_text
    await chart_of(birgitte)
    await birgitte.send("/stats 2026-11-01")
    await birgitte.expect("to datoer")
    await birgitte.send("/stats")
    await birgitte.expect("Hvilken periode?")
    await birgitte.press("Anden periode")
    await birgitte.expect("Skriv den første")
    await birgitte.press("Tilbage")
    await birgitte.expect("Hvilken periode?")
    await birgitte.send("1.11.2026 30.11.2026")  # back ended the question
    await birgitte.expect("Det forstod jeg ikke helt")


async def test_an_english_admin_gets_english_labels(emulator: BotApiEmulator, board: BotProcess):
    tom = emulator.user(ADMIN_ID, first_name="Tom", language_code="en")
    await tom.send("/stats")
    await tom.expect("Which period?")
    await tom.press("This year")
    summary = await tom.expect("Statistics for 2026", timeout=10)
    assert "Offers from donors: 8" in summary.plain_text  # October's and December's too
    assert "Households helped: 4 · children: 8" in summary.plain_text
    # The October need counts as recorded this year too; met are the same four.
    assert "Needs recorded: 6 · met: 4" in summary.plain_text
    assert "• Met by matching 2 · wanted post 1 · drop-off 1" in summary.plain_text
    assert "From request to met: 6.5 days (median)" in summary.plain_text
    photo = await chart_of(tom, "Month by month")
    assert photo.plain_text == "Month by month."
    assert_readable_png(photo)


async def test_people_who_are_not_admins_get_no_numbers(
    emulator: BotApiEmulator, board: BotProcess
):
    mette = emulator.user(2101, first_name="Mette", language_code="da")
    await mette.send("/stats")
    await mette.expect("kun foreningens administratorer")
    await mette.send("/stats 2026-11-01 2026-11-30")
    await mette.expect("kun foreningens administratorer")
    await mette.press_data("stats:p:this_month")
    await emulator.wait_until(lambda: bool(mette.callback_answers), timeout=5)
    assert "kun foreningens administratorer" in mette.callback_answers[-1]["text"]
    await mette.expect_no_message(within=0.5)
    assert not [m for m in mette.messages if "Statistik" in m.plain_text]
    assert "Refused stats to user 2101" in board.log()


async def test_a_redelivered_press_is_answered_once(emulator: BotApiEmulator, board: BotProcess):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    await birgitte.send("/stats")
    await birgitte.expect("Hvilken periode?")
    update = await birgitte.press("Denne måned")
    await birgitte.expect("Statistik for november 2026", timeout=10)
    await chart_of(birgitte)
    emulator.deliver_again(update)
    await emulator.wait_until(lambda: emulator.pending_updates == 0, timeout=5)
    await birgitte.expect_no_message(within=0.5)


async def test_stats_in_the_admin_group(emulator: BotApiEmulator, tmp_path: Path):
    await seed(tmp_path / "bot.sqlite3")
    bot = BotProcess(emulator, tmp_path, env={"ADMIN_CHAT_ID": "-100900"})
    bot.set_time(NOVEMBER_25)
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    board_chat = emulator.group(-100900, "Bestyrelsen")
    board_chat.add_member(birgitte)
    await bot.start()
    try:
        await board_chat.send(birgitte, "/stats")
        await board_chat.expect("Hvilken periode?")
        await board_chat.press(birgitte, "Denne måned")
        summary = await board_chat.expect("Statistik for november 2026", timeout=10)
        assert f"Tilbud fra givere: {EXPECTED['offers']}" in summary.plain_text
        assert_readable_png(await chart_of(board_chat))
    finally:
        await bot.stop()
