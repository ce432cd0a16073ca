"""Donors: offering things by chat, step by step (donate.mmd), and their own offers."""

from handlers.donate import handlers
from handlers.journey import Journey
from handlers.offers import answers

JOURNEY = Journey(
    name="donate",
    handlers=lambda settings: handlers.HANDLERS,
    on_start=[handlers.START],
    answers_typed=answers.answer_open_question,
)
