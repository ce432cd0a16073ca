"""Plain data types shared by the emulator modules (no behaviour beyond small helpers)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JSONDict = dict[str, Any]


class ApiError(Exception):
    """A Bot API error response; raised by method handlers, turned into JSON by the server."""

    def __init__(
        self, error_code: int, description: str, parameters: JSONDict | None = None
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.parameters = parameters

    def to_json(self) -> JSONDict:
        body: JSONDict = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    return ApiError(403, f"Forbidden: {detail}")


@dataclass
class ApiCall:
    """One HTTP call to the Bot API, recorded when its response was sent.

    ``monotonic`` and ``wall_time`` are taken when the request *arrived*, which is what matters
    when measuring how fast the bot sends; ``duration`` includes any injected delay.
    """

    monotonic: float
    wall_time: float
    method: str
    params: JSONDict
    status: int
    error_code: int | None = None
    description: str | None = None
    result: Any = None
    duration: float = 0.0
    # The client hung up before the answer (a cancelled request or a client-side timeout).
    client_gone: bool = False

    @property
    def ok(self) -> bool:
        return self.error_code is None

    @property
    def chat_id(self) -> int | str | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, int | str) else None


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass(eq=False)
class BotMessage:
    """A message the bot sent, as the emulated person sees it; edits update it in place.
    Compared by identity (and hashable), since it is one live object per message."""

    message_id: int
    chat_id: int
    text: str
    parse_mode: str | None
    reply_markup: JSONDict | None
    kind: str
    date: int
    media: list[tuple[str, bytes]] = field(default_factory=list)
    document_name: str | None = None
    document_bytes: bytes | None = None
    media_group_id: str | None = None
    edits: list[str] = field(default_factory=list)
    deleted: bool = False
    # The Bot API Message object as last returned to the bot (text with entities parsed out).
    raw: JSONDict = field(default_factory=dict, repr=False)
    # Bumped on every edit so read cursors can tell an edited message from one already seen.
    version: int = 0

    @property
    def plain_text(self) -> str:
        """Text or caption as the person reads it: markup removed, entities unescaped."""
        value = self.raw.get("text", self.raw.get("caption", ""))
        return value if isinstance(value, str) else ""

    @property
    def inline_keyboard(self) -> list[list[JSONDict]]:
        rows = (self.reply_markup or {}).get("inline_keyboard")
        return rows if isinstance(rows, list) else []

    @property
    def reply_keyboard(self) -> list[list[JSONDict]]:
        rows = (self.reply_markup or {}).get("keyboard")
        if not isinstance(rows, list):
            return []
        # Reply keyboard buttons may be plain strings; normalise to KeyboardButton dicts.
        return [[b if isinstance(b, dict) else {"text": str(b)} for b in row] for row in rows]

    def button_rows(self) -> list[list[JSONDict]]:
        """Inline keyboard if there is one, else the reply keyboard."""
        return self.inline_keyboard or self.reply_keyboard

    @property
    def buttons(self) -> list[list[str]]:
        return [[str(b.get("text", "")) for b in row] for row in self.button_rows()]

    @property
    def flat_buttons(self) -> list[JSONDict]:
        return [b for row in self.button_rows() for b in row]

    @property
    def button_data(self) -> dict[str, str]:
        return {
            str(b.get("text", "")): str(b["callback_data"])
            for row in self.inline_keyboard
            for b in row
            if "callback_data" in b
        }

    def describe(self) -> str:
        """One line for transcripts in assertion messages."""
        body = self.plain_text if self.kind == "text" else f"[{self.kind}] {self.plain_text}"
        flags = " (deleted)" if self.deleted else ""
        flags += f" (edited {len(self.edits)}x)" if self.edits else ""
        buttons = f"  buttons={self.buttons}" if self.buttons else ""
        return f"#{self.message_id}{flags}: {body!r}{buttons}"


@dataclass
class StoredFile:
    """A file sent to or by the bot, kept so a file_id can be sent again."""

    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str
    mime_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class EmulatorEvent:
    """Notification for listeners (the terminal chat): a bot message appeared/changed/vanished,
    or a callback query was answered (``kind == "callback_answer"``, ``data`` = the params)."""

    kind: str
    chat_id: int
    message: BotMessage | None = None
    data: JSONDict | None = None


@dataclass
class ChatState:
    id: int
    type: str
    json: JSONDict  # the Chat object as it appears inside messages
    username: str | None = None
    started: bool = True  # private chats: has the person ever written to the bot?
    next_message_id: int = 1
    messages: dict[int, JSONDict] = field(default_factory=dict)  # live messages, any sender
    bot_messages: list[BotMessage] = field(default_factory=list)
    reply_keyboard: JSONDict | None = None  # the reply keyboard currently shown, if any
    actions: list[str] = field(default_factory=list)  # sendChatAction history
    members: dict[int, str] = field(default_factory=dict)  # groups: user id -> status

    def take_message_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class PendingQuery:
    user_id: int
    chat_id: int
    created: float
    answered: bool = False


class CommandRegistry(dict[tuple[str, str], list[JSONDict]]):
    """(scope type, language code) -> commands; None and "" both mean "no language"."""

    @staticmethod
    def _norm(key: Any) -> Any:
        if isinstance(key, tuple) and len(key) == 2 and key[1] is None:
            return (key[0], "")
        return key

    def __getitem__(self, key: Any) -> list[JSONDict]:
        return super().__getitem__(self._norm(key))

    def __contains__(self, key: object) -> bool:
        return super().__contains__(self._norm(key))

    def get(self, key: Any, default: Any = None) -> Any:
        return super().get(self._norm(key), default)
