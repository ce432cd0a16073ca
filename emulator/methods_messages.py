"""Text messages, edits, deletion, forwarding, chat actions and callback query answers."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from emulator.methods_common import (
    apply_edit,
    content_kind,
    content_media,
    editable_message,
    formatted_caption,
    formatted_text,
    message_content,
    method,
    not_modified,
    reply_content,
    validate_reply_markup,
    writable_chat,
)
from emulator.models import EmulatorEvent, JSONDict, bad_request
from emulator.params import Params

if TYPE_CHECKING:
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
    if content_kind(message.raw) == "text":
        raise bad_request("there is no caption in the message to edit")
    raw = p.get_str("caption") or ""
    entities = p.get_json("caption_entities") if p.has("caption_entities") else None
    content = formatted_caption(core, raw, p.get_str("parse_mode"), entities)
    markup = validate_reply_markup(p.get_json("reply_markup"))
    same = content.get("caption") == message.raw.get("caption") and content.get(
        "caption_entities"
    ) == message.raw.get("caption_entities")
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
    if message_id is None or message_id not in chat.messages:
        raise bad_request("message to delete not found")
    _delete(core, chat.id, message_id)
    return True


@method("deleteMessages")
async def delete_messages(core: EmulatorCore, p: Params) -> bool:
    chat = writable_chat(core, p)
    ids = p.get_json("message_ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= 100:
        raise bad_request("message_ids must contain 1-100 message identifiers")
    for message_id in ids:  # Telegram skips the ones it cannot find
        if int(message_id) in chat.messages:
            _delete(core, chat.id, int(message_id))
    return True


def _delete(core: EmulatorCore, chat_id: int, message_id: int) -> None:
    chat = core.chats[chat_id]
    del chat.messages[message_id]
    message = core.bot_message(chat, message_id)
    if message is not None:
        message.deleted = True
        core.emit(EmulatorEvent("delete", chat_id, message))
    else:
        core.notify()


def _source_message(core: EmulatorCore, p: Params, action: str) -> JSONDict:
    source_chat = core.chat(p.chat_id("from_chat_id"))
    message_id = p.get_int("message_id")
    source = source_chat.messages.get(message_id) if message_id is not None else None
    if source is None:
        raise bad_request(f"message to {action} not found")
    return source


@method("forwardMessage")
async def forward_message(core: EmulatorCore, p: Params) -> JSONDict:
    chat = writable_chat(core, p)
    source = _source_message(core, p, "forward")
    content = message_content(source)
    content["forward_origin"] = {
        "type": "user",
        "sender_user": source["from"],
        "date": source["date"],
    }
    media, document = content_media(core, content)
    message = core.add_bot_message(
        chat,
        content,
        kind=content_kind(content),
        text=str(content.get("text", content.get("caption", ""))),
        parse_mode=None,
        reply_markup=None,
        media=media,
        document=document,
    )
    return dict(message.raw)


@method("copyMessage")
async def copy_message(core: EmulatorCore, p: Params) -> JSONDict:
    chat = writable_chat(core, p)
    source = _source_message(core, p, "copy")
    content = message_content(source)
    if p.has("caption") and content_kind(content) != "text":
        for key in ("caption", "caption_entities"):
            content.pop(key, None)
        entities = p.get_json("caption_entities") if p.has("caption_entities") else None
        content.update(
            formatted_caption(core, p.get_str("caption"), p.get_str("parse_mode"), entities)
        )
    content.update(reply_content(chat, p))
    media, document = content_media(core, content)
    message = core.add_bot_message(
        chat,
        content,
        kind=content_kind(content),
        text=str(content.get("text", content.get("caption", ""))),
        parse_mode=p.get_str("parse_mode") if p.has("caption") else None,
        reply_markup=validate_reply_markup(p.get_json("reply_markup")),
        media=media,
        document=document,
    )
    return {"message_id": message.message_id}


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


@method("sendLocation")
async def send_location(core: EmulatorCore, p: Params) -> JSONDict:
    chat = writable_chat(core, p)
    latitude, longitude = p.get_float("latitude"), p.get_float("longitude")
    if latitude is None or longitude is None:
        raise bad_request("latitude and longitude are required")
    return _send_plain(
        core, chat.id, p, {"location": {"latitude": latitude, "longitude": longitude}}
    )


@method("sendContact")
async def send_contact(core: EmulatorCore, p: Params) -> JSONDict:
    chat = writable_chat(core, p)
    contact: JSONDict = {
        "phone_number": p.get_str("phone_number") or "",
        "first_name": p.get_str("first_name") or "",
    }
    if p.get_str("last_name"):
        contact["last_name"] = p.get_str("last_name")
    return _send_plain(core, chat.id, p, {"contact": contact})


def _send_plain(core: EmulatorCore, chat_id: int, p: Params, content: JSONDict) -> JSONDict:
    chat = core.chats[chat_id]
    content.update(reply_content(chat, p))
    message = core.add_bot_message(
        chat,
        content,
        kind=content_kind(content),
        text="",
        parse_mode=None,
        reply_markup=validate_reply_markup(p.get_json("reply_markup")),
    )
    return dict(message.raw)
