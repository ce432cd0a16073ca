"""The SQLite file: pragmas, migrations once and in order, transactions that do not mix."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from storage.db import Database, apply_migrations, split_sql


async def test_pragmas_and_all_migrations_applied(tmp_path: Path):
    db = Database(tmp_path / "t.sqlite3")
    await db.connect()
    assert await db.fetchval("PRAGMA journal_mode") == "wal"
    assert await db.fetchval("PRAGMA foreign_keys") == 1
    assert await db.fetchval("PRAGMA secure_delete") == 1
    versions = [row[0] for row in await db.fetchall("SELECT version FROM schema_migrations")]
    assert versions == list(range(1, len(versions) + 1))
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
