"""Volunteers signing up (/volunteer) and the board approving them."""

from handlers.journey import Journey
from handlers.volunteers import handlers

JOURNEY = Journey(name="volunteers", handlers=lambda settings: handlers.HANDLERS)
