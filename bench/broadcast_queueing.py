"""Queueing an announcement to 3,000 people: OutboxRepository.add_many (one transaction, one
INSERT per row, as queue_announcement uses it) against a plain executemany of the same rows,
and the whole expansion (audience query, rendering in two languages, rows, bookkeeping)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bot.services import open_services
from bot.settings import Settings
from domain.announcements import Audience
from domain.clock import to_db
from handlers.announce.sending import queue_announcement
from storage.broadcasts import AnnouncementRepository
from storage.db import Database
from storage.outbox import NewMessage, OutboxRepository

PEOPLE = 3000
NOW = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parent.parent
TEXT = "📢 <b>Hjælpesporet Herning</b>\n\nJulemarked lørdag kl. 10-14 i hallen. Alle er velkomne!"


def rows(batch_id: int) -> list[NewMessage]:
    return [
        NewMessage(
            chat_id,
            "sendMessage",
            {"text": TEXT, "parse_mode": "HTML"},
            dedup_key=f"announcement:{batch_id}:{chat_id}",
            batch_id=batch_id,
        )
        for chat_id in range(100_000, 100_000 + PEOPLE)
    ]


async def fresh(folder: Path, name: str) -> Database:
    db = Database(folder / f"{name}.sqlite3")
    await db.connect()
    return db


async def with_add_many(folder: Path) -> float:
    db = await fresh(folder, "add_many")
    messages = rows(1)
    started = time.perf_counter()
    added = await OutboxRepository(db).add_many(messages, NOW)
    took = time.perf_counter() - started
    assert added == PEOPLE
    await db.close()
    return took


async def with_executemany(folder: Path) -> float:
    db = await fresh(folder, "executemany")
    values = [OutboxRepository._values(message, NOW) for message in rows(1)]
    started = time.perf_counter()
    await db.executemany(
        "INSERT INTO outbox (chat_id, method, payload, dedup_key, batch_id, priority,"
        " not_before, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (dedup_key) DO NOTHING",
        values,
    )
    took = time.perf_counter() - started
    assert await db.fetchval("SELECT COUNT(*) FROM outbox") == PEOPLE
    await db.close()
    return took


async def whole_expansion(folder: Path) -> float:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_path=folder / "expansion.sqlite3",
        organisation_file=ROOT / "organisation.toml",
    )
    services = await open_services(settings)
    stamp = to_db(NOW)
    await services.db.executemany(
        "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
        [(uid, "en" if uid % 4 == 0 else "da", stamp, stamp) for uid in range(1, PEOPLE + 1)],
    )
    announcement, _ = await AnnouncementRepository(services.db).create(
        text="Julemarked lørdag kl. 10-14 i hallen.",
        photo_file_id=None,
        audience=Audience.ALL,
        scheduled_for=NOW,
        created_by=1,
        progress_chat_id=1,
        progress_language="da",
        idempotency_key="bench",
        now=NOW,
    )
    started = time.perf_counter()
    queued = await queue_announcement(services, announcement)
    took = time.perf_counter() - started
    assert queued == PEOPLE
    await services.close()
    return took


async def run() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        baseline = await with_executemany(folder)
        add_many = await with_add_many(folder)
        whole = await whole_expansion(folder)
    print(f"{PEOPLE} outbox rows, plain executemany (baseline): {baseline * 1000:8.1f} ms")
    print(f"{PEOPLE} outbox rows, OutboxRepository.add_many:    {add_many * 1000:8.1f} ms")
    print(f"whole queue_announcement to {PEOPLE} people:        {whole * 1000:8.1f} ms")
    print(f"add_many / executemany = {add_many / baseline:.1f}x")
    print(f"queue_announcement / executemany = {whole / baseline:.1f}x")


def main() -> None:
    asyncio.run(run())
