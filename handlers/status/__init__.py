"""/status: how the bot is doing (for owners and admins), and a note when it needs attention."""

from handlers.journey import Journey
from handlers.status import handlers

JOURNEY = Journey(name="status", handlers=handlers.build, on_start=[handlers.schedule_daily_note])
