"""An upgrade copies the database before its new migrations run; a current one copies nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from storage.db import MIGRATIONS_DIR, Database, migration_numbers
from storage.upgrade import backup_before_migrations


async def test_new_migrations_are_preceded_by_a_checked_copy(tmp_path: Path) -> None:
    old_migrations = tmp_path / "old"
    old_migrations.mkdir()
    newest = sorted(MIGRATIONS_DIR.glob("*.sql"))
    for path in newest[:-1]:  # the version before the last migration
        shutil.copy(path, old_migrations / path.name)
    database = tmp_path / "bot.sqlite3"
    db = Database(database)
    await db.connect(old_migrations)
    await db.execute("INSERT INTO users (id, created_at, last_seen_at) VALUES (1, 'x', 'x')")
    await db.close()

    copy = backup_before_migrations(database, tmp_path / "backups")

    assert copy is not None and copy.parent == tmp_path / "backups"
    numbers = migration_numbers()  # gaps are allowed: the last two, not their count
    assert copy.name == f"bot-before-{numbers[-2]:04d}-to-{numbers[-1]:04d}.sqlite3"
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT COUNT(*) FROM users").fetchone() == (1,)
    db = Database(database)
    await db.connect()  # now the new migration runs
    await db.close()
    assert backup_before_migrations(database, tmp_path / "backups") is None


def test_no_copy_for_a_new_database(tmp_path: Path) -> None:
    assert backup_before_migrations(tmp_path / "none.sqlite3") is None
