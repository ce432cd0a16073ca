"""What a person wants to hear about (/subscribe, /unsubscribe)."""

from handlers.journey import Journey
from handlers.subscriptions import handlers

JOURNEY = Journey(name="subscriptions", handlers=lambda settings: handlers.HANDLERS)
