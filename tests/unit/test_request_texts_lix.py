"""What a person asking for help reads in Danish is easy to read: LIX 30 or less.

The texts are taken from the recipient-facing modules (the admins' side is left out) and looked
up in the Danish catalog, so a new or changed text is checked as soon as it is translated.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from bot.i18n import LOCALES_DIR
from domain.lix import lix, readability

ROOT = Path(__file__).resolve().parents[2]
RECIPIENT_MODULES = [
    "handlers/requests/family_texts.py",
    "handlers/requests/family_notices.py",
    "handlers/requests/family_keyboards.py",
    "handlers/requests/family_state.py",
    "handlers/requests/family_steps.py",
    "handlers/requests/family_conversation.py",
    "handlers/requests/family_send.py",
    "handlers/requests/family_replies.py",
    "handlers/requests/family_feedback.py",
    "handlers/requests/family_outcomes.py",
    "handlers/requests/family_pickups.py",
    "handlers/requests/mine.py",
    "handlers/privacy/handlers.py",
    "handlers/privacy/texts.py",
    "handlers/privacy/export_texts.py",
    "handlers/matching/texts.py",  # the board's lines too: short, and no harder
]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
EASY = 30
# LIX is made for running text: one long word in a three-word button says nothing. Messages of
# this many words or more are checked one by one; all of them together are checked as well.
CHECKED_ALONE_FROM_WORDS = 5


def danish_texts() -> list[str]:
    with (LOCALES_DIR / "da" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = {message.id: message.string for message in read_po(handle) if message.id}
    found: dict[object, None] = {}
    for module in RECIPIENT_MODULES:
        for _line, message, _comments, _context in extract_from_file(
            "python", ROOT / module, keywords=KEYWORDS
        ):
            found[message if isinstance(message, str) else tuple(message)] = None
    texts = []
    for message_id in found:
        text = catalog[message_id]  # a plural: its forms, each read as a text
        texts.extend([str(form) for form in text] if isinstance(text, tuple) else [str(text)])
    return texts


def test_the_recipient_texts_are_many_and_all_translated() -> None:
    texts = danish_texts()
    assert len(texts) > 100
    assert all(texts)


def test_all_the_recipient_texts_together_read_easily() -> None:
    assert lix("\n".join(danish_texts())) <= EASY


@pytest.mark.parametrize(
    "text",
    [text for text in danish_texts() if readability(text).words >= CHECKED_ALONE_FROM_WORDS],
)
def test_each_recipient_message_reads_easily(text: str) -> None:
    assert lix(text) <= EASY, text
