"""Needs meet offers: the board sets an offered thing aside for a family's need with one press.

texts.py says how matches read (the "🧩 Fits" lines on the cards, the family's and the donor's
notices), keyboards.py the buttons, views.py what a request's card shows, actions.py the one
transaction, handlers.py the press. Which need fits which offer is domain/matching.py; the
tables are storage/needs.py (migration 0013).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.settings import Settings
from handlers.journey import Handler, Journey


def _handlers(settings: Settings) -> Sequence[Handler]:
    # Imported when the application is built, not with the package: the offers' and the
    # requests' cards import this package's texts, and its handlers import their cards.
    from handlers.matching.handlers import build

    return build(settings)


JOURNEY = Journey(name="matching", handlers=_handlers)
