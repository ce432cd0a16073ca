"""parse_mode HTML: turns formatted text into plain text plus MessageEntity dicts.

Errors carry Telegram's wording ("can't parse entities: ...") so that a bot which forgets to
escape user input fails here exactly as it would in production. HTML checking is stricter than
Telegram by default (``strict=True``): a bare ``&`` or ``>`` is rejected, although Telegram shows
them literally, because in practice they mean user text went out unescaped and the next ``<``
from a user will break the message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from emulator.models import ApiError, JSONDict, bad_request

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_TAG_NAME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_ATTR_RE = re.compile(r"""([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_CHAR_REF_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{0,15});")
# Telegram understands only these named entities (plus numeric ones).
_NAMED_REFS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def utf16_len(text: str) -> int:
    """Telegram measures entity offsets and lengths in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _unescape(value: str) -> str:
    """Character references in attribute values (href="...?a=1&amp;b=2")."""

    def decode(match: re.Match[str]) -> str:
        ref = match.group(1)
        if ref.startswith("#"):
            code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
            return chr(code) if 0 < code <= 0x10FFFF else match.group(0)
        return _NAMED_REFS.get(ref, match.group(0))

    return _CHAR_REF_RE.sub(decode, value)


def parse_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


@dataclass
class Open:
    name: str
    start: int  # UTF-16 offset in the plain text
    byte_offset: int
    entity: JSONDict | None


class Builder:
    """Accumulates plain text and entities, tracking the UTF-16 position."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.pos16 = 0
        self.entities: list[JSONDict] = []

    def add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.pos16 += utf16_len(chunk)

    def byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode())

    def close(self, opened: Open) -> None:
        length = self.pos16 - opened.start
        # Telegram silently drops empty entities.
        if opened.entity is not None and length > 0:
            self.entities.append({**opened.entity, "offset": opened.start, "length": length})

    def result(self) -> tuple[str, list[JSONDict]]:
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), self.entities


class HtmlParser:
    def __init__(self, text: str, strict: bool) -> None:
        self.text = text
        self.strict = strict
        self.out = Builder(text)
        self.stack: list[Open] = []

    def parse(self) -> tuple[str, list[JSONDict]]:
        text, i = self.text, 0
        while i < len(text):
            ch = text[i]
            if ch == "<":
                i = self._tag(i)
            elif ch == "&":
                i = self._char_ref(i)
            else:
                if ch == ">" and self.strict:
                    raise parse_error(
                        f'Unescaped ">" at byte offset {self.out.byte_offset(i)} '
                        "(emulator strict mode: escape text with html.escape)"
                    )
                self.out.add(ch)
                i += 1
        if self.stack:
            raise parse_error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].name}"'
            )
        return self.out.result()

    def _char_ref(self, i: int) -> int:
        match = _CHAR_REF_RE.match(self.text, i)
        offset = self.out.byte_offset(i)
        if match is None:
            if self.strict:
                raise parse_error(
                    f'Unescaped "&" at byte offset {offset} '
                    "(emulator strict mode: escape text with html.escape)"
                )
            self.out.add("&")
            return i + 1
        ref = match.group(1)
        if ref.startswith("#"):
            code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
            if not 0 < code <= 0x10FFFF:
                raise parse_error(f"Invalid character reference at byte offset {offset}")
            self.out.add(chr(code))
        elif ref in _NAMED_REFS:
            self.out.add(_NAMED_REFS[ref])
        elif self.strict:
            raise parse_error(
                f'Unsupported HTML entity "&{ref};" at byte offset {offset} '
                "(Telegram shows it literally; only &lt; &gt; &amp; &quot; are understood)"
            )
        else:
            self.out.add("&")
            return i + 1
        return match.end()

    def _tag(self, i: int) -> int:
        offset = self.out.byte_offset(i)
        close = self.text.find(">", i)
        if self.text.startswith("</", i):
            if close < 0:
                raise parse_error(f"Unclosed end tag at byte offset {offset}")
            name = self.text[i + 2 : close].strip().lower()
            if not self.stack:
                raise parse_error(f'Unexpected end tag "{name}" at byte offset {offset}')
            top = self.stack.pop()
            if name != top.name:
                raise parse_error(
                    f'Unmatched end tag at byte offset {offset}, expected "</{top.name}>", '
                    f'found "</{name}>"'
                )
            self.out.close(top)
            return close + 1
        if close < 0:
            raise parse_error(f"Unclosed start tag at byte offset {offset}")
        inner = self.text[i + 1 : close]
        match = _TAG_NAME_RE.match(inner)
        name = match.group(0).lower() if match else ""
        if name not in _HTML_TAGS or inner.rstrip().endswith("/"):
            shown = name or inner[:20]
            raise parse_error(f'Unsupported start tag "{shown}" at byte offset {offset}')
        attrs = {
            m.group(1).lower(): _unescape(next((g for g in m.groups()[1:] if g is not None), ""))
            for m in _ATTR_RE.finditer(inner[match.end() if match else 0 :])
        }
        entity = self._entity(name, attrs, offset)
        self.stack.append(Open(name, self.out.pos16, offset, entity))
        return close + 1

    def _entity(self, name: str, attrs: dict[str, str], offset: int) -> JSONDict | None:
        kind = _HTML_TAGS[name]
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise parse_error(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        if name == "a":
            href = attrs.get("href", "")
            # Telegram turns <a> without a usable href into plain text.
            return {"type": kind, "url": href} if href else None
        if name == "tg-emoji":
            if "emoji-id" not in attrs:
                raise parse_error(
                    f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {offset}'
                )
            return {"type": kind, "custom_emoji_id": attrs["emoji-id"]}
        if name == "code" and self.stack and self.stack[-1].name == "pre":
            language = attrs.get("class", "")
            pre = self.stack[-1].entity
            if language.startswith("language-") and pre is not None:
                # <pre><code class="language-x"> is one pre entity with a language.
                pre["language"] = language.removeprefix("language-")
                return None
        if name == "blockquote" and "expandable" in attrs:
            return {"type": "expandable_blockquote"}
        return {"type": kind}
