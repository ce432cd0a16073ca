"""Drop-off days on a schedule: the notice DROPOFF_NOTICE_DAYS before, the reminder the day
before at DROPOFF_REMINDER_TIME, a cancellation for those who were told, and the weekly digest
at DIGEST_AT, to everyone subscribed to 'dropoff', each in their own language.

Each tick asks domain.broadcast_schedule what is due from the database and the clock, queues it
through the outbox in one transaction with the record of it, and so survives restarts, catches
up after downtime while still relevant, and never sends the same notice to anyone twice.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from bot.context import BotContext
from bot.notify import PRIORITY_BROADCAST, text_message
from bot.services import Services
from bot.settings import Settings
from domain.announcements import Audience
from domain.broadcast_schedule import (
    BroadcastKind,
    DueBroadcast,
    ScheduleRules,
    digest_span,
    due_broadcasts,
    due_digest,
    horizon,
)
from domain.days import DropoffDay
from handlers.dropoff.broadcast_texts import day_broadcast_text, digest_text
from storage.broadcasts import audience_members, new_batch
from storage.outbox import NewMessage

logger = logging.getLogger(__name__)


def rules_from(settings: Settings) -> ScheduleRules:
    weekday, at = settings.digest_moment
    return ScheduleRules(
        notice_days=settings.dropoff_notice_days,
        reminder_time=settings.dropoff_reminder_time,
        digest_weekday=weekday,
        digest_time=at,
        zone=settings.zone,
    )


def dedup_key(due: DueBroadcast, user_id: int) -> str:
    if due.kind is BroadcastKind.CANCELLED:
        return f"dropoff:{due.day_id}:cancelled:{user_id}"
    return f"dropoff:{due.day_id}:v{due.version}:{due.kind.value}:{user_id}"


async def run_due(services: Services) -> None:
    """Queues every drop-off broadcast that is due now and not queued before."""
    now = services.clock.now()
    rules = rules_from(services.settings)
    repo = services.repos.dropoff_broadcasts
    days = await repo.days_to_consider(now, horizon(now, rules))
    by_id = {day.id: day for day in days}
    for due in due_broadcasts(days, await repo.queued(list(by_id)), now, rules):
        await queue_day_broadcast(services, by_id[due.day_id], due, now)
    today = now.astimezone(rules.zone).date()
    week_of = due_digest(now, rules, await repo.digests_since(today - timedelta(days=14)))
    if week_of is not None:
        await queue_digest(services, week_of, rules, now)


async def queue_day_broadcast(
    services: Services, day: DropoffDay, due: DueBroadcast, now: datetime
) -> int:
    """One row per subscriber, with a line about their things for donors bringing some.

    Only those told about an earlier version hear that it changed (or is cancelled); other
    subscribers get a plain notice or reminder.
    """
    db, organisation = services.db, services.organisation
    cancelled = due.kind is BroadcastKind.CANCELLED
    async with services.unit_of_work() as uow:
        repo = uow.dropoff_broadcasts
        members = await audience_members(db, Audience.DROPOFF, services.settings.default_locale)
        told = await repo.told_before(day.id, due.version) if due.changed or cancelled else set()
        bringing = await repo.bringing(day.id) if not cancelled else {}
        batch_id = await new_batch(db, "dropoff", now)
        texts: dict[tuple[str, bool], str] = {}
        rows: list[NewMessage] = []
        for person in members.reachable:
            was_told = person.user_id in told
            if cancelled and not was_told:
                continue
            version = due if was_told else replace(due, changed=False, changes=frozenset())
            t = services.i18n(person.language)
            things = bringing.get(person.user_id, [])
            if things:
                text = day_broadcast_text(t, organisation, day, version, things)
            else:
                key = (person.language, was_told)
                if key not in texts:
                    texts[key] = day_broadcast_text(t, organisation, day, version)
                text = texts[key]
            rows.append(_row(person.user_id, text, dedup_key(due, person.user_id), batch_id))
        await services.notifier.queue(rows)
        await repo.record(day, due.kind, batch_id, len(rows), now)
    logger.info(
        "Drop-off day %s: %s (v%s%s) queued for %s subscribers",
        day.id,
        due.kind.value,
        due.version,
        ", changed: " + "+".join(sorted(due.changes)) if due.changed else "",
        len(rows),
    )
    return len(rows)


async def queue_digest(
    services: Services, week_of: date, rules: ScheduleRules, now: datetime
) -> int:
    """This week's list of coming days to every subscriber (nothing when no day is planned)."""
    db = services.db
    start, end = digest_span(week_of, rules)
    days = [day for day in await services.repos.days.between(start, end) if day.starts_at > now]
    async with services.unit_of_work() as uow:
        members = await audience_members(db, Audience.DROPOFF, services.settings.default_locale)
        batch_id = await new_batch(db, "digest", now)
        rows: list[NewMessage] = []
        if days:
            texts = {}
            for person in members.reachable:
                if person.language not in texts:
                    texts[person.language] = digest_text(services.i18n(person.language), days)
                key = f"dropoff:digest:{week_of.isoformat()}:{person.user_id}"
                rows.append(_row(person.user_id, texts[person.language], key, batch_id))
            await services.notifier.queue(rows)
        await uow.dropoff_broadcasts.record_digest(week_of, batch_id, len(rows), now)
    logger.info("Digest of week %s: %s days, %s subscribers", week_of, len(days), len(rows))
    return len(rows)


def _row(user_id: int, text: str, key: str, batch_id: int) -> NewMessage:
    return text_message(
        user_id, text, dedup_key=key, priority=PRIORITY_BROADCAST, batch_id=batch_id
    )


async def START(application: Any) -> None:
    """Looks for due drop-off broadcasts every JOB_TICK_SECONDS."""
    services: Services = application.services

    async def tick(_: BotContext) -> None:
        await run_due(services)

    application.job_queue.run_repeating(
        tick, interval=services.settings.job_tick_seconds, first=0.2, name="dropoff-broadcasts"
    )
