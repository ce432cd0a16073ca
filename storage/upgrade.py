"""Upgrades without fear: a copy of the database is made before new migrations change it.

`git pull && make run` brings new code, and at start the bot applies its new numbered
migrations (storage/migrations/). Before the first of them touches the file, this writes a
checked copy next to the database (or into BACKUP_DIR), named after the versions, so going
back is: stop the bot, `git checkout` the old version, put the copy back (README, Upgrades).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from storage.backup import backup_database
from storage.db import MIGRATIONS_DIR, migration_numbers

logger = logging.getLogger(__name__)


def applied_versions(database: Path) -> set[int]:
    connection = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        rows = connection.execute("SELECT version FROM schema_migrations").fetchall()
    except sqlite3.OperationalError:  # made before migrations were recorded: nothing applied
        return set()
    finally:
        connection.close()
    return {int(row[0]) for row in rows}


def backup_before_migrations(
    database: Path, folder: Path | None = None, migrations_dir: Path = MIGRATIONS_DIR
) -> Path | None:
    """The copy made, or None when there is nothing to migrate (or no database yet)."""
    if not database.is_file():
        return None
    done = applied_versions(database)
    pending = [number for number in migration_numbers(migrations_dir) if number not in done]
    if not pending or not done:
        return None
    target_folder = folder if folder is not None else database.parent
    target_folder.mkdir(parents=True, exist_ok=True)
    target = target_folder / f"{database.stem}-before-{max(done):04d}-to-{max(pending):04d}.sqlite3"
    backup_database(database, target)
    logger.info("Before migrating to %04d, the database was copied to %s", max(pending), target)
    return target
