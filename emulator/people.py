"""Emulated people and groups: they send realistic updates and read the bot's replies."""

from __future__ import annotations

import logging
import mimetypes
import re
from typing import TYPE_CHECKING

from emulator.conversation import ChatView
from emulator.models import BotMessage, JSONDict
from emulator.samples import FAKE_OGG_VOICE, FAKE_WEBP_STICKER
from emulator.textparse import utf16_len

if TYPE_CHECKING:
    from emulator.state import EmulatorCore

logger = logging.getLogger(__name__)

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}")
COPENHAGEN = (55.6761, 12.5683)


def text_entities(text: str) -> list[JSONDict]:
    """Entities Telegram's clients add on their own: a leading command and @mentions.
    PTB's CommandHandler only matches messages with a bot_command entity at offset 0."""
    entities: list[JSONDict] = []
    command = _COMMAND_RE.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command[0])})
    for mention in _MENTION_RE.finditer(text):
        offset = utf16_len(text[: mention.start()])
        if command and offset < utf16_len(command[0]):
            continue
        entities.append({"type": "mention", "offset": offset, "length": utf16_len(mention[0])})
    return entities


def post_message(
    core: EmulatorCore,
    person: EmulatedUser,
    chat_id: int,
    content: JSONDict,
    reply_to: BotMessage | None = None,
) -> JSONDict:
    """Stores a message from a person in a chat and queues the update (unless privacy mode
    hides it from the bot); returns the update."""
    chat = core.chats[chat_id]
    if reply_to is not None:
        reply = {k: v for k, v in reply_to.raw.items() if k != "reply_to_message"}
        content = {**content, "reply_to_message": reply}
    if chat.type == "private":
        if chat_id in core.blocked:
            # A person cannot write to a bot they blocked; their app unblocks it first.
            core.unblock(chat_id)
        chat.started = True
    else:
        chat.members.setdefault(person.id, "member")
    message = core.new_message(chat, person.json, content)
    if (
        chat.type != "private"
        and core.group_privacy
        and not _visible_in_privacy_mode(core, content)
    ):
        logger.info("Group message %s hidden from the bot by privacy mode", message["message_id"])
        core.notify()
        return {"update_id": None, "message": message}
    return core.enqueue("message", message)


def _visible_in_privacy_mode(core: EmulatorCore, content: JSONDict) -> bool:
    text = str(content.get("text", ""))
    reply = content.get("reply_to_message") or {}
    return (
        text.startswith("/")
        or f"@{core.bot_username}".lower() in text.lower()
        or (reply.get("from") or {}).get("id") == core.bot_id
    )


def text_content(text: str) -> JSONDict:
    content: JSONDict = {"text": text}
    entities = text_entities(text)
    if entities:
        content["entities"] = entities
    return content


