"""python-telegram-bot persistence on the project's SQLite file.

PTB's own persistences save on a timer (every 60 s by default). The application here calls
update_persistence() right after every update (see bot/application.py), so a conversation's new
state is on disk before the next message is read: after a kill -9 the person goes on from the
step they were at. Everything is stored as JSON, so only plain data belongs in user_data.
"""

from __future__ import annotations

import json
from typing import Any, cast

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from storage.persistence_store import PersistenceStore

UserData = dict[str, Any]
ChatData = dict[str, Any]
BotData = dict[str, Any]


class SQLitePersistence(BasePersistence[UserData, ChatData, BotData]):
    def __init__(self, store: PersistenceStore) -> None:
        # The interval only matters as a fallback: the application saves after every update.
        super().__init__(store_data=PersistenceInput(), update_interval=5)
        self.store = store

    async def get_user_data(self) -> dict[int, UserData]:
        return {int(key): value for key, value in (await self.store.load_kind("user")).items()}

    async def get_chat_data(self) -> dict[int, ChatData]:
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
