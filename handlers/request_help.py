"""Recipients ask for help (/request, /hjaelp, the menu button); admins decide; feedback after.

The journey module: its handlers in the order they are tried, and the feedback job started at
every start (computed from the database each tick, so a restart catches up without repeats).
States and steps: handlers/request_help.mmd.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler

from handlers import request_answers, request_flow, request_followup, requests_admin

# The admins' conversation comes first: an admin's typed decision wins over a half-finished
# request of their own in the same chat. Last: free text nobody else takes, which may be the
# answer to an admin's question typed without pressing »Svar« (handlers/request_answers.py).
HANDLERS: list[BaseHandler[Any, Any, Any]] = [
    *requests_admin.HANDLERS,
    request_flow.conversation(),
    request_answers.HANDLER,
]


async def START(application: Any) -> None:
    """Looks for requests due a feedback question every JOB_TICK_SECONDS."""
    services = application.services
    request_answers.attach(application)
    application.job_queue.run_repeating(
        request_followup.ask_for_feedback,
        interval=services.settings.job_tick_seconds,
        first=1,
        name="request:feedback",
    )
