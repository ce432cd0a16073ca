"""One aiosqlite connection for the whole process, with migrations and task-safe transactions.

All writes go through this single connection (SQLite allows one writer anyway). Because several
asyncio tasks share it, a transaction is guarded by a lock: a second task waits until the first
commits, so one task can never commit another task's half-done work. The lock is re-entrant per
task, so a repository method that opens a transaction can be called from inside a bigger one and
simply joins it.

Short reads by key (`lookup`, `lookup_all`) go to a second, read-only connection in the event
loop's own thread instead: a hop to aiosqlite's thread and back costs about 95 µs of CPU, the
read itself 3 µs, and an update's opening reads (is it done, the person, their state) are four
or five of them. WAL lets that reader see every committed transaction and never an uncommitted
one; inside a task's own transaction the reads go to the writer, so they see its own writes.
Only reads by an index that return a few rows belong there: the loop waits while they run.

Long reads (the board's CSV export, its statistics) go the other way: `read_apart` runs them
in a worker thread on a connection of their own, in one read transaction. All their queries
see one snapshot, the loop goes on with everyone else's updates, and no commit waits for them
(in WAL a reader holds up no writer).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

# One write as the code hands it over: SQL and its parameters.
Write = tuple[str, Sequence[Any] | dict[str, Any]]
T = TypeVar("T")

# The task that currently owns the open transaction, so that nested use joins it.
_owner: ContextVar[asyncio.Task[Any] | None] = ContextVar("hjaelpebot_tx_owner", default=None)


class Database:
    """The SQLite file: opened once at start, closed at shutdown."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._lock = asyncio.Lock()

    async def connect(self, migrations_dir: Path = MIGRATIONS_DIR) -> None:
        """Opens the file (creating its folder), sets the pragmas and applies pending migrations."""
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so nothing is committed behind
        # our back and a transaction spans exactly what the code says.
        self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against a killed process (the WAL is in the OS's hands once written);
        # only a power cut can lose the very last commits.
        await self._conn.execute("PRAGMA synchronous=NORMAL")
        await self._conn.execute("PRAGMA foreign_keys=ON")
        # Erased personal data is overwritten with zeros instead of lingering in free pages.
        await self._conn.execute("PRAGMA secure_delete=ON")
        await self._conn.execute("PRAGMA busy_timeout=5000")
        await apply_migrations(self, migrations_dir)
        if str(self.path) != ":memory:":  # a second :memory: connection is another database
            self._reader = _open_reader(self.path)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def checkpoint(self) -> None:
        """Moves the WAL into the main file and empties it (after erasing personal data, so no
        old copy lingers in the -wal file)."""
        async with self._lock:
            await self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("Database is not connected")
        return self._conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Database]:
        """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on error; joins an enclosing one of this task."""
        if _in_own_transaction():
            yield self
            return
        async with self._lock:
            token = _owner.set(asyncio.current_task())
            try:
                try:
                    await self._to_the_end(_statement("BEGIN IMMEDIATE"))
                except asyncio.CancelledError:
                    # It began in the thread all the same (unless it failed: nothing to undo).
                    with contextlib.suppress(sqlite3.OperationalError):
                        await self._to_the_end(_statement("ROLLBACK"))
                    raise
                try:
                    yield self
                except BaseException:
                    await self._to_the_end(_statement("ROLLBACK"))
                    raise
                else:
                    await self._to_the_end(_statement("COMMIT"))
            finally:
                _owner.reset(token)

    async def _to_the_end(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """BEGIN, COMMIT or ROLLBACK (or a whole transaction in one hop), finished even when the
        task is cancelled meanwhile (it runs in aiosqlite's thread anyway): a cancelled await
        would leave the connection inside a transaction, and every later BEGIN would fail; and
        the lock must be held until it is done. The cancellation is raised afterwards."""
        running = asyncio.ensure_future(self._hop(work))
        try:
            return await asyncio.shield(running)
        except asyncio.CancelledError:
            with contextlib.suppress(Exception):
                await running
            raise

    async def _hop(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Runs work on the sqlite3 connection in aiosqlite's thread: one hop there and back.

        aiosqlite's public calls make a hop per step (execute, fetch, close the cursor: three
        for one read), and each hop costs about 75 µs of CPU, more than most of our queries.
        Its _execute is how aiosqlite itself queues such a function (the version is pinned)."""
        conn = self.conn
        raw: sqlite3.Connection = conn._conn
        result: T = await conn._execute(work, raw)
        return result

    async def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Runs one write in a transaction; returns the number of rows it changed."""
        async with self.transaction():
            return await self._hop(lambda raw: raw.execute(sql, params).rowcount)

    async def insert(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int | None:
        """Runs one INSERT; returns the new row's id, or None when nothing was inserted."""

        def work(raw: sqlite3.Connection) -> int | None:
            cursor = raw.execute(sql, params)
            return cursor.lastrowid if cursor.rowcount > 0 else None

        async with self.transaction():
            return await self._hop(work)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = list(rows)
        async with self.transaction():
            await self._hop(lambda raw: raw.executemany(sql, batch))

    async def commit_all(self, writes: Sequence[Write]) -> None:
        """The writes in one transaction and one hop (BEGIN, each write, COMMIT); inside an
        open transaction of this task they join it. For a batch whose results nobody reads,
        such as an update's final commit."""
        if not writes:
            return

        def run(raw: sqlite3.Connection) -> None:
            for sql, params in writes:
                raw.execute(sql, params)

        await self._in_one_hop(run)

    async def fetchone(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> aiosqlite.Row | None:
        async with self._reading():
            row: aiosqlite.Row | None = await self._hop(
                lambda raw: raw.execute(sql, params).fetchone()
            )
            return row

    async def fetchall(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> list[aiosqlite.Row]:
        async with self._reading():
            rows: list[aiosqlite.Row] = await self._hop(
                lambda raw: raw.execute(sql, params).fetchall()
            )
            return rows

    async def fetchval(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def write_returning(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> aiosqlite.Row | None:
        """One write with a RETURNING clause, committed, and the row it returns: BEGIN, the
        write and COMMIT in one hop (three or four as a transaction block). Joins this task's
        open transaction."""

        def run(raw: sqlite3.Connection) -> aiosqlite.Row | None:
            row: aiosqlite.Row | None = raw.execute(sql, params).fetchone()
            return row

        return await self._in_one_hop(run)

    async def _in_one_hop(self, run: Callable[[sqlite3.Connection], T]) -> T:
        """run in a transaction of its own, BEGIN to COMMIT in one hop into aiosqlite's thread;
        inside an open transaction of this task it joins that one."""
        if _in_own_transaction():
            return await self._hop(run)

        def begin_run_commit(raw: sqlite3.Connection) -> T:
            raw.execute("BEGIN IMMEDIATE")
            try:
                result = run(raw)
                raw.execute("COMMIT")
            except BaseException:
                # Some errors end the transaction themselves; the first error is the one to see.
                with contextlib.suppress(sqlite3.OperationalError):
                    raw.execute("ROLLBACK")
                raise
            return result

        async with self._lock:
            return await self._to_the_end(begin_run_commit)

    @staticmethod
    def in_own_transaction() -> bool:
        """True inside a transaction this task opened (a nested block joins it)."""
        return _in_own_transaction()

    async def read_apart(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """work(connection) in a worker thread, on a read-only connection of its own and in
        one read transaction (see the module's docstring). work gets a plain sqlite3
        connection (rows are aiosqlite.Row) and returns plain data."""
        if self._reader is None or _in_own_transaction():
            # :memory: has no second connection; in this task's own transaction only the writer
            # sees what it wrote. The lock keeps every commit out until work is done.
            async with self._reading():
                return await self._hop(work)
        return await asyncio.to_thread(_read_snapshot, self.path, work)

    async def lookup(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> aiosqlite.Row | None:
        """fetchone for a read by key: on the loop's own reader (see the module's docstring)."""
        rows = await self.lookup_all(sql, params)
        return rows[0] if rows else None

    async def lookup_all(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> list[aiosqlite.Row]:
        """fetchall for a read by key of a few rows, on the loop's own reader."""
        reader = self._reader_for_now()
        if reader is not None:
            with contextlib.suppress(*_READER_FAILURES):
                # fetchall runs the statement to its end, so no read stays open on the reader
                # (an open one would keep its old snapshot and hold up checkpoints).
                rows: list[aiosqlite.Row] = reader.execute(sql, params).fetchall()
                return rows
        return await self.fetchall(sql, params)

    async def lookup_val(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        row = await self.lookup(sql, params)
        return None if row is None else row[0]

    def _reader_for_now(self) -> sqlite3.Connection | None:
        # In this task's own transaction only the writer sees what it wrote so far.
        if self._reader is None or _in_own_transaction():
            return None
        return self._reader

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[None]:
        # A read waits for another task's open transaction, so it never sees uncommitted rows.
        if _in_own_transaction():
            yield
            return
        async with self._lock:
            yield


def _in_own_transaction() -> bool:
    task = asyncio.current_task()
    return task is not None and _owner.get() is task


# The reader busy for longer than its short timeout (a rare WAL recovery), or used from
# another thread than the one that opened it: the read takes the writer's way instead.
_READER_FAILURES = (sqlite3.OperationalError, sqlite3.ProgrammingError)


def _open_reader(path: Path) -> sqlite3.Connection:
    reader = sqlite3.connect(path, isolation_level=None)
    reader.row_factory = aiosqlite.Row
    reader.execute("PRAGMA query_only=ON")
    # The loop waits while a read waits: give up soon and take the writer's way instead.
    reader.execute("PRAGMA busy_timeout=20")
    return reader


def _read_snapshot(path: Path, work: Callable[[sqlite3.Connection], T]) -> T:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.row_factory = aiosqlite.Row
        connection.execute("PRAGMA query_only=ON")
        connection.execute("PRAGMA busy_timeout=5000")
        connection.execute("BEGIN")  # its first read fixes the snapshot all the others see
        try:
            return work(connection)
        finally:
            connection.execute("ROLLBACK")
    finally:
        connection.close()


def _statement(sql: str) -> Callable[[sqlite3.Connection], None]:
    def run(raw: sqlite3.Connection) -> None:
        raw.execute(sql)

    return run


def _migration_files(migrations_dir: Path) -> list[tuple[int, Path]]:
    found = []
    for path in sorted(migrations_dir.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if not match:
            raise RuntimeError(f"Badly named migration file: {path.name} (want 0001_name.sql)")
        found.append((int(match.group(1)), path))
    numbers = [number for number, _ in found]
    # Gaps are fine (parallel branches are given their numbers ahead); a number used twice is not.
    if len(set(numbers)) != len(numbers) or any(number < 1 for number in numbers):
        raise RuntimeError(f"Migrations must have distinct numbers from 1 up: {numbers}")
    return found


def migration_numbers(migrations_dir: Path = MIGRATIONS_DIR) -> list[int]:
    """The numbers of the migrations this version of the code has, in order."""
    return [number for number, _ in _migration_files(migrations_dir)]


async def apply_migrations(db: Database, migrations_dir: Path = MIGRATIONS_DIR) -> list[int]:
    """Applies each pending numbered migration in its own transaction; returns those applied."""
    await db.conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
    )
    done = {row[0] for row in await db.fetchall("SELECT version FROM schema_migrations")}
    applied = []
    for number, path in _migration_files(migrations_dir):
        if number in done:
            continue
        async with db.transaction():
            for statement in split_sql(path.read_text(encoding="utf-8")):
                await db.conn.execute(statement)
            await db.conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", (number, path.name)
            )
        logger.info("Applied migration %s", path.name)
        applied.append(number)
    return applied


def split_sql(script: str) -> list[str]:
    """Splits a migration into statements (executescript would commit on its own).

    A statement ends where SQLite says it is complete (sqlite3.complete_statement), so a ';'
    inside a string literal, a comment or a CREATE TRIGGER body does not cut it."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if not current and (not line.strip() or line.strip().startswith("--")):
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements
