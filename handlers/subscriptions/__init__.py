"""What a person wants to hear about (/subscribe, /unsubscribe): handlers.py, the texts and
buttons in texts.py, the writes in actions.py."""

from handlers.journey import Journey
from handlers.subscriptions import handlers

JOURNEY = Journey(name="subscriptions", handlers=handlers.build)
