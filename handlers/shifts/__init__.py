"""Shifts on drop-off days: taking, leaving, the waitlist, reminders, attendance.

handlers.py the volunteers' buttons and /shifts · roster.py /roster and marking who came ·
actions.py what each changes, in one transaction · messages.py what is sent through the outbox ·
jobs.py reminders, calls for help, "who came?" · access.py who may take shifts · mine.py /mine.
The rules (who gets a place, who moves up from the waitlist) are in domain/shifts.py.
"""

from handlers.journey import Journey
from handlers.shifts import handlers, jobs

JOURNEY = Journey(name="shifts", handlers=handlers.build, on_start=[jobs.START])
