"""The SQLite file: pragmas, migrations once and in order, transactions that do not mix."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import threading
from pathlib import Path

import pytest

from storage.db import Database, apply_migrations, migration_numbers, split_sql


async def test_pragmas_and_all_migrations_applied(tmp_path: Path):
    db = Database(tmp_path / "t.sqlite3")
    await db.connect()
    assert await db.fetchval("PRAGMA journal_mode") == "wal"
    assert await db.fetchval("PRAGMA foreign_keys") == 1
    assert await db.fetchval("PRAGMA secure_delete") == 1
    versions = [row[0] for row in await db.fetchall("SELECT version FROM schema_migrations")]
    assert versions == migration_numbers()
    assert await apply_migrations(db) == []  # a second start applies nothing
    await db.close()


async def test_a_failing_migration_leaves_nothing_half_done(tmp_path: Path):
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0001_good.sql").write_text("CREATE TABLE a (x INTEGER);\n")
    (migrations / "0002_bad.sql").write_text("CREATE TABLE b (x INTEGER);\nNOT SQL;\n")
    db = Database(tmp_path / "t.sqlite3")
    with pytest.raises(sqlite3.OperationalError):
        await db.connect(migrations)
    tables = {row[0] for row in await db.fetchall("SELECT name FROM sqlite_master")}
    assert "a" in tables and "b" not in tables
    await db.close()


async def test_transactions_of_two_tasks_do_not_mix(tmp_path: Path):
    db = Database(tmp_path / "t.sqlite3")
    await db.connect()
    await db.execute("CREATE TABLE counter (n INTEGER)")
    await db.execute("INSERT INTO counter VALUES (0)")

    async def increment() -> None:
        async with db.transaction():
            value = await db.fetchval("SELECT n FROM counter")
            await asyncio.sleep(0)  # another task gets the loop here
            await db.execute("UPDATE counter SET n = ?", (value + 1,))

    await asyncio.gather(*(increment() for _ in range(50)))
    assert await db.fetchval("SELECT n FROM counter") == 50
    await db.close()


async def test_an_error_rolls_the_whole_transaction_back(tmp_path: Path):
    db = Database(tmp_path / "t.sqlite3")
    await db.connect()
    await db.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(RuntimeError):
        async with db.transaction():
            await db.execute("INSERT INTO t VALUES (1)")
            async with db.transaction():  # nested: joins the outer one
                await db.execute("INSERT INTO t VALUES (2)")
            raise RuntimeError("boom")
    assert await db.fetchval("SELECT COUNT(*) FROM t") == 0
    await db.close()


def test_split_sql_keeps_trigger_bodies_whole():
    script = """
    -- comment
    CREATE TABLE a (x INTEGER);
    CREATE TRIGGER t AFTER INSERT ON a BEGIN
        UPDATE a SET x = 1;
    END;
    """
    statements = split_sql(script)
    assert len(statements) == 2
    assert statements[1].strip().endswith("END;")


def test_split_sql_keeps_a_semicolon_inside_a_string_literal():
    script = (
        "-- a comment; with a semicolon\n"
        "INSERT INTO t (note) VALUES ('first;\n"
        "second');\n"
        "CREATE TRIGGER t_after AFTER INSERT ON t BEGIN\n"
        "  UPDATE t SET note = note || ';'; \n"
        "END;\n"
        "SELECT 1;\n"
    )
    assert split_sql(script) == [
        "INSERT INTO t (note) VALUES ('first;\nsecond');",
        "CREATE TRIGGER t_after AFTER INSERT ON t BEGIN\n  UPDATE t SET note = note || ';'; \nEND;",
        "SELECT 1;",
    ]


async def test_a_task_started_inside_a_transaction_does_not_join_it(tmp_path: Path):
    """The re-entrant join is per task: a child task (it inherits the context) waits for the
    commit instead of writing into its parent's transaction."""
    db = Database(tmp_path / "t.sqlite3")
    await db.connect()
    await db.execute("CREATE TABLE t (v INTEGER)")
    order: list[str] = []

    async def child() -> None:
        await db.execute("INSERT INTO t (v) VALUES (2)")
        order.append("child wrote")

    try:
        async with db.transaction():
            await db.execute("INSERT INTO t (v) VALUES (1)")
            task = asyncio.create_task(child())
            await asyncio.sleep(0.05)
            order.append("parent commits")
            raise RuntimeError("roll back the parent")
    except RuntimeError:
        pass
    await task
    assert order == ["parent commits", "child wrote"]
    assert [row[0] for row in await db.fetchall("SELECT v FROM t")] == [2]
    await db.close()


