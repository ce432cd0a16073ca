"""»Write to us«: a person's conversation with the board, one thread per person (/inbox)."""

from handlers.inbox import handlers
from handlers.journey import Journey

JOURNEY = Journey(name="inbox", handlers=handlers.build, answers_typed=handlers.take_typed)
