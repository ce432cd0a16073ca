"""The contract of bot/ptb_adapter.py: what we rely on of PTB's private API, on a real PTB
Application (against the emulator) with our SQLite persistence. If a PTB upgrade breaks this
test, bot/ptb_adapter.py is the one file to change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Chat, Message, MessageEntity, Update, User
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot import ptb_adapter
from bot.persistence import SQLitePersistence
from emulator import BotApiEmulator
from storage.db import Database
from storage.persistence_store import PersistenceStore

ANNA, BO = 1001, 1002
ASKED = "asked"

App = Application[Any, Any, Any, Any, Any, Any]


async def asked(update: Update, context: Any) -> str:
    return ASKED


async def answered(update: Update, context: Any) -> int:
    return ConversationHandler.END


def conversation() -> ConversationHandler[Any]:
    return ConversationHandler(
        name="story",
        persistent=True,
        entry_points=[CommandHandler("go", asked)],
        states={ASKED: [MessageHandler(filters.TEXT & ~filters.COMMAND, answered)]},
        fallbacks=[],
    )


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[PersistenceStore]:
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    yield PersistenceStore(db)
    await db.close()


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@asynccontextmanager
async def initialized(emu: BotApiEmulator, store: PersistenceStore) -> AsyncIterator[App]:
    """A PTB Application with our persistence, initialized (conversations loaded)."""
    application = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .persistence(SQLitePersistence(store, lazy=False))  # all states at start, as PTB does
        .build()
    )
    application.add_handler(conversation())
    application.add_handler(CommandHandler("other", asked), group=1)
    async with application:
        yield application


@pytest.fixture
async def app(emu: BotApiEmulator, store: PersistenceStore) -> AsyncIterator[App]:
    async with initialized(emu, store) as application:
        yield application


def text_update(app: App, user_id: int, text: str, update_id: int = 1) -> Update:
    entities = [MessageEntity("bot_command", 0, len(text))] if text.startswith("/") else []
    message = Message(
        message_id=update_id,
        date=datetime(2026, 12, 1, tzinfo=UTC),
        chat=Chat(user_id, Chat.PRIVATE),
        from_user=User(user_id, "Anna", is_bot=False),
        text=text,
        entities=entities,
    )
    message.set_bot(app.bot)
    update = Update(update_id, message=message)
    update.set_bot(app.bot)
    return update


async def stored_keys(store: PersistenceStore) -> list[str]:
    return sorted((await store.load_kind("conv:story")).keys())


async def test_the_adapter_finds_the_conversations_and_who_is_in_them(
    app: App, store: PersistenceStore
) -> None:
    [story] = ptb_adapter.conversations(app)  # the group-1 CommandHandler is no conversation
    go = text_update(app, ANNA, "/go")
    assert ptb_adapter.conversation_key(story, go) == (ANNA, ANNA)
    assert not ptb_adapter.in_conversation(story, go)

    await app.process_update(go)
    assert ptb_adapter.in_conversation(story, go)
    assert not ptb_adapter.in_conversation(story, text_update(app, BO, "hej"))
    await app.update_persistence()
    assert await stored_keys(store) == [f"[{ANNA}, {ANNA}]"]

    # Ending it from outside: gone at once, and from the persistence at the next save.
    ptb_adapter.end_conversation(story, go)
    assert not ptb_adapter.in_conversation(story, go)
    await app.update_persistence()
    assert await stored_keys(store) == []


async def test_an_update_without_a_person_has_no_key_and_ends_nothing(app: App) -> None:
    [story] = ptb_adapter.conversations(app)
    nobody = Update(9)
    assert ptb_adapter.conversation_key(story, nobody) is None
    assert not ptb_adapter.in_conversation(story, nobody)
    ptb_adapter.end_conversation(story, nobody)  # no error


async def test_forgetting_a_person_drops_only_their_states_in_memory_and_on_disk(
    app: App, store: PersistenceStore
) -> None:
    [story] = ptb_adapter.conversations(app)
    await app.process_update(text_update(app, ANNA, "/go", 1))
    await app.process_update(text_update(app, BO, "/go", 2))
    await app.update_persistence()
    assert len(await stored_keys(store)) == 2

    assert ptb_adapter.forget_conversations_of(app, ANNA) == 1

    assert not ptb_adapter.in_conversation(story, text_update(app, ANNA, "hej"))
    assert ptb_adapter.in_conversation(story, text_update(app, BO, "hej"))
    await app.update_persistence()
    assert await stored_keys(store) == [f"[{BO}, {BO}]"]


async def test_a_state_loaded_from_the_persistence_counts_as_under_way(
    emu: BotApiEmulator, store: PersistenceStore
) -> None:
    """After a restart, in_conversation and end_conversation see what the persistence loaded."""
    async with initialized(emu, store) as first:
        await first.process_update(text_update(first, ANNA, "/go"))
        await first.update_persistence()
    async with initialized(emu, store) as again:
        [story] = ptb_adapter.conversations(again)
        update = text_update(again, ANNA, "hej")
        assert ptb_adapter.in_conversation(story, update)
        ptb_adapter.end_conversation(story, update)
        await again.update_persistence()
    assert await stored_keys(store) == []
