"""The requests journey's handlers, in the order they are tried, and its job.

Families ask for help (/request, /hjaelp, the menu button: family_conversation.py); the board
decides (board_decisions.py); the feedback question is asked by a job started at every start
(computed from the database each tick, so a restart catches up without repeats).
States and steps: requests.mmd.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler

from bot.settings import Settings
from handlers.requests import board_decisions, family_conversation, family_feedback


def build(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    """The board's conversation comes first: an admin's typed decision wins over a
    half-finished request of their own in the same chat."""
    return [*board_decisions.build(settings), family_conversation.build()]


async def start_feedback_job(application: Any) -> None:
    """Looks for requests due a feedback question every JOB_TICK_SECONDS."""
    services = application.services
    application.job_queue.run_repeating(
        family_feedback.ask_for_feedback,
        interval=services.settings.job_tick_seconds,
        first=1,
        name="request:feedback",
    )
