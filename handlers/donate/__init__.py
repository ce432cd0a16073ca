"""Donors: offering things by chat, step by step (donate.mmd), and their own offers in /mine.

The board's side of offers (cards, decisions, questions to donors) is handlers/offers.
"""

from handlers.donate import handlers
from handlers.journey import Journey

JOURNEY = Journey(name="donate", handlers=handlers.build)
