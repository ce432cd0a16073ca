"""Shared steps for the broadcast stories: people in the database and the emulator, the admin's
/announce conversation, and counting what arrived."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from domain.clock import to_db
from emulator import BotApiEmulator, BotMessage, EmulatedUser
from storage.db import Database
from tests.e2e.harness import ADMIN_ID, BotProcess

SEEDED_AT = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
FAST = {"JOB_TICK_SECONDS": "0.3", "BROADCAST_RATE": "25"}


@asynccontextmanager
async def bot_process(
    emulator: BotApiEmulator, workdir: Path, env: dict[str, str] | None = None
) -> AsyncIterator[BotProcess]:
    """A bot process with quick ticks; its log is printed if the story fails."""
    process = BotProcess(emulator, workdir, env={**FAST, **(env or {})})
    try:
        yield process
    except BaseException:
        print(f"---- bot log ----\n{process.log()[-30000:]}")
        raise
    finally:
        await process.stop()


async def seed_people(
    database: Path,
    ids: Iterable[int],
    *,
    topic: str | None = None,
    english: Iterable[int] = (),
) -> None:
    """Users (and a topic subscription each) written before the bot starts; migrations run."""
    db = Database(database)
    await db.connect()
    english_ids = set(english)
    rows = [(uid, "en" if uid in english_ids else "da", to_db(SEEDED_AT)) for uid in ids]
    await db.executemany(
        "INSERT OR IGNORE INTO users (id, language, language_chosen, created_at, last_seen_at)"
        " VALUES (?, ?, 1, ?, ?)",
        [(uid, language, stamp, stamp) for uid, language, stamp in rows],
    )
    if topic is not None:
        await db.executemany(
            "INSERT OR IGNORE INTO subscriptions (user_id, topic, subscribed_at) VALUES (?, ?, ?)",
            [(uid, topic, stamp) for uid, _, stamp in rows],
        )
    await db.close()


def query(database: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Reads the bot's database from the test (WAL lets us read while it runs)."""
    with sqlite3.connect(database) as connection:
        return list(connection.execute(sql, params))


def conversation_state(database: Path, name: str) -> list[str]:
    """The persisted states of a conversation (to kill the bot only once a step is saved)."""
    return [
        str(row[0])
        for row in query(
            database, "SELECT data FROM ptb_persistence WHERE kind = ?", (f"conv:{name}",)
        )
    ]


def people(emulator: BotApiEmulator, ids: Iterable[int], english: Iterable[int] = ()) -> None:
    english_ids = set(english)
    for uid in ids:
        emulator.user(uid, first_name=f"P{uid}", language_code="en" if uid in english_ids else "da")


async def write_announcement(admin: EmulatedUser, text: str, audience: str) -> BotMessage:
    """The admin's /announce up to the preview; returns the confirmation with its buttons."""
    await admin.send("/announce")
    await admin.expect("Skriv den tekst")
    await admin.send(text)
    await admin.expect("Hvem skal have det?")
    await admin.press(audience)
    await admin.expect(text)  # the preview, exactly as it will arrive
    return await admin.expect("Sådan kommer det til at se ud")


def received(emulator: BotApiEmulator, uid: int, marker: str) -> int:
    return sum(1 for message in emulator.users[uid].messages if marker in message.plain_text)


def progress_message(admin: EmulatedUser, done_word: str = "er sendt") -> BotMessage | None:
    for message in admin.messages:
        text = message.plain_text
        if ("Opslag #" in text or "Announcement #" in text) and done_word in text:
            return message
    return None


def max_per_second(times: list[float]) -> int:
    """The most calls inside any one-second window."""
    best, start = 0, 0
    for end, moment in enumerate(times):
        while times[start] <= moment - 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


def admin_user(emulator: BotApiEmulator, language: str = "da") -> EmulatedUser:
    return emulator.user(ADMIN_ID, first_name="Birgitte", language_code=language)
