"""Consistent copies of the database while the bot runs (SQLite's online backup API).

The copy is made through a second, read-only connection of its own, so it works from another
process (`run_bot.py backup PATH`) as well as from the bot's nightly job, and never touches the
bot's connection. One backup step copies all pages inside one read transaction: in WAL mode
that is a snapshot of the last commit, and the bot keeps writing meanwhile. The copy is written
to a temporary file next to the target, checked with PRAGMA integrity_check, and only then
renamed into place, so a crash never leaves a half-written file under a backup's name.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from datetime import date
from pathlib import Path

NAME_PREFIX = "hjaelpebot-"
NAME_SUFFIX = ".sqlite3"
_DATED = re.compile(rf"^{NAME_PREFIX}\d{{4}}-\d{{2}}-\d{{2}}{re.escape(NAME_SUFFIX)}$")


class BackupError(Exception):
    """The backup could not be written; the message is one line for a person."""


def backup_database(source: Path, target: Path) -> int:
    """Writes a checked copy of the database at `source` to `target`; returns its size in bytes."""
    if not source.is_file():
        raise BackupError(f"the database {source} does not exist")
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name, e.g. {target / 'copy.sqlite3'}")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    if target.resolve() == source.resolve():
        raise BackupError("the backup cannot overwrite the database itself")
    partial = target.with_name(f".{target.name}.partial")
    try:
        _copy(source, partial)
        os.replace(partial, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        if isinstance(error, sqlite3.Error | OSError):
            raise BackupError(f"could not write {target}: {error}") from None
        raise
    return target.stat().st_size


def _copy(source: Path, target: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    # mode=ro: this connection can never change the live database.
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    writer = sqlite3.connect(target)
    try:
        reader.execute("PRAGMA busy_timeout=30000")
        reader.backup(writer)  # pages=-1: everything in one step, one consistent snapshot
        # The copy stands alone: no -wal file next to it is needed to read it.
        writer.execute("PRAGMA journal_mode=DELETE")
        result = writer.execute("PRAGMA integrity_check").fetchone()
        if result is None or result[0] != "ok":
            raise BackupError(f"the copy failed its integrity check: {result}")
        writer.commit()
    finally:
        writer.close()
        reader.close()


def dated_name(day: date) -> str:
    """'hjaelpebot-2026-11-22.sqlite3': sorts by date, one per night."""
    return f"{NAME_PREFIX}{day:%Y-%m-%d}{NAME_SUFFIX}"


def backup_date(path: Path) -> date:
    """The night a copy named by dated_name() was made."""
    return date.fromisoformat(path.name.removeprefix(NAME_PREFIX).removesuffix(NAME_SUFFIX))


def dated_backups(directory: Path) -> list[Path]:
    """The nightly copies in a folder, oldest first (other files are left alone)."""
    if not directory.is_dir():
        return []
    return sorted(path for path in directory.iterdir() if _DATED.match(path.name))


def prune(directory: Path, keep: int) -> list[Path]:
    """Deletes all but the newest `keep` nightly copies; returns those deleted."""
    backups = dated_backups(directory)
    doomed = backups[: max(0, len(backups) - keep)]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def nightly(source: Path, directory: Path, day: date, keep: int) -> Path | None:
    """Tonight's copy into `directory` (once per date) and the old ones pruned.

    Returns the new file, or None when that date's copy exists already.
    """
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / dated_name(day)
    made = None
    if not target.exists():
        backup_database(source, target)
        made = target
    prune(directory, keep)
    return made
