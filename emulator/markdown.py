"""parse_mode MarkdownV2 and legacy Markdown, close to Telegram's rules and error messages."""

from __future__ import annotations

import re

from emulator.models import JSONDict
from emulator.textparse import Builder, Open, parse_error

_MD_V2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MD_NAMES = {
    "*": "Bold",
    "_": "Italic",
    "__": "Underline",
    "~": "Strikethrough",
    "||": "Spoiler",
    "[": "TextUrl",
}
_MD_TYPES = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}


class MarkdownParser:
    """MarkdownV2 (``v2=True``) or legacy Markdown, close to Telegram's rules and messages."""

    def __init__(self, text: str, v2: bool) -> None:
        self.text = text
        self.v2 = v2
        self.out = Builder(text)
        self.stack: list[Open] = []

    def parse(self) -> tuple[str, list[JSONDict]]:
        text, i = self.text, 0
        while i < len(text):
            ch = text[i]
            nested_legacy = not self.v2 and self.stack and ch != self.stack[-1].name[0]
            if ch == "\\" and i + 1 < len(text) and (self.v2 or text[i + 1] in "_*`["):
                self.out.add(text[i + 1])
                i += 2
            elif nested_legacy and ch != "]":
                # Legacy Markdown cannot nest: inside an entity other markers are text.
                self.out.add(ch)
                i += 1
            elif ch == "`":
                i = self._code(i)
            elif ch == "[":
                self.stack.append(Open("[", self.out.pos16, self.out.byte_offset(i), None))
                i += 1
            elif ch == "]" and self.stack and self.stack[-1].name == "[":
                i = self._link_end(i)
            elif ch in "*_~|" and (self.v2 or ch in "*_"):
                i = self._toggle(i)
            elif self.v2 and ch == ">" and (i == 0 or text[i - 1] == "\n"):
                i += 1  # blockquote marker: no entity recorded, the text stays
            elif self.v2 and ch in _MD_V2_RESERVED:
                raise parse_error(
                    f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
                )
            else:
                self.out.add(ch)
                i += 1
        if self.stack:
            top = self.stack[-1]
            if not self.v2:
                raise parse_error(
                    f"Can't find end of the entity starting at byte offset {top.byte_offset}"
                )
            raise parse_error(
                f"Can't find end of {_MD_NAMES[top.name]} entity at byte offset {top.byte_offset}"
            )
        return self.out.result()

    def _toggle(self, i: int) -> int:
        marker = self.text[i]
        if self.v2 and marker in "_|" and self.text.startswith(marker * 2, i):
            marker *= 2
        elif marker == "|":
            raise parse_error(
                "Character '|' is reserved and must be escaped with the preceding '\\'"
            )
        if self.stack and self.stack[-1].name == marker:
            self.out.close(self.stack.pop())
        else:
            entity = {"type": _MD_TYPES[marker]}
            self.stack.append(Open(marker, self.out.pos16, self.out.byte_offset(i), entity))
        return i + len(marker)

    def _code(self, i: int) -> int:
        fence = "```" if self.text.startswith("```", i) else "`"
        end = self.text.find(fence, i + len(fence))
        offset = self.out.byte_offset(i)
        if end < 0:
            name = "Pre" if fence == "```" else "Code"
            detail = (
                f"Can't find end of {name} entity at byte offset {offset}"
                if self.v2
                else f"Can't find end of the entity starting at byte offset {offset}"
            )
            raise parse_error(detail)
        body = self.text[i + len(fence) : end]
        entity: JSONDict = {"type": "pre" if fence == "```" else "code"}
        if fence == "```" and "\n" in body:
            first, rest = body.split("\n", 1)
            if first and " " not in first:
                entity["language"] = first
                body = rest
        if self.v2:
            body = re.sub(r"\\([\\`])", r"\1", body)
        start = self.out.pos16
        self.out.add(body)
        if body:
            self.out.entities.append({**entity, "offset": start, "length": self.out.pos16 - start})
        return end + len(fence)

    def _link_end(self, i: int) -> int:
        opened = self.stack.pop()
        if not self.text.startswith("(", i + 1):
            if self.v2:
                raise parse_error(
                    "Character ']' is reserved and must be escaped with the preceding '\\'"
                )
            self.out.add("]")
            return i + 1
        end = self.text.find(")", i + 2)
        if end < 0:
            raise parse_error(f"Can't find end of a URL at byte offset {self.out.byte_offset(i)}")
        url = self.text[i + 2 : end].replace("\\)", ")").replace("\\\\", "\\")
        opened.entity = {"type": "text_link", "url": url}
        self.out.close(opened)
        return end + 1
