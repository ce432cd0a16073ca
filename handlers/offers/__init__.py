"""The board's side of offers: cards, decisions, questions to donors, »not now« categories.

Registered before donate (handlers/__init__.py): a donor's typed answer to the board's question
must win over a /donate in progress.
"""

from handlers.journey import Journey
from handlers.offers import answers, cards, handlers

JOURNEY = Journey(
    name="offers",
    handlers=handlers.build,
    on_start=[cards.start],
    answers_typed=answers.answer_open_question,
)
