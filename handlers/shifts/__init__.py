"""Shifts on drop-off days: taking, leaving, the waitlist, reminders, attendance."""

from handlers.journey import Journey
from handlers.shifts import handlers, jobs

JOURNEY = Journey(name="shifts", handlers=lambda settings: handlers.HANDLERS, on_start=[jobs.START])
