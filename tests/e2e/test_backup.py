"""Backups while the bot runs: `run_bot.py backup PATH` mid-broadcast, and the nightly copies."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from domain.clock import to_db
from emulator import BotApiEmulator
from storage.db import Database
from tests.e2e.board_data import ZONE
from tests.e2e.harness import BotProcess, run_once

PEOPLE = range(10_001, 10_151)  # 150 subscribers: about 7 s of sending at 20 a second


@pytest.fixture
async def bot_process(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    process = BotProcess(emulator, tmp_path, env={"BROADCAST_RATE": "20"})
    yield process
    await process.stop()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(f"---- bot log ----\n{process.log()[-20000:]}")


async def queue_broadcast(path: Path) -> None:
    """An announcement to 200 people, queued in the outbox as the bot would."""
    db = Database(path)
    await db.connect()
    now = to_db(datetime.now(ZONE))
    payload = json.dumps({"text": "Indleveringsdag på lørdag 🎄", "parse_mode": "HTML"})
    await db.executemany(
        "INSERT INTO outbox (chat_id, method, payload, dedup_key, priority, not_before,"
        " created_at) VALUES (?, 'sendMessage', ?, ?, 0, ?, ?)",
        [(person, payload, f"test:{person}", now, now) for person in PEOPLE],
    )
    await db.close()


def check(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return connection


async def test_a_backup_taken_while_broadcasting_is_whole(
    emulator: BotApiEmulator, bot_process: BotProcess, tmp_path: Path
):
    people = [emulator.user(person, first_name=f"Nabo {person}") for person in PEOPLE]
    await queue_broadcast(bot_process.database)
    await bot_process.start()

    def delivered() -> int:
        return sum(len(person.messages) for person in people)

    await emulator.wait_until(lambda: delivered() >= 10, timeout=15)
    # A second process, while the bot goes on sending and writing each row's status.
    status, out, err = await run_once(
        ["backup", str(tmp_path / "copy.sqlite3")], bot_process.env(), tmp_path
    )
    delivered_after_backup = delivered()
    assert status == 0, err
    assert "Backup written" in out and "integrity check ok" in out
    assert delivered_after_backup < len(PEOPLE), "the broadcast was still going on"

    copy = check(tmp_path / "copy.sqlite3")
    statuses = dict(copy.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status"))
    assert sum(statuses.values()) == len(PEOPLE)
    assert 10 <= statuses.get("sent", 0) < len(PEOPLE)
    assert copy.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] >= 8
    assert not list(tmp_path.glob(".copy.sqlite3.partial"))
    assert await bot_process.stop() == 0  # the live database is fine too
    live = check(bot_process.database)
    assert live.execute("SELECT COUNT(*) FROM outbox").fetchone() == (len(PEOPLE),)


async def test_a_bad_backup_path_is_one_line_and_status_2(
    emulator: BotApiEmulator, bot_process: BotProcess, tmp_path: Path
):
    await bot_process.start()
    for bad in (tmp_path / "no" / "folder" / "x.sqlite3", tmp_path):
        status, out, err = await run_once(["backup", str(bad)], bot_process.env(), tmp_path)
        assert status == 2
        assert err.strip().count("\n") == 0 and "backup failed" in err
        assert "Traceback" not in err + out


async def test_the_nightly_job_keeps_the_last_backup_keep_copies(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
):
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a backup", encoding="utf-8")
    env = {"BACKUP_DIR": str(folder), "BACKUP_KEEP": "3", "JOB_TICK_SECONDS": "0.2"}
    bot = BotProcess(emulator, tmp_path, env=env)
    first = datetime(2026, 11, 1, 10, 0, tzinfo=ZONE)
    bot.set_time(first)
    await bot.start()
    try:
        for day in range(5):
            if day:
                bot.set_time(first + timedelta(days=day) - timedelta(hours=6, minutes=30))
            name = f"hjaelpebot-2026-11-0{day + 1}.sqlite3"
            await emulator.wait_until(lambda name=name: (folder / name).exists(), timeout=10)
            assert len(list(folder.glob("hjaelpebot-*.sqlite3"))) <= 3
        bot.set_time(datetime(2026, 11, 6, 2, 0, tzinfo=ZONE))  # before 03:00: not yet
        mette = emulator.user(2401, first_name="Mette")
        await mette.send("/start")
        await mette.expect("Velkommen")
        assert not (folder / "hjaelpebot-2026-11-06.sqlite3").exists()
    finally:
        await bot.stop()
        if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
            print(f"---- bot log ----\n{bot.log()[-20000:]}")
    names = sorted(path.name for path in folder.iterdir())
    assert names == [
        "hjaelpebot-2026-11-03.sqlite3",
        "hjaelpebot-2026-11-04.sqlite3",
        "hjaelpebot-2026-11-05.sqlite3",
        "notes.txt",
    ]
    for name in names[:3]:
        check(folder / name).close()


async def test_a_failing_nightly_backup_is_logged_and_the_bot_goes_on(
    emulator: BotApiEmulator, tmp_path: Path
):
    not_a_folder = tmp_path / "backups"
    not_a_folder.write_text("a file where the folder should be", encoding="utf-8")
    bot = BotProcess(
        emulator, tmp_path, env={"BACKUP_DIR": str(not_a_folder), "JOB_TICK_SECONDS": "0.2"}
    )
    bot.set_time(datetime(2026, 11, 1, 10, 0, tzinfo=ZONE))
    await bot.start()
    try:
        await emulator.wait_until(lambda: "Nightly backup into" in bot.log(), timeout=10)
        mette = emulator.user(2402, first_name="Mette")
        await mette.send("/start")
        await mette.expect("Velkommen")
        assert bot.log().count("Nightly backup into") == 1  # not again at every tick
    finally:
        assert await bot.stop() == 0
