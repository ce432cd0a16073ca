"""/mine: what a person has under way with us (offers, requests, shifts), one message each."""

from handlers.journey import Journey
from handlers.mine import handlers

JOURNEY = Journey(name="mine", handlers=handlers.build)
