"""A person's own data: what we keep (/privacy), a copy (/mydata) and erasure (/deletedata)."""

from handlers.journey import Journey
from handlers.privacy import handlers

JOURNEY = Journey(
    name="privacy", handlers=lambda settings: handlers.HANDLERS, on_start=[handlers.START]
)
