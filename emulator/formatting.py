"""Dispatch on parse_mode: (plain text, entities) for a text or caption. The bot writes HTML
only, so Markdown is refused like an unknown mode."""

from __future__ import annotations

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
    if parse_mode.lower() == "html":
        return HtmlParser(text, strict_html).parse()
    raise bad_request("unsupported parse_mode")
