"""Backups of a live SQLite file: consistent while someone writes, checked, pruned, refused."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest

from storage.backup import BackupError, backup_database, dated_backups, dated_name, nightly, prune
from storage.db import Database


async def live_database(path: Path) -> Database:
    db = Database(path)
    await db.connect()
    await db.executemany(
        "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, 'da', 'x', 'x')",
        [(n,) for n in range(1, 501)],
    )
    return db


async def test_a_backup_taken_while_another_connection_writes_is_whole(tmp_path: Path):
    db = await live_database(tmp_path / "live.sqlite3")
    stop = threading.Event()

    def keep_writing() -> None:
        writer = sqlite3.connect(tmp_path / "live.sqlite3", timeout=10)
        n = 1000
        while not stop.is_set():
            writer.execute(
                "INSERT INTO users (id, language, created_at, last_seen_at)"
                " VALUES (?, 'da', 'x', 'x')",
                (n,),
            )
            writer.commit()
            n += 1
        writer.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        size = backup_database(tmp_path / "live.sqlite3", tmp_path / "copy.sqlite3")
    finally:
        stop.set()
        thread.join()
        await db.close()
    assert size > 0
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert copy.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert copy.execute("SELECT COUNT(*) FROM users WHERE id <= 500").fetchone() == (500,)
    assert copy.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0] >= 8
    assert not list(tmp_path.glob(".*.partial"))


async def test_bad_paths_are_refused_with_a_reason(tmp_path: Path):
    db = await live_database(tmp_path / "live.sqlite3")
    await db.close()
    live = tmp_path / "live.sqlite3"
    with pytest.raises(BackupError, match="does not exist"):
        backup_database(live, tmp_path / "no" / "such" / "copy.sqlite3")
    with pytest.raises(BackupError, match="folder"):
        backup_database(live, tmp_path)
    with pytest.raises(BackupError, match="itself"):
        backup_database(live, live)
    with pytest.raises(BackupError, match="does not exist"):
        backup_database(tmp_path / "missing.sqlite3", tmp_path / "copy.sqlite3")


async def test_nightly_keeps_the_newest_copies_and_leaves_other_files(tmp_path: Path):
    db = await live_database(tmp_path / "live.sqlite3")
    folder = tmp_path / "backups"
    try:
        for day in range(1, 6):
            made = nightly(tmp_path / "live.sqlite3", folder, date(2026, 11, day), keep=3)
            assert made == folder / dated_name(date(2026, 11, day))
        (folder / "notes.txt").write_text("mine", encoding="utf-8")
        assert nightly(tmp_path / "live.sqlite3", folder, date(2026, 11, 5), keep=3) is None
    finally:
        await db.close()
    names = [path.name for path in dated_backups(folder)]
    assert names == [f"hjaelpebot-2026-11-0{day}.sqlite3" for day in (3, 4, 5)]
    assert (folder / "notes.txt").exists()
    assert prune(folder, keep=1) == [folder / names[0], folder / names[1]]
