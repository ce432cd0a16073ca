"""Dispatch on parse_mode: (plain text, entities) for a text or caption."""

from __future__ import annotations

from emulator.markdown import MarkdownParser
from emulator.models import JSONDict, bad_request
from emulator.textparse import HtmlParser


def parse_formatted(
    text: str,
    parse_mode: str | None,
    entities: list[JSONDict] | None = None,
    *,
    strict_html: bool = True,
) -> tuple[str, list[JSONDict]]:
    """Returns (plain text, entities) for a text/caption sent with the given parse_mode."""
    if not parse_mode:
        return text, list(entities or [])
    mode = parse_mode.lower()
    if mode == "html":
        return HtmlParser(text, strict_html).parse()
    if mode == "markdownv2":
        return MarkdownParser(text, v2=True).parse()
    if mode == "markdown":
        return MarkdownParser(text, v2=False).parse()
    raise bad_request("unsupported parse_mode")
