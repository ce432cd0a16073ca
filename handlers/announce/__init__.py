"""The board's announcements: writing one, sending it now or later, the progress report.

handlers.py and steps.py are the /announce conversation, scheduled.py is /scheduled,
actions.py the writes (each one transaction), sending.py the job and the progress message,
texts.py what everyone reads.
"""

from bot.settings import Settings
from handlers.announce import handlers, scheduled, sending
from handlers.journey import Handler, Journey


def build(settings: Settings) -> list[Handler]:
    return [*handlers.build(settings), *scheduled.build(settings)]


JOURNEY = Journey(name="announce", handlers=build, on_start=[sending.START])
