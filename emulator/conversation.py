"""Reading a chat as a test would: the bot's messages, a read cursor, waiting and buttons."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from emulator.models import BotMessage, ChatState, JSONDict, PendingQuery

if TYPE_CHECKING:
    from emulator.people import EmulatedUser
    from emulator.state import EmulatorCore


class ChatView:
    """The bot's messages in one chat, with a read cursor for next_message()/expect()."""

    def __init__(self, core: EmulatorCore, chat_id: int) -> None:
        self._core = core
        self.id = chat_id
        self._cursor = 0  # index of the first message not consumed by next_message()
        self._seen: dict[int, int] = {}  # message_id -> version consumed

    @property
    def _chat(self) -> ChatState:
        return self._core.chats[self.id]

    @property
    def chat_id(self) -> int:
        return self.id

    @property
    def messages(self) -> list[BotMessage]:
        """Every message the bot sent to this chat, in order (deleted ones flagged)."""
        return list(self._chat.bot_messages)

    @property
    def last_message(self) -> BotMessage | None:
        messages = self._chat.bot_messages
        return messages[-1] if messages else None

    @property
    def shown_reply_keyboard(self) -> JSONDict | None:
        """The reply keyboard the person sees now: the last one sent, until one removes it."""
        return self._chat.reply_keyboard

    @property
    def chat_actions(self) -> list[str]:
        return list(self._chat.actions)

    def inbox_text(self) -> str:
        return "\n".join(m.plain_text for m in self._chat.bot_messages)

    def transcript(self, limit: int = 15) -> str:
        """Both sides of the recent conversation plus recent API errors, for assertion messages.
        ✓ marks bot messages already consumed by next_message()/expect()."""
        entries: list[tuple[int, str]] = []
        for message in self._chat.bot_messages:
            marker = "✓" if message.message_id in self._seen else " "
            entries.append((message.message_id, f"  {marker} 🤖 {message.describe()}"))
        for message_id, raw in self._chat.messages.items():
            sender = raw.get("from") or {}
            if sender.get("id") != self._core.bot_id:
                what = raw.get("text") or raw.get("caption") or ""
                kind = next(
                    (k for k in ("photo", "document", "contact", "sticker") if k in raw), ""
                )
                label = f"[{kind}] " if kind else ""
                who = sender.get("first_name", "?")
                entries.append((message_id, f"    👤 #{message_id} {who}: {label}{what!r}"))
        entries.sort()
        lines = [f"Transcript of chat {self.id} (last {min(limit, len(entries))} messages):"]
        lines += [line for _, line in entries[-limit:]] or ["  (no messages in this chat)"]
        errors = self._core.errors()[-5:]
        if errors:
            lines.append("Recent failed API calls:")
            lines += [
                f"  {c.method} chat_id={c.chat_id} -> {c.error_code} {c.description}"
                for c in errors
            ]
        return "\n".join(lines)

    def catch_up(self) -> None:
        """Counts every message so far as read: expect() and next_message() then wait for
        what comes after (a repeated answer to an earlier step is not the next one's)."""
        for message in self._chat.bot_messages:
            self._consume(message)

    def _consume(self, message: BotMessage) -> BotMessage:
        self._seen[message.message_id] = message.version
        index = self._chat.bot_messages.index(message)
        self._cursor = max(self._cursor, index + 1)
        return message

    def _unconsumed(self) -> list[BotMessage]:
        """Messages not yet returned by next_message()/expect(), plus ones edited since."""
        return [
            message
            for message in self._chat.bot_messages
            if self._seen.get(message.message_id, -1) < message.version
        ]

    async def next_message(self, timeout: float = 5.0) -> BotMessage:
        """The next bot message in this chat not consumed yet (advances the read cursor)."""

        def check() -> BotMessage | None:
            messages = self._chat.bot_messages
            return messages[self._cursor] if len(messages) > self._cursor else None

        found = await self._core.wait_for_value(check, timeout)
        if found is None:
            raise AssertionError(
                f"No new bot message in chat {self.id} within {timeout} s.\n{self.transcript()}"
            )
        return self._consume(found)

    async def expect(self, fragment: str, timeout: float = 5.0) -> BotMessage:
        """Waits for an unconsumed (or since-edited) message whose text contains fragment,
        case-insensitively, in the raw or the plain text; consumes it."""
        needle = fragment.casefold()

        def check() -> BotMessage | None:
            for message in self._unconsumed():
                if needle in message.plain_text.casefold() or needle in message.text.casefold():
                    return message
            return None

        found = await self._core.wait_for_value(check, timeout)
        if found is None:
            raise AssertionError(
                f"Expected a bot message containing {fragment!r} in chat {self.id} within "
                f"{timeout} s.\n{self.transcript()}"
            )
        return self._consume(found)

    async def expect_no_message(self, within: float = 0.5) -> None:
        """Fails if the bot sends a new message to this chat within ``within`` seconds."""

        def check() -> BotMessage | None:
            # Anything after the read cursor not consumed by expect() counts, including
            # messages that arrived before this call (a fast bot must not slip through).
            for message in self._chat.bot_messages[self._cursor :]:
                if message.message_id not in self._seen:
                    return message
            return None

        found = await self._core.wait_for_value(check, within)
        if found is not None:
            raise AssertionError(
                f"Expected no bot message in chat {self.id}, got {found.describe()}"
            )

    # Buttons --------------------------------------------------------------------------------

    def latest_with_buttons(self, inline_only: bool = False) -> BotMessage | None:
        for message in reversed(self._chat.bot_messages):
            if message.deleted:
                continue
            if message.inline_keyboard or (not inline_only and message.reply_keyboard):
                return message
        return None

    def _find_button(self, label: str, message: BotMessage | None) -> tuple[JSONDict, BotMessage]:
        target = message or self.latest_with_buttons(inline_only=True)
        if target is None:
            raise AssertionError(
                f"No bot message with an inline keyboard in chat {self.id} to press "
                f"{label!r} on.\n{self.transcript()}"
            )
        if target.deleted:
            raise AssertionError(f"Message #{target.message_id} was deleted; cannot press it")
        buttons = [b for row in target.inline_keyboard for b in row]
        matches = [b for b in buttons if b.get("text") == label]
        if not matches:
            needle = label.casefold()
            matches = [b for b in buttons if needle in str(b.get("text", "")).casefold()]
            if len(matches) > 1:
                labels = [b.get("text") for b in matches]
                raise AssertionError(f"Button label {label!r} is ambiguous: matches {labels}")
        if not matches:
            raise AssertionError(
                f"No button {label!r} in message #{target.message_id} "
                f"({target.plain_text[:80]!r}); available buttons: {target.buttons}"
            )
        return matches[0], target

    def _callback_update(self, person: EmulatedUser, message: BotMessage, data: str) -> JSONDict:
        query_id = self._core.new_callback_query_id()
        self._core.callback_queries[query_id] = PendingQuery(person.id, self.id, time.monotonic())
        payload: JSONDict = {
            "id": query_id,
            "from": person.json,
            "message": dict(message.raw),
            # Stable per chat, as Telegram's chat_instance is.
            "chat_instance": str((self.id * 2_654_435_761) % (2**63)),
            "data": data,
        }
        return self._core.enqueue("callback_query", payload)

    async def _press_button(
        self, person: EmulatedUser, button: JSONDict, message: BotMessage
    ) -> JSONDict:
        label = button.get("text")
        if "callback_data" in button:
            return self._callback_update(person, message, str(button["callback_data"]))
        if "url" in button:
            raise AssertionError(
                f"Button {label!r} is a URL button ({button['url']}): pressing it opens a "
                "browser and the bot receives no update"
            )
        if message.reply_keyboard and button in [b for r in message.reply_keyboard for b in r]:
            return await self._reply_keyboard_press(person, button)
        kinds = sorted(k for k in button if k != "text")
        raise AssertionError(f"Button {label!r} ({kinds}) cannot be pressed in the emulator")

    async def _reply_keyboard_press(self, person: EmulatedUser, button: JSONDict) -> JSONDict:
        return await person.press_reply_keyboard_button(button)

    async def _press_at(
        self, person: EmulatedUser, number: int, message: BotMessage | None
    ) -> JSONDict:
        target = message or self.latest_with_buttons()
        if target is None or target.deleted:
            raise AssertionError(f"No bot message with buttons in chat {self.id}")
        buttons = target.flat_buttons
        if not 1 <= number <= len(buttons):
            raise AssertionError(
                f"Button number {number} does not exist; message #{target.message_id} has "
                f"{len(buttons)} buttons: {target.buttons}"
            )
        return await self._press_button(person, buttons[number - 1], target)
