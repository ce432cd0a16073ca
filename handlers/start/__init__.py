"""Start: the menu, /help, the language, and the private-chat nudge in groups (group.py, which
handlers/__init__.py adds after every journey)."""

from bot.settings import Settings
from handlers.journey import Handler, Journey
from handlers.start import handlers, language


def build(settings: Settings) -> list[Handler]:
    return [*handlers.build(settings), *language.build(settings)]


JOURNEY = Journey(name="start", handlers=build)
