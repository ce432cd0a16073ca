"""Drop-off days: planning them, editing and cancelling, and announcing them on a schedule.

handlers.py /dates and build() · newdate.py /newdate · edit.py a day's buttons (new time, new
place, cancel) · plans.py /plan and the daily roll forward · actions.py what each changes, in
one transaction · notices.py telling a day's volunteers and donors · broadcasts.py the scheduled
notices to subscribers · texts.py, broadcast_texts.py the wording.
"""

from handlers.dropoff import broadcasts, handlers, plans
from handlers.journey import Journey

JOURNEY = Journey(
    name="dropoff",
    handlers=handlers.build,
    on_start=[plans.START, broadcasts.START],
)
