"""/status for owners and admins, and the daily note to the owners when something is wrong."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import CommandHandler

from bot.context import BotContext
from bot.services import Services
from domain.health import problems
from handlers.common import admin_places
from handlers.common.access import admin_only
from handlers.journey import Handler
from handlers.status.report import gather
from handlers.status.texts import attention_note, status_text

logger = logging.getLogger(__name__)


async def show_status(update: Update, context: BotContext) -> None:
    """Shows how the bot is doing, with what needs attention."""
    if not await admin_only(update, context, "status") or update.effective_chat is None:
        return
    report = await gather(context.services)
    text = status_text(report, problems(report), context.t)
    await context.bot.send_message(update.effective_chat.id, text)


class DailyNote:
    """Once a day, and only when a rule finds a problem, a note to each owner."""

    def __init__(self, services: Services) -> None:
        self.services = services

    async def __call__(self, _: object = None) -> None:
        services = self.services
        report = await gather(services)
        found = problems(report)
        if not found:
            return
        day = report.now.date().isoformat()
        for owner in services.settings.admin_ids:
            await services.notifier.send_to_user(
                owner,
                lambda t: (attention_note(report, found, t), None),
                dedup_key=f"health:{day}:{owner}",
            )


def build(settings: Any) -> list[Handler]:
    return [CommandHandler("status", show_status, filters=admin_places(settings))]


async def schedule_daily_note(application: Any) -> None:
    """Looks at every tick; the dedup key keeps it to one note per owner and day."""
    services: Services = application.services
    application.job_queue.run_repeating(
        DailyNote(services),
        interval=max(services.settings.job_tick_seconds, 60),
        first=5,
        name="health:daily-note",
    )
