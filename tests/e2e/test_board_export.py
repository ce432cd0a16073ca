"""/export: CSV files the board opens in Excel, checked against the database they came from."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import AsyncIterator
from datetime import date, datetime
from pathlib import Path

import pytest

from domain.clock import to_db
from domain.phone import normalise_phone
from domain.statistics import Period
from emulator import BotApiEmulator, BotMessage, EmulatedUser
from tests.e2e.board_data import VOLUNTEERS, ZONE, seed
from tests.e2e.harness import ADMIN_ID, BotProcess

NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
STATUS_DA = {
    "accepted": "accepteret",
    "received": "modtaget",
    "declined": "afvist",
    "withdrawn": "trukket tilbage",
    "pending": "venter",
    "approved": "godkendt",
    "handed_over": "udleveret",
}


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


def database(board: BotProcess) -> sqlite3.Connection:
    connection = sqlite3.connect(board.database)
    connection.row_factory = sqlite3.Row
    return connection


async def export(person: EmulatedUser, period_button: str, data_button: str) -> list[BotMessage]:
    """Runs /export to the end; returns the five documents."""
    before = len([m for m in person.messages if m.kind == "document"])
    await person.send("/export")
    await person.expect("Hvilken periode vil du eksportere?")
    await person.press(period_button)
    await person.expect("Eksport for")
    await person.press(data_button)
    await person.expect("Færdig: 5 filer", timeout=15)
    documents = [m for m in person.messages if m.kind == "document"][before:]
    assert len(documents) == 5
    return documents


def read(document: BotMessage) -> list[dict[str, str]]:
    data = document.document_bytes or b""
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def by_name(documents: list[BotMessage]) -> dict[str, list[dict[str, str]]]:
    return {(d.document_name or "").split("_")[0]: read(d) for d in documents}


async def test_export_with_personal_data_matches_the_database_and_is_logged(
    emulator: BotApiEmulator, board: BotProcess
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    documents = await export(birgitte, "Denne måned", "Med persondata")
    names = [d.document_name for d in documents]
    assert names == [
        "tilbud_2026-11-01_2026-11-30.csv",
        "oensker_2026-11-01_2026-11-30.csv",
        "behov_2026-11-01_2026-11-30.csv",
        "frivillige_2026-11-01_2026-11-30.csv",
        "vagter_2026-11-01_2026-11-30.csv",
    ]
    files = by_name(documents)
    start, end = (to_db(moment) for moment in NOVEMBER.bounds(ZONE))
    with database(board) as db:
        offers = db.execute(
            "SELECT * FROM offers WHERE created_at >= ? AND created_at < ? ORDER BY id",
            (start, end),
        ).fetchall()
        requests = db.execute(
            "SELECT * FROM help_requests WHERE created_at >= ? AND created_at < ? ORDER BY id",
            (start, end),
        ).fetchall()
        audit = db.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
        needs = db.execute(
            "SELECT n.*, r.reference FROM needs n JOIN help_requests r ON r.id = n.request_id"
            " WHERE n.created_at >= ? AND n.created_at < ? OR n.met_at >= ? AND n.met_at < ?"
            " ORDER BY n.id",
            (start, end, start, end),
        ).fetchall()
    assert [row["Nummer"] for row in files["tilbud"]] == [o["reference"] for o in offers]
    assert [row["Status"] for row in files["tilbud"]] == [STATUS_DA[o["status"]] for o in offers]
    assert [row["Beskrivelse"] for row in files["tilbud"]] == [
        o["description"] or "" for o in offers
    ]
    assert files["tilbud"][0]["Kategori"] == "Tøj"
    assert [row["Nummer"] for row in files["oensker"]] == [r["reference"] for r in requests]
    assert [int(row["Børn"]) for row in files["oensker"]] == [r["children_count"] for r in requests]
    # As the chats show them: "61 62 63 64", the Danish way, the same number as stored.
    assert [normalise_phone(row["Telefon"]) for row in files["oensker"]] == [
        r["phone"] for r in requests
    ]
    assert files["oensker"][0]["Telefon"] == "61 62 63 64"
    assert files["oensker"][0]["Behov"] == requests[0]["needs"]
    # Needs: every need recorded or met in November (the October one was met in November).
    behov = files["behov"]
    assert len(behov) == len(needs) == 6
    assert [row["Ønske"] for row in behov] == [n["reference"] for n in needs]
    assert [row["Størrelse"] for row in behov] == [n["size"] or "" for n in needs]
    assert [row["Barnets alder"] for row in behov] == [
        "" if n["child_age"] is None else str(n["child_age"]) for n in needs
    ]
    assert behov[0] == {
        "Ønske": "H-1001",
        "Kategori": "Tøj",
        "Størrelse": "110",
        "Barnets alder": "4",
        "Stk.": "2",
        "Status": "opfyldt",
        "Opfyldt ved": "match",
        "Registreret": "2026-11-02 10:00",
        "Opfyldt": "2026-11-05 10:00",
    }
    assert [row["Opfyldt ved"] for row in behov] == [
        "match", "indleveringsdag", "efterlysning", "", "", "match"
    ]  # fmt: skip
    assert [row["Status"] for row in behov].count("åben") == 2
    volunteers = {row["Navn"]: row for row in files["frivillige"]}
    assert set(volunteers) == set(VOLUNTEERS.values())
    assert volunteers["Lone Frivillig"]["Timer"] == "7"
    assert volunteers["Lone Frivillig"]["Mødt op"] == "2"
    assert volunteers["Birthe Bærer"]["Mødt op"] == "0"
    assert volunteers["Lone Frivillig"]["Kan lide at lave"] == "Sortering, Kørsel"
    shifts = files["vagter"]
    assert len(shifts) == 6
    assert [row["Aflyst"] for row in shifts].count("ja") == 1
    assert [row["Mødte op"] for row in shifts if row["Navn"] == "Lone Frivillig"] == ["ja", "ja"]
    assert [row["På venteliste"] for row in shifts if row["Navn"] == "Birthe Bærer"] == [
        "nej",
        "ja",
    ]
    assert [(a["actor_id"], a["action"]) for a in audit] == [(ADMIN_ID, "export.personal")]
    assert "sikker computer" in birgitte.inbox_text()

    await birgitte.send("/audit")
    log = await birgitte.expect("Seneste handlinger")
    assert "eksporterede data MED persondata · perioden november 2026" in log.plain_text


async def test_export_without_personal_data_has_no_personal_columns(
    emulator: BotApiEmulator, board: BotProcess
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    documents = await export(birgitte, "Denne måned", "Uden persondata")
    files = by_name(documents)
    assert "Telefon" not in files["oensker"][0]
    assert "Behov" not in files["oensker"][0]
    assert "Navn" not in files["frivillige"][0] and "Navn" not in files["vagter"][0]
    raw = b"".join(d.document_bytes or b"" for d in documents).decode("utf-8-sig")
    assert (
        "+45" not in raw
        and "61 62 63 64" not in raw
        and "Vi mangler" not in raw
        and "Lone" not in raw
    )
    assert len(files["tilbud"]) == 6 and len(files["oensker"]) == 5
    # A child's size and age, next to the request's number, are personal: not in this file.
    assert list(files["behov"][0]) == [
        "Ønske", "Kategori", "Stk.", "Status", "Opfyldt ved", "Registreret", "Opfyldt"
    ]  # fmt: skip
    assert len(files["behov"]) == 6
    with database(board) as db:
        actions = [row["action"] for row in db.execute("SELECT action FROM audit_log")]
    assert actions == ["export"]


async def test_a_second_tap_or_a_forged_period_sends_nothing_more(
    emulator: BotApiEmulator, board: BotProcess
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    await birgitte.send("/export 2026-11-01 2026-11-30")
    choice = await birgitte.expect("Eksport for november 2026")
    data = choice.button_data["🔐 Med persondata (logges)"]
    await birgitte.press_data(data, message=choice)
    await birgitte.expect("Færdig: 5 filer", timeout=15)
    await birgitte.press_data(data, message=choice)
    await emulator.wait_until(lambda: bool(birgitte.callback_answers), timeout=5)
    await emulator.wait_until(
        lambda: "sendt allerede" in (birgitte.callback_answers[-1].get("text") or ""), timeout=5
    )
    await birgitte.press_data("export:go:20261399-20261400:p", message=choice)
    await emulator.wait_until(
        lambda: "virker ikke mere" in (birgitte.callback_answers[-1].get("text") or ""), timeout=5
    )
    assert len([m for m in birgitte.messages if m.kind == "document"]) == 5
    with database(board) as db:
        assert db.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0] == 1


async def test_export_of_a_typed_period(emulator: BotApiEmulator, board: BotProcess):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    await birgitte.send("/eksport")
    await birgitte.expect("Hvilken periode vil du eksportere?")
    await birgitte.press("Anden periode")
    await birgitte.expect("Skriv den første og den sidste dag")
    await birgitte.send("1.10.2026 31.10.2026")
    await birgitte.expect("Eksport for oktober 2026")
    await birgitte.press("Uden persondata")
    await birgitte.expect("Færdig: 5 filer for oktober 2026", timeout=15)
    files = by_name([m for m in birgitte.messages if m.kind == "document"])
    assert [row["Nummer"] for row in files["tilbud"]] == ["G-1007"]
    assert [row["Nummer"] for row in files["oensker"]] == ["H-1006"]
    # The October need, met in November, is in October's file as recorded then.
    assert [(row["Ønske"], row["Status"]) for row in files["behov"]] == [("H-1006", "opfyldt")]


async def test_an_english_admin_gets_the_needs_file_in_english(
    emulator: BotApiEmulator, board: BotProcess
):
    tom = emulator.user(ADMIN_ID, first_name="Tom", language_code="en")
    await tom.send("/export")
    await tom.expect("Which period do you want to export?")
    await tom.press("This month")
    choice = await tom.expect("Export for November 2026")
    assert "needs" in choice.plain_text
    await tom.press("Without personal data")
    await tom.expect("Done: 5 files for November 2026.", timeout=15)
    documents = {d.document_name: d for d in tom.messages if d.kind == "document"}
    needs = documents["needs_2026-11-01_2026-11-30.csv"]
    data = (needs.document_bytes or b"").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data), delimiter=","))  # English Excel: commas
    header = ["Request", "Category", "Quantity", "Status", "Met by", "Recorded", "Met"]
    assert list(rows[0]) == header
    assert rows[0]["Category"] == "Clothes" and rows[0]["Status"] == "met"
    assert [row["Met by"] for row in rows] == [
        "matching", "drop-off day", "wanted post", "", "", "matching"
    ]  # fmt: skip
    assert [row["Status"] for row in rows].count("open") == 2