class EmulatedUser(ChatView):
    """A person in a private chat with the bot (chat id == user id)."""

    def __init__(
        self,
        core: EmulatorCore,
        user_id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> None:
        super().__init__(core, user_id)
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code
        # Used when a request_contact keyboard button is pressed.
        self.phone_number = "+4512345678"

    def __repr__(self) -> str:
        return f"EmulatedUser(id={self.id}, first_name={self.first_name!r})"

    @property
    def json(self) -> JSONDict:
        user: JSONDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    @property
    def callback_answers(self) -> list[JSONDict]:
        return [a for a in self._core.callback_answers if a.get("user_id") == self.id]

    @property
    def blocked(self) -> bool:
        return self.id in self._core.blocked

    def block(self) -> None:
        self._core.block(self.id)

    def unblock(self) -> None:
        self._core.unblock(self.id)

    # Sending --------------------------------------------------------------------------------

    def _post(self, content: JSONDict, reply_to: BotMessage | None = None) -> JSONDict:
        return post_message(self._core, self, self.id, content, reply_to)

    async def send(self, text: str, *, reply_to: BotMessage | None = None) -> JSONDict:
        return self._post(text_content(text), reply_to)

    async def send_photo(self, data: bytes | None = None, caption: str | None = None) -> JSONDict:
        content: JSONDict = {"photo": self._core.files.sample_photo(data)}
        if caption:
            content["caption"] = caption
        return self._post(content)

    async def send_contact(
        self, phone_number: str, first_name: str | None = None, own: bool = True
    ) -> JSONDict:
        contact: JSONDict = {
            "phone_number": phone_number,
            "first_name": first_name or (self.first_name if own else "Contact"),
        }
        if own:
            contact["user_id"] = self.id
            if self.last_name:
                contact["last_name"] = self.last_name
        return self._post({"contact": contact})

    async def send_sticker(self) -> JSONDict:
        stored = self._core.files.store("sticker", FAKE_WEBP_STICKER, "sticker.webp", "image/webp")
        return self._post({"sticker": self._core.files.media_json("sticker", stored)})

    async def send_voice(self) -> JSONDict:
        stored = self._core.files.store("voice", FAKE_OGG_VOICE, "voice.ogg", "audio/ogg")
        return self._post({"voice": self._core.files.media_json("voice", stored)})

    async def send_document(
        self, file_name: str, data: bytes, caption: str | None = None
    ) -> JSONDict:
        mime = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        stored = self._core.files.store("document", data, file_name, mime)
        content: JSONDict = {"document": self._core.files.media_json("document", stored)}
        if caption:
            content["caption"] = caption
        return self._post(content)

    async def send_location(self, latitude: float, longitude: float) -> JSONDict:
        return self._post({"location": {"latitude": latitude, "longitude": longitude}})

    # Buttons --------------------------------------------------------------------------------

    async def press(self, label: str, message: BotMessage | None = None) -> JSONDict:
        """Presses the inline button labelled ``label`` (exact, else unique substring) on
        ``message`` or on the latest bot message here with an inline keyboard."""
        button, target = self._find_button(label, message)
        return await self._press_button(self, button, target)

    async def press_data(self, data: str, message: BotMessage | None = None) -> JSONDict:
        """A callback query with arbitrary (possibly forged or stale) callback data."""
        target = message or self.latest_with_buttons(inline_only=True) or self.last_message
        if target is None:
            raise AssertionError(f"The bot has sent no message to chat {self.id} yet")
        return self._callback_update(self, target, data)

    async def press_at(self, number: int, message: BotMessage | None = None) -> JSONDict:
        """Presses button ``number`` (1-based, left to right, top to bottom) of ``message`` or of
        the latest message with buttons (inline or reply keyboard), like the terminal does."""
        return await self._press_at(self, number, message)

    async def reply_button(self, label: str) -> JSONDict:
        """Presses a button of the reply keyboard currently shown in this chat."""
        keyboard = self._chat.reply_keyboard
        rows = (keyboard or {}).get("keyboard") or []
        buttons = [b if isinstance(b, dict) else {"text": str(b)} for row in rows for b in row]
        if not buttons:
            raise AssertionError(f"No reply keyboard is shown in chat {self.id}")
        matches = [b for b in buttons if b.get("text") == label] or [
            b for b in buttons if label.casefold() in str(b.get("text", "")).casefold()
        ]
        if len(matches) != 1:
            labels = [b.get("text") for b in buttons]
            raise AssertionError(f"Reply button {label!r} not found (or ambiguous) in {labels}")
        return await self.press_reply_keyboard_button(matches[0])

    async def press_reply_keyboard_button(self, button: JSONDict) -> JSONDict:
        if button.get("request_contact"):
            return await self.send_contact(self.phone_number, own=True)
        if button.get("request_location"):
            return await self.send_location(*COPENHAGEN)
        return await self.send(str(button.get("text", "")))


class EmulatedGroup(ChatView):
    """A group or supergroup the bot is in; people write into it with group.send(person, ...)."""

    def __init__(self, core: EmulatorCore, chat_id: int, title: str, type: str) -> None:
        super().__init__(core, chat_id)
        self.title = title
        self.type = type

    def __repr__(self) -> str:
        return f"EmulatedGroup(id={self.id}, title={self.title!r})"

    @property
    def json(self) -> JSONDict:
        return dict(self._chat.json)

    @property
    def members(self) -> dict[int, str]:
        return dict(self._chat.members)

    def add_member(self, person: EmulatedUser, status: str = "member") -> None:
        """status: "creator", "administrator", "member", "restricted", "left" or "kicked"."""
        self._chat.members[person.id] = status

    async def send(
        self, person: EmulatedUser, text: str, *, reply_to: BotMessage | None = None
    ) -> JSONDict:
        return post_message(self._core, person, self.id, text_content(text), reply_to)

    async def send_photo(
        self, person: EmulatedUser, data: bytes | None = None, caption: str | None = None
    ) -> JSONDict:
        content: JSONDict = {"photo": self._core.files.sample_photo(data)}
        if caption:
            content["caption"] = caption
        return post_message(self._core, person, self.id, content)

    async def _reply_keyboard_press(self, person: EmulatedUser, button: JSONDict) -> JSONDict:
        # In a group a reply-keyboard button just sends its text into the group.
        return await self.send(person, str(button.get("text", "")))

    async def press(
        self, person: EmulatedUser, label: str, message: BotMessage | None = None
    ) -> JSONDict:
        button, target = self._find_button(label, message)
        return await self._press_button(person, button, target)

    async def press_data(
        self, person: EmulatedUser, data: str, message: BotMessage | None = None
    ) -> JSONDict:
        target = message or self.latest_with_buttons(inline_only=True) or self.last_message
        if target is None:
            raise AssertionError(f"The bot has sent no message to chat {self.id} yet")
        return self._callback_update(person, target, data)

    async def press_at(
        self, person: EmulatedUser, number: int, message: BotMessage | None = None
    ) -> JSONDict:
        return await self._press_at(person, number, message)
