"""The board's overview: /stats, /export, and the nightly backups."""

from handlers.board import backups, handlers
from handlers.journey import Journey

JOURNEY = Journey(
    name="board", handlers=lambda settings: handlers.HANDLERS, on_start=[backups.START]
)
