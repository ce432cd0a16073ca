"""The emulator's state and its in-process API for tests (no HTTP here; see server.py)."""

from __future__ import annotations

import asyncio
import logging
import time

from emulator.failures import FailureInjector
from emulator.files import FileStore
from emulator.models import (
    ApiCall,
    BotMessage,
    ChatState,
    CommandRegistry,
    EmulatorEvent,
    JSONDict,
    PendingQuery,
    bad_request,
    forbidden,
)
from emulator.people import EmulatedGroup, EmulatedUser
from emulator.updates import UpdateQueue
from emulator.waiting import ChangeTracker

logger = logging.getLogger(__name__)


class EmulatorCore(ChangeTracker):
    """Chats, people, files, updates and recorded calls; the HTTP server subclasses this."""

    def __init__(
        self,
        token: str,
        bot_username: str,
        bot_name: str,
        *,
        group_privacy: bool = False,
        strict_html: bool = True,
    ) -> None:
        super().__init__()
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.group_privacy = group_privacy
        self.requests_in_flight = 0  # API calls being answered now, getUpdates not counted
        self.strict_html = strict_html
        self.callback_query_ttl = 15.0
        self.chats: dict[int, ChatState] = {}
        self.users: dict[int, EmulatedUser] = {}
        self.groups: dict[int, EmulatedGroup] = {}
        self.files = FileStore()
        self.failures = FailureInjector()
        self.updates = UpdateQueue(self.notify)
        self.calls: list[ApiCall] = []
        self.commands = CommandRegistry()
        self.callback_queries: dict[str, PendingQuery] = {}
        self.callback_answers: list[JSONDict] = []
        self.blocked: set[int] = set()
        self.polling_started = asyncio.Event()
        self._query_counter = 0

    # Bot identity ---------------------------------------------------------------------------

    @property
    def bot_user(self) -> JSONDict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    # People and chats -----------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        language_code: str | None = "da",
        username: str | None = None,
        last_name: str | None = None,
        *,
        started: bool = True,
    ) -> EmulatedUser:
        """Registers a person and their private chat (chat id == user id); idempotent.

        ``started=False`` models someone who never opened the bot: sends to them fail with
        403 "bot can't initiate conversation with a user" until they write to the bot.
        """
        if user_id in self.users:
            return self.users[user_id]
        if user_id <= 0:
            raise ValueError("user ids are positive")
        person = EmulatedUser(self, user_id, first_name, last_name, username, language_code)
        chat_json: JSONDict = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            chat_json["last_name"] = last_name
        if username:
            chat_json["username"] = username
        self.chats[user_id] = ChatState(user_id, "private", chat_json, username, started)
        self.users[user_id] = person
        return person

    def group(
        self, chat_id: int, title: str, type: str = "supergroup", username: str | None = None
    ) -> EmulatedGroup:
        """Registers a group the bot is a member of (negative id); idempotent."""
        if chat_id in self.groups:
            return self.groups[chat_id]
        if chat_id >= 0:
            raise ValueError("group chat ids are negative (supergroups look like -100...)")
        if type not in ("group", "supergroup"):
            raise ValueError("type must be 'group' or 'supergroup'")
        chat_json: JSONDict = {"id": chat_id, "type": type, "title": title}
        if username:
            chat_json["username"] = username
        self.chats[chat_id] = ChatState(chat_id, type, chat_json, username)
        self.groups[chat_id] = EmulatedGroup(self, chat_id, title, type)
        return self.groups[chat_id]

    def chat(self, chat_id: int | str) -> ChatState:
        """The chat for a chat_id parameter, or Telegram's "chat not found"."""
        if isinstance(chat_id, str):
            # Like Telegram, "@username" only reaches public groups, never a person.
            name = chat_id.removeprefix("@").lower()
            for chat in self.chats.values():
                if chat.type != "private" and (chat.username or "").lower() == name:
                    return chat
            raise bad_request("chat not found")
        found = self.chats.get(chat_id)
        if found is None:
            raise bad_request("chat not found")
        return found

    def check_writable(self, chat: ChatState) -> None:
        if chat.type != "private":
            return
        if chat.id in self.blocked:
            raise forbidden("bot was blocked by the user")
        if not chat.started:
            raise forbidden("bot can't initiate conversation with a user")

    def messages_to(self, chat_id: int) -> list[BotMessage]:
        chat = self.chats.get(chat_id)
        return list(chat.bot_messages) if chat else []

    # Failure injection ----------------------------------------------------------------------

    def block(self, user_id: int) -> None:
        """The person blocks the bot: sends/edits get 403; a my_chat_member update is queued."""
        if user_id in self.blocked:
            return
        self.blocked.add(user_id)
        self._my_chat_member(user_id, "member", "kicked")

    def unblock(self, user_id: int) -> None:
        if user_id not in self.blocked:
            return
        self.blocked.discard(user_id)
        self._my_chat_member(user_id, "kicked", "member")

    def _my_chat_member(self, user_id: int, old: str, new: str) -> None:
        person = self.users.get(user_id)
        if person is None:
            return
        new_member: JSONDict = {"status": new, "user": self.bot_user}
        if new == "kicked":
            new_member["until_date"] = 0
        old_member: JSONDict = {"status": old, "user": self.bot_user}
        if old == "kicked":
            old_member["until_date"] = 0
        payload: JSONDict = {
            "chat": dict(self.chats[user_id].json),
            "from": person.json,
            "date": int(time.time()),
            "old_chat_member": old_member,
            "new_chat_member": new_member,
        }
        self.enqueue("my_chat_member", payload)

    def fail_next(
        self,
        method: str | None = None,
        *,
        error_code: int = 429,
        retry_after: int | None = None,
        description: str | None = None,
        count: int = 1,
        chat_id: int | None = None,
    ) -> None:
        self.failures.fail_next(
            method,
            error_code=error_code,
            retry_after=retry_after,
            description=description,
            count=count,
            chat_id=chat_id,
        )

    def fail_every(
        self,
        n: int,
        method: str | None = "sendMessage",
        error_code: int = 429,
        retry_after: int | None = 1,
    ) -> None:
        self.failures.fail_every(n, method, error_code, retry_after)

    def delay_next(
        self, method: str | None, seconds: float, count: int = 1, chat_id: int | None = None
    ) -> None:
        """The next count calls of method (into chat_id, if given) take effect at once and
        are answered seconds later, as a slow network would."""
        self.failures.delay_next(method, seconds, count, chat_id)

    def hold_next(self, method: str, chat_id: int | None = None) -> asyncio.Event:
        """The next call of method (into chat_id) takes effect; its answer waits until the
        returned event is set (or the emulator stops)."""
        return self.failures.hold_next(method, chat_id)

    @property
    def flood_limit_per_second(self) -> float | None:
        return self.failures.flood_limit_per_second

    @flood_limit_per_second.setter
    def flood_limit_per_second(self, value: float | None) -> None:
        self.failures.flood_limit_per_second = value

    @property
    def latency(self) -> float:
        """Seconds every call but getUpdates waits before its answer (a real network's delay)."""
        return self.failures.latency_seconds

    @latency.setter
    def latency(self, seconds: float) -> None:
        self.failures.latency_seconds = seconds

    # Updates --------------------------------------------------------------------------------

    def enqueue(self, kind: str, payload: JSONDict) -> JSONDict:
        update: JSONDict = {"update_id": self.updates.new_id(), kind: payload}
        self.updates.push(update)
        logger.debug("Queued update %s (%s)", update["update_id"], kind)
        return update

    def deliver_again(self, update: JSONDict) -> None:
        """Queue the identical update (same update_id) again, as Telegram does after a crash."""
        self.updates.redeliver(update)

    @property
    def pending_updates(self) -> int:
        return self.updates.pending_count

    @property
    def bot_is_waiting(self) -> bool:
        return (
            self.updates.pending_count == 0
            and self.updates.polls_waiting > 0
            and self.requests_in_flight == 0
        )

    def new_callback_query_id(self) -> str:
        self._query_counter += 1
        return str(4_611_686_018_427_387_904 + self._query_counter * 7919)

    # Messages -------------------------------------------------------------------------------

    def new_message(self, chat: ChatState, sender: JSONDict, content: JSONDict) -> JSONDict:
        message_id = chat.take_message_id()
        message: JSONDict = {
            "message_id": message_id,
            "from": sender,
            "chat": dict(chat.json),
            "date": int(time.time()),
            **content,
        }
        chat.messages[message_id] = message
        return message

    def add_bot_message(
        self,
        chat: ChatState,
        content: JSONDict,
        *,
        kind: str,
        text: str,
        parse_mode: str | None,
        reply_markup: JSONDict | None,
        media: list[tuple[str, bytes]] | None = None,
        document: tuple[str, bytes] | None = None,
        media_group_id: str | None = None,
    ) -> BotMessage:
        if reply_markup and "inline_keyboard" in reply_markup:
            # Telegram echoes only inline keyboards in the returned Message.
            content = {**content, "reply_markup": reply_markup}
        raw = self.new_message(chat, self.bot_user, content)
        message = BotMessage(
            message_id=raw["message_id"],
            chat_id=chat.id,
            text=text,
            parse_mode=parse_mode,
            reply_markup=reply_markup,
            kind=kind,
            date=raw["date"],
            media=media or [],
            document_name=document[0] if document else None,
            document_bytes=document[1] if document else None,
            media_group_id=media_group_id,
            raw=raw,
        )
        chat.bot_messages.append(message)
        if reply_markup and "keyboard" in reply_markup:
            chat.reply_keyboard = reply_markup
        elif reply_markup and reply_markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        self.emit(EmulatorEvent("new", chat.id, message))
        return message

    def bot_message(self, chat: ChatState, message_id: int) -> BotMessage | None:
        for message in reversed(chat.bot_messages):
            if message.message_id == message_id and not message.deleted:
                return message
        return None

    def calls_to(self, method: str) -> list[ApiCall]:
        name = method.lower()
        return [call for call in self.calls if call.method.lower() == name]

    def errors(self) -> list[ApiCall]:
        return [call for call in self.calls if call.error_code is not None]
