"""The method registry and validation shared by the Bot API method implementations."""

from __future__ import annotations

import re
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from emulator.formatting import parse_formatted
from emulator.models import (
    BotMessage,
    ChatState,
    EmulatorEvent,
    JSONDict,
    StoredFile,
    bad_request,
)
from emulator.params import Params

if TYPE_CHECKING:
    from emulator.state import EmulatorCore

Handler = Callable[["EmulatorCore", Params], Awaitable[Any]]
METHODS: dict[str, Handler] = {}

MAX_TEXT = 4096
MAX_CAPTION = 1024
_INLINE_ACTIONS = frozenset(
    {
        "url",
        "callback_data",
        "web_app",
        "login_url",
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "copy_text",
        "callback_game",
        "pay",
    }
)
_URL_RE = re.compile(r"(https?|tg)://\S+", re.IGNORECASE)
MEDIA_KINDS = ("photo", "document", "video", "audio", "voice", "animation", "sticker")
_CONTENT_KEYS = (
    "text",
    "entities",
    "caption",
    "caption_entities",
    *MEDIA_KINDS,
    "contact",
    "location",
    "venue",
    "video_note",
    "dice",
    "poll",
)


def method(name: str) -> Callable[[Handler], Handler]:
    """Registers a handler under its Bot API name (looked up case-insensitively)."""

    def register(handler: Handler) -> Handler:
        METHODS[name] = handler
        return handler

    return register


def lookup(name: str) -> tuple[str, Handler] | None:
    lowered = name.lower()
    for canonical, handler in METHODS.items():
        if canonical.lower() == lowered:
            return canonical, handler
    return None


def writable_chat(core: EmulatorCore, p: Params) -> ChatState:
    chat = core.chat(p.chat_id())
    core.check_writable(chat)
    return chat


