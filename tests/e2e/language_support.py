"""The Danish stories, told in another language: what the bot shows in Ukrainian or Arabic
where the Danish story reads a given text, looked up through the catalogs themselves."""

from __future__ import annotations

import re
from functools import cache

from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR

_PLACEHOLDER = re.compile(r"\{[^{}]*\}|\n")


@cache
def _catalog(language: str) -> dict[str, str]:
    with (LOCALES_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {
            message.id: message.string
            for message in read_po(handle)
            if isinstance(message.id, str) and message.id and isinstance(message.string, str)
        }


def msgid_of(danish: str) -> str:
    """The message whose Danish text is (or, failing that, holds) this fragment."""
    danish_catalog = _catalog("da")
    exact = [mid for mid, text in danish_catalog.items() if text == danish]
    holding = [mid for mid, text in danish_catalog.items() if danish in text]
    found = exact or sorted(holding, key=lambda mid: len(danish_catalog[mid]))
    if not found:
        raise AssertionError(f"No Danish text holds {danish!r}")
    return found[0]


def shown(language: str, danish: str) -> str:
    """The longest stretch of the translation without a placeholder: what expect() looks for
    (and, for a button, its whole label)."""
    text = _catalog(language)[msgid_of(danish)]
    parts = [part.strip() for part in _PLACEHOLDER.split(text) if part.strip()]
    return max(parts, key=len)
