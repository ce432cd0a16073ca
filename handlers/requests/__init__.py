"""Families asking for help (requests.mmd), and the board deciding on their requests."""

from handlers.journey import Journey
from handlers.requests import answers, handlers

JOURNEY = Journey(
    name="requests",
    handlers=lambda settings: handlers.HANDLERS,
    on_start=[handlers.START],
    answers_typed=answers.answer_typed,
)
