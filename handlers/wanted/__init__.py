"""Efterlysninger (wanted posts): the board asks donors for one thing a family needs.

handlers.py is /efterlys (the list, a new post, closing), press.py the donor's side ("🙋 I have
it" starts /donate pre-filled; the question after a first offer), actions.py the writes (each
one transaction), texts.py what everyone reads. The table is storage/wanted.py (migration 0014).
"""

from handlers.journey import Journey
from handlers.wanted import handlers

JOURNEY = Journey(name="wanted", handlers=handlers.build)
