"""Request parameter parsing: query string, urlencoded/multipart forms and JSON bodies.

PTB sends every non-string value JSON-encoded as a string ("123", "true", '{"inline_keyboard":
...}'), strings as they are, and uploads as multipart file parts. The getters below accept both
the raw strings and already-typed values (from JSON bodies), so handlers need not care.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from aiohttp import web
from aiohttp.web_request import FileField

from emulator.models import JSONDict, UploadedFile, bad_request

# Parameters whose value is a JSON object or array.
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "media",
        "commands",
        "scope",
        "entities",
        "caption_entities",
        "allowed_updates",
        "reply_parameters",
        "link_preview_options",
        "results",
        "options",
        "menu_button",
        "permissions",
        "message_ids",
        "reaction",
        "prices",
    }
)
# Parameters that are always free text and must never be coerced ("123" stays a string).
TEXT_FIELDS = frozenset(
    {
        "text",
        "caption",
        "data",
        "description",
        "short_description",
        "name",
        "title",
        "callback_query_id",
        "inline_message_id",
        "secret_token",
        "url",
        "parse_mode",
        "action",
        "language_code",
        "phone_number",
        "first_name",
        "last_name",
        "emoji",
        "question",
        "address",
        "file_id",
        "photo",
        "document",
        "video",
        "audio",
        "voice",
        "animation",
        "sticker",
        "message_effect_id",
        "business_connection_id",
    }
)
_INT_RE = re.compile(r"-?\d+")
_FLOAT_RE = re.compile(r"-?\d+\.\d*(?:[eE]-?\d+)?")


def decode_value(name: str, value: Any) -> Any:
    """Best-effort typed value for recording and for handlers; tolerant of odd input."""
    if not isinstance(value, str) or name in TEXT_FIELDS:
        return value
    if name in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    if _INT_RE.fullmatch(value):
        return int(value)
    if _FLOAT_RE.fullmatch(value):
        return float(value)
    if value in ("true", "false"):
        return value == "true"
    return value


class Params:
    """Decoded parameters of one call plus its uploaded files (by multipart field name)."""

    def __init__(self, values: JSONDict, files: dict[str, UploadedFile]) -> None:
        self.values = values
        self.files = files
        # Set by the server: has the HTTP client hung up (e.g. a cancelled long poll)?
        self.client_gone: Callable[[], bool] = lambda: False

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                try:
                    body = await request.json()
                except ValueError as exc:
                    raise bad_request("can't parse JSON object") from exc
                if isinstance(body, dict):
                    raw.update(body)
            else:
                form = await request.post()
                for key, value in form.items():
                    if isinstance(value, FileField):
                        data = value.file.read()
                        files[key] = UploadedFile(value.filename or key, value.content_type, data)
                    else:
                        raw[key] = value
        return cls({k: decode_value(k, v) for k, v in raw.items()}, files)

    def recorded(self) -> JSONDict:
        """Parameters for ApiCall.params: uploads appear as '<upload name (N bytes)>'."""
        shown = dict(self.values)
        for key, upload in self.files.items():
            shown[key] = f"<upload {upload.filename} ({len(upload.data)} bytes)>"
        return shown

    def has(self, name: str) -> bool:
        return self.values.get(name) not in (None, "") or name in self.files

    def get_str(self, name: str, default: str | None = None) -> str | None:
        value = self.values.get(name)
        if value is None:
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def get_int(self, name: str, default: int | None = None) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
            return int(value)
        raise bad_request(f"invalid {name} specified")

    def require_int(self, name: str) -> int:
        value = self.get_int(name)
        if value is None:
            raise bad_request(f"{name} is empty")
        return value

    def get_float(self, name: str, default: float | None = None) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return default
        try:
            return float(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def get_bool(self, name: str, default: bool = False) -> bool:
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def get_json(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError as exc:
                raise bad_request(f"can't parse {name} JSON object") from exc
        return value

    def chat_id(self, name: str = "chat_id") -> int | str:
        """An int chat id, or "@username"; Telegram's error text when missing."""
        value = self.values.get(name)
        if value is None or value == "":
            raise bad_request(f"{name} is empty")
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if _INT_RE.fullmatch(text):
            return int(text)
        if text.startswith("@"):
            return text
        raise bad_request("chat not found")

    def upload_or_ref(self, name: str) -> UploadedFile | str | None:
        """A file parameter: an uploaded part, or a file_id / URL / "attach://" string."""
        if name in self.files:
            return self.files[name]
        value = self.values.get(name)
        return self.resolve_ref(value) if isinstance(value, str) and value else None

    def resolve_ref(self, value: str) -> UploadedFile | str:
        if value.startswith("attach://"):
            part = value.removeprefix("attach://")
            if part not in self.files:
                raise bad_request(f"file {part!r} not found in the multipart request")
            return self.files[part]
        return value
