"""PTB's persistence on SQLite survives a kill -9 of the process that wrote it."""

from __future__ import annotations

import asyncio
import sys
import textwrap
from pathlib import Path

from bot.persistence import SQLitePersistence
from storage.db import Database
from storage.persistence_store import PersistenceStore

ROOT = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import asyncio, sys
    sys.path.insert(0, {root!r})
    from bot.persistence import SQLitePersistence
    from storage.db import Database
    from storage.persistence_store import PersistenceStore

    async def main():
        db = Database({path!r})
        await db.connect()
        persistence = SQLitePersistence(PersistenceStore(db))
        await persistence.update_conversation("donate", (42, 42), "DESCRIPTION")
        await persistence.update_user_data(42, {{"draft": {{"category": "clothes", "n": 2}}}})
        await persistence.update_chat_data(42, {{"seen": True}})
        await persistence.update_bot_data({{"version": 1}})
        print("written", flush=True)
        await asyncio.sleep(3600)  # killed here, with no chance to close anything

    asyncio.run(main())
    """
)


async def test_conversation_state_survives_sigkill(tmp_path: Path):
    path = tmp_path / "bot.sqlite3"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        WRITER.format(root=str(ROOT), path=str(path)),
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), timeout=30)
    assert line.strip() == b"written"
    process.kill()
    await process.wait()

    db = Database(path)
    await db.connect()
    # lazy=False: read everything back, as PTB's start would without per-person loading.
    persistence = SQLitePersistence(PersistenceStore(db), lazy=False)
    assert await persistence.get_conversations("donate") == {(42, 42): "DESCRIPTION"}
    assert await persistence.get_user_data() == {42: {"draft": {"category": "clothes", "n": 2}}}
    assert await persistence.get_chat_data() == {42: {"seen": True}}
    assert await persistence.get_bot_data() == {"version": 1}
    await db.close()


async def test_an_ended_conversation_is_removed(tmp_path: Path):
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    persistence = SQLitePersistence(PersistenceStore(db))
    await persistence.update_conversation("donate", (1, 1), "SUMMARY")
    await persistence.update_conversation("donate", (1, 1), None)
    assert await persistence.get_conversations("donate") == {}
    await persistence.drop_user_data(1)
    assert await persistence.get_callback_data() is None
    await persistence.update_callback_data(([("kb", 1.5, {"b": "data"})], {"q": "kb"}))
    assert await persistence.get_callback_data() == ([("kb", 1.5, {"b": "data"})], {"q": "kb"})
    await db.close()
