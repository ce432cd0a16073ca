"""Stored files: ids and Bot API file objects (PhotoSize etc.) for what people and the bot send."""

from __future__ import annotations

import mimetypes
import secrets
import struct
from pathlib import PurePosixPath

from emulator.models import JSONDict, StoredFile, UploadedFile, bad_request
from emulator.samples import LARGE_JPEG, LARGE_JPEG_SIZE, SMALL_JPEG, SMALL_JPEG_SIZE

_FOLDERS = {
    "photo": "photos",
    "document": "documents",
    "voice": "voice",
    "audio": "music",
    "video": "videos",
    "animation": "animations",
    "sticker": "stickers",
}
_PREFIXES = {
    "photo": "AgAC",
    "document": "BQAC",
    "voice": "AwAC",
    "audio": "CQAC",
    "video": "BAAC",
    "animation": "CgAC",
    "sticker": "CAAC",
}


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG or JPEG header, without decoding the image."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return width, height
    if not data.startswith(b"\xff\xd8"):
        return None
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        # SOF0..SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) do not.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return width, height
        i += 2 + length
    return None


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        # All PhotoSize dicts of one photo, by the file_id of any of its sizes, so re-sending a
        # photo by file_id answers with the same sizes as Telegram does.
        self._photo_sizes: dict[str, list[JSONDict]] = {}
        self._counter = 0

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def store(
        self, kind: str, data: bytes, file_name: str, mime_type: str | None = None
    ) -> StoredFile:
        self._counter += 1
        n = self._counter
        suffix = PurePosixPath(file_name).suffix or mimetypes.guess_extension(mime_type or "") or ""
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        stored = StoredFile(
            file_id=f"{_PREFIXES.get(kind, 'BQAC')}emu{n:06d}{secrets.token_urlsafe(18)}",
            file_unique_id=f"AQAD{n:06d}{secrets.token_hex(3)}",
            file_path=f"{_FOLDERS.get(kind, 'documents')}/file_{n}{suffix}",
            file_name=file_name,
            mime_type=mime,
            data=data,
        )
        self._by_id[stored.file_id] = stored
        return stored

    def resolve(self, ref: UploadedFile | str, kind: str) -> StoredFile:
        """An upload is stored; a known file_id is reused; an HTTP URL gets placeholder data
        (the emulator never fetches the internet); anything else is Telegram's error."""
        if isinstance(ref, UploadedFile):
            mime = ref.content_type if ref.content_type != "application/octet-stream" else None
            return self.store(kind, ref.data, ref.filename, mime)
        known = self._by_id.get(ref)
        if known is not None:
            return known
        if ref.startswith(("http://", "https://")):
            name = PurePosixPath(ref.split("?", 1)[0]).name or f"{kind}.bin"
            data = LARGE_JPEG if kind == "photo" else b""
            return self.store(kind, data, name)
        raise bad_request("wrong file identifier/HTTP URL specified")

    # Bot API objects -------------------------------------------------------------------------

    def photo_sizes(self, ref: UploadedFile | str) -> tuple[list[JSONDict], StoredFile]:
        """PhotoSize list (small, large) for a photo, plus the stored largest file."""
        if isinstance(ref, str) and ref in self._photo_sizes:
            sizes = self._photo_sizes[ref]
            largest = self._by_id[sizes[-1]["file_id"]]
            return [dict(size) for size in sizes], largest
        large = self.resolve(ref, "photo")
        if large.file_id in self._photo_sizes:  # a known photo re-sent by its largest file_id
            return [dict(s) for s in self._photo_sizes[large.file_id]], large
        width, height = image_size(large.data) or (800, 600)
        # The emulator cannot scale images; the thumbnail carries the same bytes.
        small = self.store("photo", large.data, large.file_name, large.mime_type)
        scale = min(1.0, 90 / max(width, height, 1))
        sizes = [
            _photo_size(small, max(1, round(width * scale)), max(1, round(height * scale))),
            _photo_size(large, width, height),
        ]
        for size in sizes:
            self._photo_sizes[size["file_id"]] = sizes
        return [dict(size) for size in sizes], large

    def sample_photo(self, data: bytes | None) -> list[JSONDict]:
        """PhotoSizes for a photo a person sends; a real tiny JPEG when no data is given."""
        if data is not None:
            return self.photo_sizes(UploadedFile("photo.jpg", "image/jpeg", data))[0]
        small = self.store("photo", SMALL_JPEG, "photo_small.jpg", "image/jpeg")
        large = self.store("photo", LARGE_JPEG, "photo.jpg", "image/jpeg")
        sizes = [_photo_size(small, *SMALL_JPEG_SIZE), _photo_size(large, *LARGE_JPEG_SIZE)]
        for size in sizes:
            self._photo_sizes[size["file_id"]] = sizes
        return [dict(size) for size in sizes]

    def media_json(self, kind: str, stored: StoredFile) -> JSONDict:
        """Document/Video/Audio/Voice/Animation/Sticker object for a stored file."""
        base: JSONDict = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
        }
        if kind == "sticker":
            return {
                **base,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
                "emoji": "👍",
            }
        base["mime_type"] = stored.mime_type
        if kind in ("video", "animation"):
            width, height = image_size(stored.data) or (640, 360)
            base.update(width=width, height=height, duration=1)
        if kind in ("voice", "audio"):
            base["duration"] = 1
        if kind != "voice":
            base["file_name"] = stored.file_name
        return base


def _photo_size(stored: StoredFile, width: int, height: int) -> JSONDict:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "width": width,
        "height": height,
        "file_size": stored.size,
    }
