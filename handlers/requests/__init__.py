"""Families asking for help (requests.mmd), and the board deciding on their requests.

family_*  the family's side: the conversation, its questions, texts and later notices
board_*   the board's side: decisions, cards, lists and their texts
actions   every change of a request, with its audit row and notices, in one transaction
mine      the requests section of /mine
"""

from handlers.journey import Journey
from handlers.requests import family_replies, handlers

JOURNEY = Journey(
    name="requests",
    handlers=handlers.build,
    on_start=[handlers.start_feedback_job],
    answers_typed=family_replies.answer_typed,
)
