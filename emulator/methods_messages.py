"""Text messages, edits, chat actions and callback query answers."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from emulator.methods_common import (
    apply_edit,
    editable_message,
    formatted_caption,
    formatted_text,
    method,
    not_modified,
    reply_content,
    validate_reply_markup,
    writable_chat,
)
from emulator.models import EmulatorEvent, JSONDict, bad_request
from emulator.params import Params

if TYPE_CHECKING:
    from emulator.models import ChatState
    from emulator.state import EmulatorCore

_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


@method("sendMessage")
async def send_message(core: EmulatorCore, p: Params) -> JSONDict:
    chat = writable_chat(core, p)
    raw, content = formatted_text(core, p)
    markup = validate_reply_markup(p.get_json("reply_markup"))
    content.update(reply_content(chat, p))
    message = core.add_bot_message(
        chat,
        content,
        kind="text",
        text=raw,
        parse_mode=p.get_str("parse_mode"),
        reply_markup=markup,
    )
    return dict(message.raw)


@method("editMessageText")
async def edit_message_text(core: EmulatorCore, p: Params) -> JSONDict:
    _, message = editable_message(core, p)
    if "text" not in message.raw:
        raise bad_request("there is no text in the message to edit")
    raw, content = formatted_text(core, p)
    markup = validate_reply_markup(p.get_json("reply_markup"))
    same_text = content.get("text") == message.raw.get("text")
    same_entities = content.get("entities", []) == message.raw.get("entities", [])
    if same_text and same_entities and markup == message.raw.get("reply_markup"):
        raise not_modified()
    return apply_edit(
        core,
        message,
        content=content,
        text=raw,
        parse_mode=p.get_str("parse_mode"),
        reply_markup=markup,
    )


@method("editMessageCaption")
async def edit_message_caption(core: EmulatorCore, p: Params) -> JSONDict:
    _, message = editable_message(core, p)
    if "text" in message.raw:
        raise bad_request("there is no caption in the message to edit")
    raw = p.get_str("caption") or ""
    content = formatted_caption(core, raw, p.get_str("parse_mode"), None)
    markup = validate_reply_markup(p.get_json("reply_markup"))
    same = content.get("caption") == message.raw.get("caption")
    if same and markup == message.raw.get("reply_markup"):
        raise not_modified()
    return apply_edit(
        core,
        message,
        content=content,
        text=raw,
        parse_mode=p.get_str("parse_mode"),
        reply_markup=markup,
    )


@method("editMessageReplyMarkup")
async def edit_message_reply_markup(core: EmulatorCore, p: Params) -> JSONDict:
    _, message = editable_message(core, p)
    markup = validate_reply_markup(p.get_json("reply_markup"))
    if markup is not None and "inline_keyboard" not in markup:
        raise bad_request("reply markup must be an inline keyboard")
    if markup == message.raw.get("reply_markup"):
        raise not_modified()
    return apply_edit(core, message, reply_markup=markup)


@method("deleteMessage")
async def delete_message(core: EmulatorCore, p: Params) -> bool:
    chat = writable_chat(core, p)
    message_id = p.get_int("message_id")
    if message_id is None:
        raise bad_request("message identifier is not specified")
    if not _delete(core, chat, message_id):
        raise bad_request("message to delete not found")
    return True


@method("deleteMessages")
async def delete_messages(core: EmulatorCore, p: Params) -> bool:
    """Telegram deletes what it can of 1-100 ids and answers True even if some were gone."""
    chat = writable_chat(core, p)
    ids = p.get_json("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must be a list of 1-100 message identifiers")
    deleted = [_delete(core, chat, int(message_id)) for message_id in ids]
    if not any(deleted):
        raise bad_request("message to delete not found")
    return True


def _delete(core: EmulatorCore, chat: ChatState, message_id: int) -> bool:
    """Marks the bot's own message deleted (kept, flagged, for tests to read)."""
    message = core.bot_message(chat, message_id)
    if message is None:
        return False
    message.deleted = True
    core.emit(EmulatorEvent("delete", chat.id, message))
    return True


@method("sendChatAction")
async def send_chat_action(core: EmulatorCore, p: Params) -> bool:
    chat = writable_chat(core, p)
    action = p.get_str("action") or ""
    if action not in _CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    chat.actions.append(action)
    core.notify()
    return True


@method("answerCallbackQuery")
async def answer_callback_query(core: EmulatorCore, p: Params) -> bool:
    query_id = p.get_str("callback_query_id") or ""
    query = core.callback_queries.get(query_id)
    expired = query is None or time.monotonic() - query.created > core.callback_query_ttl
    if query is None or expired or query.answered:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    text = p.get_str("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answered = True
    answer: JSONDict = {
        "callback_query_id": query_id,
        "user_id": query.user_id,
        "chat_id": query.chat_id,
        "text": text,
        "show_alert": p.get_bool("show_alert"),
        "url": p.get_str("url"),
        "cache_time": p.get_int("cache_time"),
    }
    core.callback_answers.append(answer)
    core.emit(EmulatorEvent("callback_answer", query.chat_id, data=answer))
    return True
