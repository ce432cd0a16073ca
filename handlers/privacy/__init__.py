"""A person's own data: what we keep (/privacy), a copy (/mydata) and erasure (/deletedata).

handlers.py      the commands and buttons, the /mydata summary, the daily retention job
actions.py       erasure and retention, each in one transaction
admin_copies.py  the outbox edits that blank the board's copies of an erased person's details
texts.py         what the person reads about a pickup appointment that goes with an erasure
export_texts.py  the /mydata file's labels and values in the person's language
"""

from handlers.journey import Journey
from handlers.privacy import handlers

JOURNEY = Journey(name="privacy", handlers=handlers.build, on_start=[handlers.start_retention_job])
