"""PTB persistence on the project's SQLite file: loaded per person, saved per update.

PTB's own persistences load everything at start and save on a timer. Here:
- nothing per person is read at start: a person's user_data, their chat's chat_data and their
  conversation states are read when they next write (bot.application.HjaelpeApplication loads
  them before the update is handled), so start time and memory do not grow with the user count;
- the application writes what one update changed, together with its "done" mark, in one
  transaction at the end of that update (StateSaver below); PTB's timer only writes what was
  changed outside updates (jobs calling mark_data_for_update_persistence, dropped data).
Everything is stored as JSON, so only plain data belongs in user_data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, cast

from telegram.ext import BasePersistence, ConversationHandler, PersistenceInput

from bot.ptb_adapter import CDCData, ConversationDict, ConversationKey
from storage.persistence_store import PersistenceStore, Row, to_json

UserData = dict[str, Any]
ChatData = dict[str, Any]
BotData = dict[str, Any]


class SQLitePersistence(BasePersistence[UserData, ChatData, BotData]):
    def __init__(self, store: PersistenceStore, *, lazy: bool = True) -> None:
        # The interval is how often PTB writes what jobs changed; updates write at their end.
        super().__init__(store_data=PersistenceInput(), update_interval=5)
        self.store = store
        self.lazy = lazy

    async def get_user_data(self) -> dict[int, UserData]:
        if self.lazy:
            return {}
        return {int(key): value for key, value in (await self.store.load_kind("user")).items()}

    async def get_chat_data(self) -> dict[int, ChatData]:
        if self.lazy:
            return {}
        return {int(key): value for key, value in (await self.store.load_kind("chat")).items()}

    async def get_bot_data(self) -> BotData:
        return cast(BotData, await self.store.load("bot", "") or {})

    async def get_callback_data(self) -> CDCData | None:
        data = await self.store.load("callback", "")
        if data is None:
            return None
        buttons, mapping = data
        return [(uuid, stamp, dict(keyboard)) for uuid, stamp, keyboard in buttons], dict(mapping)

    async def get_conversations(self, name: str) -> ConversationDict:
        if self.lazy:
            return {}
        stored = await self.store.load_kind(f"conv:{name}")
        return {tuple(json.loads(key)): state for key, state in stored.items()}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        store_key = json.dumps(list(key))
        if new_state is None:
            await self.store.delete(f"conv:{name}", store_key)
        else:
            await self.store.save(f"conv:{name}", store_key, new_state)

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        await self.store.save("user", str(user_id), data)

    async def update_chat_data(self, chat_id: int, data: ChatData) -> None:
        await self.store.save("chat", str(chat_id), data)

    async def update_bot_data(self, data: BotData) -> None:
        await self.store.save("bot", "", data)

    async def update_callback_data(self, data: CDCData) -> None:
        await self.store.save("callback", "", data)

    async def drop_chat_data(self, chat_id: int) -> None:
        await self.store.delete("chat", str(chat_id))

    async def drop_user_data(self, user_id: int) -> None:
        await self.store.delete("user", str(user_id))

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """Nothing to do: this process is the only writer, so memory is always current."""

    async def refresh_chat_data(self, chat_id: int, chat_data: ChatData) -> None:
        """Nothing to do: see refresh_user_data."""

    async def refresh_bot_data(self, bot_data: BotData) -> None:
        """Nothing to do: see refresh_user_data."""

    async def flush(self) -> None:
        """Nothing to do: every update is written through at once."""


def persistent_conversations(handlers: Any) -> Iterator[ConversationHandler[Any]]:
    """Every persistent, named ConversationHandler, nested ones included."""
    stack = [handler for group in handlers.values() for handler in group]
    while stack:
        handler = stack.pop()
        if not isinstance(handler, ConversationHandler):
            continue
        if handler.persistent and handler.name:
            yield handler
        stack.extend(handler.entry_points)
        stack.extend(handler.fallbacks)
        for step in handler.states.values():
            stack.extend(step)


def state_json(state: object) -> str | None:
    """What is stored for a conversation state: None (no row) once the conversation ended."""
    if state is None or state == ConversationHandler.END:
        return None
    resolve = getattr(state, "resolve", None)  # PTB's PendingState of a non-blocking step
    if resolve is not None:
        state = resolve() if state.done() else state.old_state  # type: ignore[attr-defined]
        if state is None or state == ConversationHandler.END:
            return None
    return to_json(state)


class StateSaver:
    """What is on disk for each (kind, key) this process has read or written, as JSON text.

    load() reads the rows of one update's person and chat once; changes() lists the rows whose
    JSON differs from what is on disk, for the update's commit; saved() records them afterwards.
    """

    def __init__(self, store: PersistenceStore) -> None:
        self.store = store
        self._on_disk: dict[tuple[str, str], str | None] = {}

    def known(self, kind: str, key: str) -> bool:
        return (kind, key) in self._on_disk

    def on_disk(self) -> dict[tuple[str, str], str | None]:
        return self._on_disk

    async def load(self, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], Any]:
        """Reads the rows not yet known; returns the decoded ones that exist."""
        missing = [pair for pair in dict.fromkeys(wanted) if pair not in self._on_disk]
        if not missing:
            return {}
        found = await self.store.load_many(missing)
        for pair in missing:
            self._on_disk[pair] = found.get(pair)
        return {pair: json.loads(text) for pair, text in found.items()}

    def change(self, kind: str, key: str, data: str | None) -> Row | None:
        """The row to write if data differs from what is on disk, else None."""
        if self._on_disk.get((kind, key)) == data:
            return None
        return (kind, key, data)

    def saved(self, rows: list[Row]) -> None:
        for kind, key, data in rows:
            self._on_disk[(kind, key)] = data

    def forget(self, kind: str, key: str) -> None:
        self._on_disk.pop((kind, key), None)