def validate_reply_markup(value: Any) -> JSONDict | None:
    """Checks a reply_markup the way Telegram does; returns it (or None when absent)."""
    if value is None or value == "":
        return None
    if not isinstance(value, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in value:
        rows = value["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array'
            )
        for button in (b for row in rows for b in row):
            _check_inline_button(button)
        count = sum(len(row) for row in rows)
    elif "keyboard" in value:
        rows = value["keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "keyboard" of the ReplyKeyboardMarkup must be an Array')
        for button in (b for row in rows for b in row):
            text = button.get("text") if isinstance(button, dict) else button
            if not isinstance(text, str) or not text.strip():
                raise bad_request("can't parse keyboard button: Text must be non-empty")
        count = sum(len(row) for row in rows)
    elif "remove_keyboard" in value or "force_reply" in value:
        return value
    else:
        raise bad_request("can't parse reply keyboard markup JSON object")
    if count > 100:
        raise bad_request("reply markup is too long")
    return value


def _check_inline_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise bad_request("can't parse inline keyboard button: Object expected")
    if not str(button.get("text", "")).strip():
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    if not any(key in button for key in _INLINE_ACTIONS):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode()) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not _URL_RE.fullmatch(url):
            raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")


def formatted_text(core: EmulatorCore, p: Params) -> tuple[str, JSONDict]:
    """(raw text, content dict with parsed text/entities) for sendMessage/editMessageText."""
    raw = p.get_str("text")
    if raw is None or not raw.strip():
        raise bad_request("message text is empty")
    entities = p.get_json("entities") if p.has("entities") else None
    plain, parsed = parse_formatted(
        raw, p.get_str("parse_mode"), entities, strict_html=core.strict_html
    )
    if not plain.strip():
        raise bad_request("message text is empty")
    if len(plain) > MAX_TEXT:
        raise bad_request("message is too long")
    content: JSONDict = {"text": plain}
    if parsed:
        content["entities"] = parsed
    return raw, content


def formatted_caption(
    core: EmulatorCore,
    raw: str | None,
    parse_mode: str | None,
    entities: list[JSONDict] | None,
) -> JSONDict:
    """Content dict with caption/caption_entities ({} when there is no caption)."""
    if not raw:
        return {}
    plain, parsed = parse_formatted(raw, parse_mode, entities, strict_html=core.strict_html)
    if len(plain) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    content: JSONDict = {"caption": plain} if plain else {}
    if parsed and plain:
        content["caption_entities"] = parsed
    return content


def reply_content(chat: ChatState, p: Params) -> JSONDict:
    """reply_to_message for reply_parameters / reply_to_message_id, as Telegram fills it in."""
    params = p.get_json("reply_parameters") if p.has("reply_parameters") else None
    target_id = params.get("message_id") if isinstance(params, dict) else None
    if target_id is None:
        target_id = p.get_int("reply_to_message_id")
    if target_id is None:
        return {}
    target = chat.messages.get(int(target_id))
    if target is None:
        allowed = (isinstance(params, dict) and params.get("allow_sending_without_reply")) or (
            p.get_bool("allow_sending_without_reply")
        )
        if allowed:
            return {}
        raise bad_request("message to be replied not found")
    return {"reply_to_message": {k: v for k, v in target.items() if k != "reply_to_message"}}


def editable_message(core: EmulatorCore, p: Params) -> tuple[ChatState, BotMessage]:
    if p.has("inline_message_id") and not p.has("chat_id"):
        raise bad_request("inline messages are not supported by the emulator")
    chat = writable_chat(core, p)
    message_id = p.get_int("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    message = core.bot_message(chat, message_id)
    if message is None:
        if message_id in chat.messages:
            raise bad_request("message can't be edited")
        raise bad_request("message to edit not found")
    return chat, message


def apply_edit(
    core: EmulatorCore,
    message: BotMessage,
    *,
    content: JSONDict | None = None,
    text: str | None = None,
    parse_mode: str | None = None,
    reply_markup: JSONDict | None = None,
) -> JSONDict:
    """Edits a BotMessage in place (text/caption and/or inline keyboard), notifies waiters."""
    raw = message.raw
    if content is not None:
        for key in ("text", "entities", "caption", "caption_entities"):
            raw.pop(key, None)
        raw.update(content)
    if text is not None and text != message.text:
        message.edits.append(message.text)
        message.text = text
        message.parse_mode = parse_mode
    elif text is not None:
        message.parse_mode = parse_mode
    # Telegram drops the inline keyboard on an edit that does not repeat it; a reply keyboard
    # belongs to the chat rather than the message, so edits leave it alone.
    if reply_markup is not None or "keyboard" not in (message.reply_markup or {}):
        message.reply_markup = reply_markup
    if reply_markup:
        raw["reply_markup"] = reply_markup
    else:
        raw.pop("reply_markup", None)
    raw["edit_date"] = int(time.time())
    message.version += 1
    core.emit(EmulatorEvent("edit", message.chat_id, message))
    return dict(raw)


def not_modified() -> Exception:
    return bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


def message_content(message: JSONDict) -> JSONDict:
    """The copyable content of a stored message (text, media, caption...)."""
    return {key: message[key] for key in _CONTENT_KEYS if key in message}


def content_kind(content: JSONDict) -> str:
    for key in (*MEDIA_KINDS, "contact", "location", "venue", "video_note", "dice", "poll"):
        if key in content:
            return key
    return "text"


def content_media(
    core: EmulatorCore, content: JSONDict
) -> tuple[list[tuple[str, bytes]], tuple[str, bytes] | None]:
    """(media, document) of a message's content, resolved from the file store."""
    kind = content_kind(content)
    if kind not in MEDIA_KINDS:
        return [], None
    obj = content[kind][-1] if kind == "photo" else content[kind]
    stored: StoredFile | None = core.files.get(str(obj.get("file_id", "")))
    if stored is None:
        return [], None
    media = [(stored.file_name, stored.data)]
    return media, (stored.file_name, stored.data) if kind == "document" else None
