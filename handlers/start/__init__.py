"""Start: the menu, /help, the language, and the private-chat nudge in groups."""

from handlers.journey import Journey
from handlers.start import handlers, language

JOURNEY = Journey(name="start", handlers=lambda settings: [*handlers.HANDLERS, *language.HANDLERS])
