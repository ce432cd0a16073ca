"""Photos and documents the bot sends, one at a time or as an album (what the bot uses)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from emulator.methods_common import (
    formatted_caption,
    method,
    reply_content,
    validate_reply_markup,
    writable_chat,
)
from emulator.models import ApiError, JSONDict, StoredFile, UploadedFile, bad_request
from emulator.params import Params

if TYPE_CHECKING:
    from emulator.state import EmulatorCore

# Telegram's upload limit for bots (multipart); bigger requests get HTTP 413.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
_ALBUM_KINDS = frozenset({"photo", "document"})
# The bot sends photos (offer cards, announcements) and documents (exports, calendar files).
BOT_MEDIA_KINDS = ("photo", "document")
_media_group_ids = itertools.count(13_516_782_123_456_789)


def _check_upload(ref: UploadedFile | str) -> None:
    if isinstance(ref, UploadedFile) and len(ref.data) > MAX_UPLOAD_BYTES:
        raise ApiError(413, "Request Entity Too Large")


def _media_content(
    core: EmulatorCore, kind: str, ref: UploadedFile | str
) -> tuple[JSONDict, StoredFile]:
    _check_upload(ref)
    if kind == "photo":
        sizes, stored = core.files.photo_sizes(ref)
        return {"photo": sizes}, stored
    stored = core.files.resolve(ref, kind)
    return {kind: core.files.media_json(kind, stored)}, stored


async def _send_media(core: EmulatorCore, p: Params, kind: str) -> JSONDict:
    chat = writable_chat(core, p)
    ref = p.upload_or_ref(kind)
    if ref is None:
        raise bad_request(f"there is no {kind} in the request")
    caption = p.get_str("caption") if kind != "sticker" else None
    entities = p.get_json("caption_entities") if p.has("caption_entities") else None
    caption_content = formatted_caption(core, caption, p.get_str("parse_mode"), entities)
    markup = validate_reply_markup(p.get_json("reply_markup"))
    reply = reply_content(chat, p)
    content, stored = _media_content(core, kind, ref)
    message = core.add_bot_message(
        chat,
        {**content, **caption_content, **reply},
        kind=kind,
        text=caption or "",
        parse_mode=p.get_str("parse_mode"),
        reply_markup=markup,
        media=[(stored.file_name, stored.data)],
        document=(stored.file_name, stored.data) if kind == "document" else None,
    )
    return dict(message.raw)


def _register_senders() -> None:
    for kind in BOT_MEDIA_KINDS:
        name = f"send{kind.capitalize()}"

        async def handler(core: EmulatorCore, p: Params, kind: str = kind) -> JSONDict:
            return await _send_media(core, p, kind)

        method(name)(handler)


_register_senders()


@method("sendMediaGroup")
async def send_media_group(core: EmulatorCore, p: Params) -> list[JSONDict]:
    chat = writable_chat(core, p)
    items = p.get_json("media")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise bad_request("can't parse media JSON object")
    if not 2 <= len(items) <= 10:
        raise bad_request("media group must include 2-10 items")
    kinds = [str(item.get("type", "")) for item in items]
    for kind in kinds:
        if kind not in _ALBUM_KINDS:
            raise bad_request(f"unsupported media type {kind!r} in a media group")
    for lonely in ("document", "audio"):
        if lonely in kinds and any(k != lonely for k in kinds):
            raise bad_request(f"{lonely} can't be mixed with other media types")
    # Validate everything before creating any message: an album is all or nothing.
    prepared: list[tuple[str, JSONDict, StoredFile, str, str | None]] = []
    for item, kind in zip(items, kinds, strict=True):
        ref = item.get("media")
        if not isinstance(ref, str) or not ref:
            raise bad_request(f"there is no {kind} in the request")
        caption = item.get("caption")
        parse_mode = item.get("parse_mode")
        caption_content = formatted_caption(core, caption, parse_mode, item.get("caption_entities"))
        content, stored = _media_content(core, kind, p.resolve_ref(ref))
        prepared.append((kind, {**content, **caption_content}, stored, caption or "", parse_mode))
    reply = reply_content(chat, p)
    group_id = str(next(_media_group_ids))
    results: list[JSONDict] = []
    for kind, content, stored, caption, parse_mode in prepared:
        message = core.add_bot_message(
            chat,
            {**content, "media_group_id": group_id, **reply},
            kind="media_group_item",
            text=caption,
            parse_mode=parse_mode,
            reply_markup=None,
            media=[(stored.file_name, stored.data)],
            document=(stored.file_name, stored.data) if kind == "document" else None,
            media_group_id=group_id,
        )
        results.append(dict(message.raw))
    return results