async def test_concurrent_transactions_never_interleave(tmp_path: Path):
    db = Database(tmp_path / "t.sqlite3")
    await db.connect()
    await db.execute("CREATE TABLE t (task INTEGER, step INTEGER)")

    async def writer(number: int) -> None:
        async with db.transaction():
            for step in range(3):
                await db.execute("INSERT INTO t VALUES (?, ?)", (number, step))
                await asyncio.sleep(0)

    await asyncio.gather(*(writer(n) for n in range(20)))
    rows = [
        (row[0], row[1]) for row in await db.fetchall("SELECT task, step FROM t ORDER BY rowid")
    ]
    assert [rows[i : i + 3] for i in range(0, 60, 3)] == [
        [(task, 0), (task, 1), (task, 2)] for task, _ in rows[::3]
    ]
    await db.close()


async def test_a_task_cancelled_at_any_moment_of_a_transaction_leaves_none_open(tmp_path: Path):
    """Cancelling while BEGIN or COMMIT runs in aiosqlite's thread must not leave the connection
    inside a transaction (a poller stopped mid-write did, and every later write failed)."""
    db = Database(tmp_path / "t.sqlite3")
    await db.connect()
    await db.execute("CREATE TABLE c (x INTEGER)")

    async def write(n: int) -> None:
        async with db.transaction():
            await db.execute("INSERT INTO c (x) VALUES (?)", (n,))

    for n in range(200):
        task = asyncio.create_task(write(n))
        for _ in range(n % 6):  # cancel after a varying number of loop turns
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await write(-1)  # a transaction still begins
    assert await db.fetchval("SELECT COUNT(*) FROM c WHERE x = -1") == 1
    await db.close()


async def test_commit_all_writes_all_or_none_and_joins_an_open_transaction(tmp_path: Path):
    """An update's final commit is one hop: every write lands, or (one fails) none does."""
    db = Database(tmp_path / "t.sqlite3")
    await db.connect()
    await db.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
    await db.commit_all([("INSERT INTO t VALUES (?)", (1,)), ("INSERT INTO t VALUES (?)", (2,))])
    with pytest.raises(sqlite3.IntegrityError):
        await db.commit_all(
            [("INSERT INTO t VALUES (?)", (3,)), ("INSERT INTO t VALUES (?)", (1,))]
        )
    assert [row[0] for row in await db.fetchall("SELECT x FROM t ORDER BY x")] == [1, 2]
    with contextlib.suppress(RuntimeError):
        async with db.transaction():
            await db.commit_all([("INSERT INTO t VALUES (?)", (4,))])
            raise RuntimeError("the enclosing transaction fails")
    assert await db.fetchval("SELECT COUNT(*) FROM t") == 2  # it joined, so it went too
    await db.execute("INSERT INTO t VALUES (5)")  # no transaction was left open
    await db.close()


async def test_a_cancelled_commit_all_finishes_and_leaves_no_transaction_open(tmp_path: Path):
    db = Database(tmp_path / "t.sqlite3")
    await db.connect()
    await db.execute("CREATE TABLE t (x INTEGER)")
    for n in range(100):
        task = asyncio.create_task(db.commit_all([("INSERT INTO t VALUES (?)", (n,))]))
        for _ in range(n % 4):
            await asyncio.sleep(0)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await db.execute("INSERT INTO t VALUES (-1)")
    assert await db.fetchval("SELECT COUNT(*) FROM t WHERE x = -1") == 1
    await db.close()


async def _with_table(path: Path | str, columns: str) -> Database:
    db = Database(path)
    await db.connect()
    await db.execute(f"CREATE TABLE t ({columns})")
    return db


