"""The board's announcements: writing one, sending it now or later, the progress report."""

from handlers.announce import handlers, scheduled, sending
from handlers.journey import Journey

JOURNEY = Journey(
    name="announce",
    handlers=lambda settings: [*handlers.HANDLERS, *scheduled.HANDLERS],
    on_start=[sending.START],
)
