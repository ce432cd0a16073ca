"""Recipients ask for help (/request, /hjaelp, the menu button); admins decide; feedback after.

The journey module: its handlers in the order they are tried, and the feedback job started at
every start (computed from the database each tick, so a restart catches up without repeats).
States and steps: handlers/request_help.mmd.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler

from handlers.requests import admin as requests_admin
from handlers.requests import flow as request_flow
from handlers.requests import followup as request_followup

# The admins' conversation comes first: an admin's typed decision wins over a half-finished
# request of their own in the same chat.
HANDLERS: list[BaseHandler[Any, Any, Any]] = [
    *requests_admin.HANDLERS,
    request_flow.conversation(),
]


async def START(application: Any) -> None:
    """Looks for requests due a feedback question every JOB_TICK_SECONDS."""
    services = application.services
    application.job_queue.run_repeating(
        request_followup.ask_for_feedback,
        interval=services.settings.job_tick_seconds,
        first=1,
        name="request:feedback",
    )
