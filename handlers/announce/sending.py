"""Sending announcements: the job that queues the planned ones when they are due, the admin's
live progress message, and the final report.

Everything is rebuilt from the database: START follows each announcement still 'sending' (also
after a kill -9), and the job queues the planned ones that are due. The writes themselves
(queueing the audience, giving up, closing with the report) are actions in actions.py.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any

from telegram.error import BadRequest, TelegramError
from telegram.ext import ExtBot

from bot.context import BotContext
from bot.notify import PRIORITY_ADMIN, text_message
from bot.services import Services
from domain.announcements import AnnouncementStatus, Progress, should_edit, too_late
from handlers.announce.actions import close_announcement, give_up, queue_announcement
from handlers.announce.texts import progress_text, report_text
from storage.broadcasts import Announcement
from storage.models import OutboxMessage

logger = logging.getLogger(__name__)

FINISHED = ("sent", "blocked", "failed", "uncertain")


def progress_key(announcement_id: int) -> str:
    return f"announcement:{announcement_id}:progress"


class ProgressTracker:
    """Keeps each sending announcement's progress message up to date, then writes the report.

    The outbox sender calls on_row after every row; the edit itself runs in a task of its own
    (the sender must not wait for it) and is throttled by domain.announcements.should_edit.
    """

    def __init__(self, bot: ExtBot[Any], services: Services) -> None:
        self.bot = bot
        self.services = services
        self.repo = services.repos.announcements
        self._announcement_of_batch: dict[int, int | None] = {}
        self._shown: dict[int, tuple[int, datetime | None]] = {}
        self._locks: dict[int, asyncio.Lock] = {}
        self._tasks: dict[int, asyncio.Task[None]] = {}
        self._again: set[int] = set()

    async def on_row(self, row: OutboxMessage, status: str) -> None:
        if row.batch_id is None:
            return
        if row.batch_id not in self._announcement_of_batch:
            found = await self.repo.by_batch(row.batch_id)
            self._announcement_of_batch[row.batch_id] = found.id if found else None
        announcement_id = self._announcement_of_batch[row.batch_id]
        if announcement_id is not None:
            self.poke(announcement_id)

    def poke(self, announcement_id: int) -> None:
        """Looks at the progress soon, in the background; at most one look runs at a time."""
        running = self._tasks.get(announcement_id)
        if running is not None and not running.done():
            self._again.add(announcement_id)
            return
        self._tasks[announcement_id] = asyncio.create_task(self._look(announcement_id))

    async def _look(self, announcement_id: int) -> None:
        while True:
            self._again.discard(announcement_id)
            try:
                await self.refresh(announcement_id)
            except Exception:
                logger.exception("Progress of announcement %s could not be shown", announcement_id)
            if announcement_id not in self._again:
                return

    async def refresh(self, announcement_id: int) -> None:
        """Edits the progress message if it is time, or writes the report when all is done."""
        lock = self._locks.setdefault(announcement_id, asyncio.Lock())
        async with lock:
            announcement = await self.repo.get(announcement_id)
            if announcement is None or announcement.status is not AnnouncementStatus.SENDING:
                return
            assert announcement.batch_id is not None
            counts = await self.services.outbox.batch_counts(announcement.batch_id)
            done = sum(counts.get(status, 0) for status in FINISHED)
            progress = Progress(done, announcement.recipients or 0)
            shown, last_edit = self._shown.get(announcement_id, (0, None))
            now = self.services.clock.now()
            if not should_edit(progress, shown, last_edit, now):
                return
            t = self.services.i18n(announcement.progress_language)
            if progress.finished:
                await self._report(announcement, report_text(t, announcement, counts))
                return
            if await self._edit(announcement, progress_text(t, announcement, progress)):
                # Counted from when the edit is done, so edits never come closer than that.
                self._shown[announcement_id] = (progress.percent, self.services.clock.now())

    async def _report(self, announcement: Announcement, text: str) -> None:
        message = await self.services.outbox.get_by_dedup_key(progress_key(announcement.id))
        if message is not None and message.status in ("pending", "sending"):
            return  # the progress message itself is still on its way: report after it
        report = None
        if (
            message is None
            or message.message_id is None
            or not await self._edit(announcement, text)
        ):
            # No message to edit (it could not be delivered): the report comes as a new one.
            report = text_message(
                announcement.progress_chat_id,
                text,
                dedup_key=f"announcement:{announcement.id}:report",
                priority=PRIORITY_ADMIN,
            )
        if await close_announcement(self.services, announcement, report):
            logger.info("Announcement %s is sent; report shown", announcement.id)
        self._shown.pop(announcement.id, None)

    async def _edit(self, announcement: Announcement, text: str) -> bool:
        message = await self.services.outbox.get_by_dedup_key(progress_key(announcement.id))
        if message is None or message.message_id is None:
            return False
        try:
            await self.bot.edit_message_text(
                text, chat_id=message.chat_id, message_id=message.message_id
            )
        except BadRequest as error:
            if "not modified" in str(error).lower():
                return True
            logger.warning("Progress of announcement %s: %s", announcement.id, error)
            return False
        except TelegramError as error:
            logger.warning("Progress of announcement %s: %s", announcement.id, error)
            return False
        return True


async def run_due(services: Services, tracker: ProgressTracker) -> None:
    """Queues planned announcements whose time has come, and follows those being sent."""
    repo = services.repos.announcements
    now = services.clock.now()
    for announcement in await repo.due(now):
        if too_late(announcement.scheduled_for, now):
            await give_up(services, announcement)
        else:
            await queue_announcement(services, announcement)
    for announcement in await repo.sending():
        await tracker.refresh(announcement.id)


async def START(application: Any) -> None:
    """Follows announcements still being sent and looks for due ones every tick."""
    services: Services = application.services
    tracker = ProgressTracker(application.bot, services)
    if services.sender is not None:
        services.sender.add_listener(tracker.on_row)

    async def tick(_: BotContext) -> None:
        await run_due(services, tracker)

    application.job_queue.run_repeating(
        tick, interval=services.settings.job_tick_seconds, first=0.1, name="announcements"
    )


__all__ = ["START", "ProgressTracker", "progress_key", "queue_announcement", "run_due"]
