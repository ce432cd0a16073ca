"""Roles from the chat: owners add admins and coordinators; coordinators never see requests."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.board_data import ZONE, seed
from tests.e2e.harness import ADMIN_ID, BotProcess

LONE = 7001  # an approved volunteer in the seeded data


@pytest.fixture
async def board(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    await seed(tmp_path / "bot.sqlite3")
    process = BotProcess(emulator, tmp_path, env={})
    process.set_time(datetime(2026, 11, 25, 12, 0, tzinfo=ZONE))
    await process.start()
    yield process
    await process.stop()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(f"---- bot log ----\n{process.log()[-20000:]}")


def roles(board: BotProcess) -> dict[int, str]:
    with sqlite3.connect(board.database) as db:
        return dict(db.execute("SELECT user_id, role FROM roles").fetchall())


def audit_actions(board: BotProcess) -> list[tuple[str, str | None, str | None]]:
    with sqlite3.connect(board.database) as db:
        return db.execute("SELECT action, subject, details FROM audit_log ORDER BY id").fetchall()


async def test_a_coordinator_manages_days_but_never_sees_requests(
    emulator: BotApiEmulator, board: BotProcess
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    lone = emulator.user(LONE, first_name="Lone", language_code="da")
    await birgitte.send("/requests")  # the owner sees the open requests …
    assert "H-1002" in (await birgitte.expect("H-1002")).plain_text

    await birgitte.send("/admins")
    await birgitte.expect("Admins og koordinatorer")
    await birgitte.press("Gør en frivillig til koordinator")
    await birgitte.expect("Hvem skal være koordinator?")
    await birgitte.press("Lone Frivillig")
    listing = await birgitte.expect("Koordinatorer:")
    assert "Lone Frivillig, siden" in listing.plain_text
    welcome = await lone.expect("Du er nu koordinator")
    assert all(c in welcome.plain_text for c in ("/newdate", "/plan", "/roster", "/dates"))
    assert roles(board) == {LONE: "coordinator"}

    await lone.send("/newdate")  # a coordinator plans drop-off days …
    await lone.next_message()
    assert "User 7001 tried /newdate without permission" not in board.log()
    await lone.send("/cancel")
    await lone.expect("Hvad vil du gerne?")
    await lone.send("/requests")  # … but does not see requests: a refusal, no list
    refusal = await lone.next_message()
    assert "H-100" not in refusal.plain_text and not refusal.buttons
    await lone.press_data("rqa:approve:2")
    await emulator.wait_until(lambda: bool(lone.callback_answers), timeout=5)
    await lone.send("/stats")
    await lone.expect("Det kan kun foreningens administratorer.")
    await lone.send("/export")
    await lone.expect("Det kan kun foreningens administratorer.")
    await lone.press_data("export:go:20261101-20261130:p")
    await emulator.wait_until(lambda: len(lone.callback_answers) == 2, timeout=5)
    assert "kun foreningens administratorer" in lone.callback_answers[-1]["text"]
    await lone.send("/audit")
    await lone.expect("Det kan kun de ansvarlige for botten.")
    await lone.expect_no_message(within=0.3)
    assert "H-100" not in lone.inbox_text()
    assert not [m for m in lone.messages if m.kind in ("document", "photo")]
    assert "Non-admin 7001 tried a help request admin action" in board.log()

    await birgitte.send("/admins")
    await birgitte.expect("Admins og koordinatorer")
    await birgitte.press("Fjern Lone Frivillig (koordinator)")
    await birgitte.expect("Koordinatorer:\nIngen koordinatorer.")
    await lone.expect("Du er ikke længere koordinator")
    assert roles(board) == {}
    await lone.send("/newdate")
    await lone.next_message()
    assert "User 7001 tried /newdate without permission" in board.log()
    assert audit_actions(board) == [
        ("role.grant", "user:7001", "coordinator"),
        ("role.revoke", "user:7001", "coordinator"),
    ]
    await birgitte.send("/audit")
    log = (await birgitte.expect("Seneste handlinger")).plain_text
    assert "gav en rolle · Lone Frivillig (koordinator)" in log and "user:" not in log
    assert "9001" not in log and "Birgitte · fjernede en rolle" in log


async def test_an_owner_adds_an_admin_by_id_with_mistakes_and_a_restart(
    emulator: BotApiEmulator, board: BotProcess
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    karin = emulator.user(8001, first_name="Karin", language_code="da")
    await birgitte.send("/admins")
    await birgitte.expect("Admins og koordinatorer")
    await birgitte.press("Tilføj en admin")
    await birgitte.expect("Telegram-bruger-id")
    await birgitte.send("Karin")
    await birgitte.expect("Det er ikke et bruger-id")
    await birgitte.send_sticker()
    await birgitte.expect("Telegram-bruger-id")
    await birgitte.send(str(ADMIN_ID))
    await birgitte.expect("er allerede ansvarlig for botten")
    await birgitte.send("8001")
    await birgitte.expect("Jeg kender ikke bruger 8001 endnu")
    await karin.send("/start")
    await karin.expect("Velkommen")
    await board.restart()  # kill -9: the owner is still asked for the id
    await birgitte.send(" 8001 ")
    listing = await birgitte.expect("Admins:\n• Karin, siden")
    assert "Koordinatorer:\nIngen koordinatorer." in listing.plain_text
    await karin.expect("Du er nu admin")
    assert roles(board) == {8001: "admin"}

    await karin.send("/stats 2026-11-01 2026-11-30")
    await karin.expect("Statistik for november 2026", timeout=10)
    await karin.send("/admins")
    await karin.expect("Det kan kun de ansvarlige for botten.")
    await karin.press_data("admins:rm:8001")
    await emulator.wait_until(lambda: bool(karin.callback_answers), timeout=5)
    assert roles(board) == {8001: "admin"}

    await birgitte.send("/audit")
    log = await birgitte.expect("Seneste handlinger")
    assert "Birgitte · gav en rolle · Karin (admin)" in log.plain_text


async def test_strangers_cannot_touch_roles_or_read_the_log(
    emulator: BotApiEmulator, board: BotProcess
):
    mette = emulator.user(2201, first_name="Mette", language_code="da")
    await mette.send("/admins")
    await mette.expect("Det kan kun de ansvarlige for botten.")
    await mette.send("/audit")
    await mette.expect("Det kan kun de ansvarlige for botten.")
    for forged in ("admins:coord:7001", "admins:add", "admins:rm:9001"):
        await mette.press_data(forged)
    await emulator.wait_until(lambda: len(mette.callback_answers) == 3, timeout=5)
    assert all("ansvarlige for botten" in answer["text"] for answer in mette.callback_answers)
    assert roles(board) == {}
    assert "Refused admins to user 2201" in board.log()


async def test_a_forged_coordinator_press_for_someone_who_is_not_a_volunteer(
    emulator: BotApiEmulator, board: BotProcess
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    await birgitte.send("/admins")
    await birgitte.expect("Admins og koordinatorer")
    await birgitte.press_data("admins:coord:2301")
    await emulator.wait_until(lambda: bool(birgitte.callback_answers), timeout=5)
    assert "ikke en godkendt frivillig" in birgitte.callback_answers[-1]["text"]
    await birgitte.press_data("admins:rm:2301")
    await emulator.wait_until(lambda: len(birgitte.callback_answers) == 2, timeout=5)
    assert "ikke længere en rolle" in birgitte.callback_answers[-1]["text"]
    assert roles(board) == {} and audit_actions(board) == []


async def test_an_owner_picks_a_volunteer_as_admin_in_english(
    emulator: BotApiEmulator, board: BotProcess
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="en")
    lone = emulator.user(LONE, first_name="Lone", language_code="en")
    await birgitte.send("/admins")
    await birgitte.expect("Responsible for the bot: Birgitte")
    await birgitte.press("Add an admin")
    await birgitte.expect("Choose one of the volunteers below")
    await birgitte.press("Lone Frivillig")
    listing = await birgitte.expect("Admins:\n• Lone Frivillig, since")
    assert "No coordinators." in listing.plain_text and "ADMIN_IDS" not in listing.plain_text
    await lone.expect("Du er nu admin")  # Lone chose Danish when she signed up
    assert roles(board) == {LONE: "admin"}
    pressed = len(birgitte.callback_answers)
    await birgitte.press_data(f"admins:pick:{LONE}")  # a doubled press: no second grant
    await emulator.wait_until(lambda: len(birgitte.callback_answers) > pressed, timeout=5)
    assert "role already" in birgitte.callback_answers[-1]["text"]
    await birgitte.press("Remove Lone Frivillig (admin)")
    await birgitte.expect("No other admins.")
    assert roles(board) == {}
