"""LIX, the Scandinavian readability index: words per sentence plus the share of long words.

LIX = words / sentences + 100 * long words / words, where a long word has more than six letters.
Under 30 reads easily (children's books); 40 is ordinary news; over 50 is hard. Texts for people
asking for help aim at 30 or less.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LONG_WORD_LETTERS = 6

# Markup and {placeholders} in message templates are not words a person reads.
_MARKUP = re.compile(r"<[^>]*>|\{[^}]*\}|&\w+;")
# A number like 10.30 is one word; so is a compound like julehjælp-pakning or H-1001.
_WORD = re.compile(r"\d+(?:[.,:]\d+)+|[^\W_]+(?:['’\-][^\W_]+)*")
# A sentence ends at . ! ? or : before a space or the end, and at a line break: a chat message's
# lines and bullet points are read as sentences even without a full stop.
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)|\n+")


@dataclass(frozen=True)
class Readability:
    words: int
    long_words: int
    sentences: int

    @property
    def lix(self) -> float:
        if self.words == 0:
            return 0.0
        return self.words / self.sentences + 100 * self.long_words / self.words


def readability(text: str) -> Readability:
    """Counts words, long words and sentences (at least one when there are words)."""
    plain = _MARKUP.sub(" ", text)
    pieces = [piece for piece in _SENTENCE_END.split(plain) if _WORD.search(piece)]
    words = [word for piece in pieces for word in _WORD.findall(piece)]
    long_words = [
        word for word in words if sum(char.isalpha() for char in word) > LONG_WORD_LETTERS
    ]
    return Readability(words=len(words), long_words=len(long_words), sentences=len(pieces))


def lix(text: str) -> float:
    return readability(text).lix
