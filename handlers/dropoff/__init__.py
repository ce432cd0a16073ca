"""Drop-off days: planning them, editing and cancelling, and announcing them on a schedule."""

from handlers.dropoff import broadcasts, handlers, plans
from handlers.journey import Journey

JOURNEY = Journey(
    name="dropoff",
    handlers=lambda settings: handlers.HANDLERS,
    on_start=[plans.START, broadcasts.START],
)
