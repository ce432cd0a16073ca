"""What the board does with announcements, each in one transaction with its audit row and its
outbox rows: plan one (for later, or now: then its audience is queued in the same commit),
queue a planned one whose time has come, cancel one, give one up, close one with its report.

No Telegram here: an action takes the services and plain values and returns what the handler
needs to render. A crash anywhere inside leaves the announcement, the audit log and the outbox as
they were before, or all changed together (storage/unit_of_work.py). The dedup keys
("announcement:<id>:<user_id>") keep each person to one row whatever happens.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from bot.crash_points import crash_point
from bot.i18n import SUPPORTED
from bot.notify import PRIORITY_ADMIN, text_message
from bot.services import Services
from domain.announcements import Audience
from domain.clock import to_db
from handlers.announce.texts import (
    announcement_payload,
    announcement_row,
    missed_text,
    progress_row,
)
from storage.broadcasts import Announcement
from storage.models import Language
from storage.outbox import NewMessage
from storage.unit_of_work import UnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewAnnouncement:
    """What the admin wrote and chose, and where they follow its progress."""

    text: str  # HTML, as Telegram gave the admin's formatting
    photo_file_id: str | None
    audience: Audience
    admin: int
    progress_chat_id: int
    progress_language: Language
    idempotency_key: str  # the draft's id: a doubled "send" stores one announcement


async def plan_announcement(
    services: Services, new: NewAnnouncement, when: datetime, *, send_now: bool = False
) -> tuple[Announcement, bool]:
    """Stores the announcement for `when` and logs it; with send_now its audience is queued in
    the same commit. (the existing one, False) for a draft stored already: nothing changes."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        announcement, created = await uow.announcements.create(
            text=new.text,
            photo_file_id=new.photo_file_id,
            audience=new.audience,
            scheduled_for=when,
            created_by=new.admin,
            progress_chat_id=new.progress_chat_id,
            progress_language=new.progress_language,
            idempotency_key=new.idempotency_key,
            now=now,
        )
        if not created:
            return announcement, False
        crash_point("announcement.created")
        details = {
            "audience": new.audience.value,
            "at": to_db(when),
            "photo": bool(new.photo_file_id),
        }
        await uow.audit.record(
            new.admin,
            "announcement.create",
            now,
            subject=f"announcement:{announcement.id}",
            details=json.dumps(details),
        )
        if send_now:
            await _queue(services, uow, announcement, now)
    return announcement, True


async def queue_announcement(services: Services, announcement: Announcement) -> int | None:
    """Queues one row per reachable person, in the same transaction as the move to 'sending'.

    A kill -9 in the middle leaves nothing queued and the announcement still planned, so the
    next tick queues it again. Returns the rows queued, or None when it was not planned.
    """
    async with services.unit_of_work() as uow:
        return await _queue(services, uow, announcement, services.clock.now())


async def _queue(
    services: Services, uow: UnitOfWork, announcement: Announcement, now: datetime
) -> int | None:
    batch_id = await uow.announcements.start_sending(announcement.id, now)
    if batch_id is None:
        return None
    crash_point("announcement.started")
    members = await uow.announcements.audience_members(
        announcement.audience, services.settings.default_locale
    )
    org = services.organisation.name
    payloads = {
        language: announcement_payload(
            services.i18n(language),
            org,
            announcement.text,
            announcement.photo_file_id,
            announcement.audience,
        )
        for language in SUPPORTED
    }
    rows = [
        announcement_row(person.user_id, payloads[person.language], announcement.id, batch_id)
        for person in members.reachable
    ]
    admin_t = services.i18n(announcement.progress_language)
    await services.notifier.queue([progress_row(admin_t, announcement, len(rows)), *rows])
    await uow.announcements.record_queued(announcement.id, len(rows), members.unreachable)
    logger.info(
        "Announcement %s queued: %s rows in batch %s, %s skipped as unreachable",
        announcement.id,
        len(rows),
        batch_id,
        members.unreachable,
    )
    return len(rows)


async def cancel_planned(
    services: Services, announcement_id: int, admin: int
) -> Announcement | None:
    """Cancels a planned announcement and logs it; None when it is no longer planned."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        cancelled = await uow.announcements.cancel(announcement_id, admin, now)
        if cancelled is None:
            return None
        crash_point("announcement.cancelled")
        await uow.audit.record(
            admin,
            "announcement.cancel",
            now,
            subject=f"announcement:{cancelled.id}",
            details=json.dumps({"audience": cancelled.audience.value}),
        )
    return cancelled


async def give_up(services: Services, announcement: Announcement) -> bool:
    """The bot was off long past the planned time: not sent late, and the admin is told.
    False when it was no longer planned."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        if await uow.announcements.cancel(announcement.id, None, now) is None:
            return False
        crash_point("announcement.cancelled")
        t = services.i18n(announcement.progress_language)
        row = text_message(
            announcement.progress_chat_id,
            missed_text(t, announcement),
            dedup_key=f"announcement:{announcement.id}:missed",
            priority=PRIORITY_ADMIN,
        )
        await services.notifier.queue([row])
    logger.warning("Announcement %s was due long ago; not sent", announcement.id)
    return True


async def close_announcement(
    services: Services, announcement: Announcement, report: NewMessage | None
) -> bool:
    """sending → sent, with the report as a new message when it could not be shown by editing
    the progress message; False when it was closed already (and nothing is queued)."""
    async with services.unit_of_work() as uow:
        if not await uow.announcements.mark_sent(announcement.id, services.clock.now()):
            return False
        crash_point("announcement.sent")
        if report is not None:
            await services.notifier.queue([report])
    return True
