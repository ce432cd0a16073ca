"""A person's own data: what we keep (/privacy), a copy (/mydata) and erasure (/deletedata).

handlers.py  the commands and buttons, the /mydata summary, the daily retention job
actions.py   erasure and retention, each in one transaction
"""

from handlers.journey import Journey
from handlers.privacy import handlers

JOURNEY = Journey(name="privacy", handlers=handlers.build, on_start=[handlers.start_retention_job])