async def test_a_lookup_sees_what_is_committed_and_its_own_transaction(tmp_path: Path):
    db = await _with_table(tmp_path / "t.sqlite3", "x INTEGER")
    await db.execute("INSERT INTO t VALUES (1)")
    assert await db.lookup_val("SELECT COUNT(*) FROM t") == 1
    inside = asyncio.Event()
    release = asyncio.Event()

    async def writer() -> None:
        async with db.transaction():
            await db.execute("INSERT INTO t VALUES (2)")
            # Its own lookups read its own writes (the writer's connection).
            assert [row[0] for row in await db.lookup_all("SELECT x FROM t ORDER BY x")] == [1, 2]
            inside.set()
            await release.wait()

    task = asyncio.create_task(writer())
    await inside.wait()
    # Another task reads the last committed state at once, not the open transaction's rows.
    assert await db.lookup_val("SELECT COUNT(*) FROM t") == 1
    release.set()
    await task
    assert await db.lookup_val("SELECT COUNT(*) FROM t") == 2
    await db.close()


async def test_lookups_leave_no_read_open_to_hold_up_a_checkpoint(tmp_path: Path):
    db = await _with_table(tmp_path / "t.sqlite3", "x INTEGER")
    await db.executemany("INSERT INTO t VALUES (?)", [(n,) for n in range(100)])
    assert (await db.lookup("SELECT x FROM t ORDER BY x"))[0] == 0  # of many rows, the first
    await db.checkpoint()
    assert (tmp_path / "t.sqlite3-wal").stat().st_size == 0
    await db.close()


async def test_an_in_memory_database_looks_up_through_its_one_connection():
    db = await _with_table(":memory:", "x INTEGER")
    await db.execute("INSERT INTO t VALUES (7)")
    assert await db.lookup_val("SELECT x FROM t") == 7
    await db.close()


async def test_write_returning_commits_in_one_go_or_joins_an_open_transaction(tmp_path: Path):
    db = await _with_table(tmp_path / "t.sqlite3", "id INTEGER PRIMARY KEY, x INTEGER")
    row = await db.write_returning("INSERT INTO t (x) VALUES (?) RETURNING id, x", (5,))
    assert row is not None and (row["id"], row["x"]) == (1, 5)
    with contextlib.suppress(RuntimeError):
        async with db.transaction():
            await db.write_returning("INSERT INTO t (x) VALUES (?) RETURNING id", (6,))
            raise RuntimeError("the action fails after it")
    assert [r[0] for r in await db.fetchall("SELECT x FROM t")] == [5]
    await db.close()


async def test_a_long_read_apart_sees_one_snapshot_and_holds_up_no_commit(tmp_path: Path):
    """An export or the statistics run apart: while one is half way, others commit (and the
    event loop goes on), and its second query still sees the state of its first."""
    db = await _with_table(tmp_path / "t.sqlite3", "x INTEGER")
    await db.execute("INSERT INTO t VALUES (1)")
    half_way = threading.Event()
    go_on = threading.Event()

    def export(raw: sqlite3.Connection) -> tuple[int, int]:
        first = raw.execute("SELECT COUNT(*) FROM t").fetchone()[0]
        half_way.set()
        assert go_on.wait(5)
        return first, raw.execute("SELECT COUNT(*) FROM t").fetchone()[0]

    reading = asyncio.create_task(db.read_apart(export))
    assert await asyncio.to_thread(half_way.wait, 5)
    await asyncio.wait_for(db.execute("INSERT INTO t VALUES (2)"), 1)  # not held up
    assert await db.lookup_val("SELECT COUNT(*) FROM t") == 2
    go_on.set()
    assert await reading == (1, 1)
    assert await db.read_apart(lambda raw: raw.execute("SELECT COUNT(*) FROM t").fetchone()[0]) == 2
    await db.close()


async def test_a_read_apart_on_an_in_memory_database_or_in_a_transaction_uses_the_writer(
    tmp_path: Path,
):
    def count(raw: sqlite3.Connection) -> int:
        return int(raw.execute("SELECT COUNT(*) FROM t").fetchone()[0])

    memory = await _with_table(":memory:", "x INTEGER")
    await memory.execute("INSERT INTO t VALUES (7)")
    assert await memory.read_apart(count) == 1
    await memory.close()
    db = await _with_table(tmp_path / "t.sqlite3", "x INTEGER")
    async with db.transaction():
        await db.execute("INSERT INTO t VALUES (7)")
        assert await db.read_apart(count) == 1  # its own write, not yet committed
    await db.close()
