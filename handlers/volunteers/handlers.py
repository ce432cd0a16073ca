"""The volunteers journey's handlers, in the order they are tried: the form, then the board's
approve/decline buttons."""

from __future__ import annotations

from telegram.ext import CallbackQueryHandler

from bot.settings import Settings
from handlers.journey import Handler
from handlers.volunteers import decisions, form


def build(settings: Settings) -> list[Handler]:
    """New handlers for one application (the buttons work wherever the request was sent)."""
    return [
        form.conversation(),
        CallbackQueryHandler(decisions.decide, pattern=r"^vadm:(ok|no):\d{1,9}$"),
    ]
