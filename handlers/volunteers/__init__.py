"""Volunteers signing up (/volunteer) and the board approving them.

form.py the conversation · decisions.py the board's buttons · actions.py what each changes, in
one transaction · notices.py what the board and the volunteer are sent · keyboards.py buttons.
"""

from handlers.journey import Journey
from handlers.volunteers import handlers

JOURNEY = Journey(name="volunteers", handlers=handlers.build)
