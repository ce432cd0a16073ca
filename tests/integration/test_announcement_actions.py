"""The board's announcements as actions: the announcement, its audit row and its outbox rows
commit together, or none of them does (a crash right after the first write)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.crash_points import CrashPointReached
from bot.services import Services
from domain.announcements import AnnouncementStatus, Audience
from domain.clock import to_db
from handlers.announce import actions
from handlers.announce.actions import NewAnnouncement
from storage.broadcasts import Announcement
from tests.integration.conftest import ACTION_NOW, table_counts

ADMIN = 9001
PEOPLE = list(range(5001, 5011))
WRITTEN = ("announcements", "audit_log", "outbox", "broadcast_batches")


@pytest.fixture
async def services(app_services: Services) -> Services:
    """Ten people who said yes to news."""
    db = app_services.db
    await db.executemany(
        "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
        [(uid, "da", to_db(ACTION_NOW), to_db(ACTION_NOW)) for uid in PEOPLE],
    )
    await db.executemany(
        "INSERT INTO subscriptions (user_id, topic, subscribed_at) VALUES (?, 'news', ?)",
        [(uid, to_db(ACTION_NOW)) for uid in PEOPLE],
    )
    return app_services


def written(key: str = "draft-1") -> NewAnnouncement:
    return NewAnnouncement(
        text="<b>Julemarked</b> lørdag",
        photo_file_id=None,
        audience=Audience.NEWS,
        admin=ADMIN,
        progress_chat_id=ADMIN,
        progress_language="da",
        idempotency_key=key,
    )


async def planned(services: Services, in_hours: int = 2) -> Announcement:
    when = ACTION_NOW + timedelta(hours=in_hours)
    announcement, created = await actions.plan_announcement(services, written(), when)
    assert created
    return announcement


async def test_sending_now_stores_logs_and_queues_everyone_in_one_go(services: Services) -> None:
    before = await table_counts(services, *WRITTEN)

    announcement, created = await actions.plan_announcement(
        services, written(), ACTION_NOW, send_now=True
    )

    assert created
    stored = await services.repos.announcements.get(announcement.id)
    assert stored is not None and stored.status is AnnouncementStatus.SENDING
    assert stored.recipients == len(PEOPLE)
    after = await table_counts(services, *WRITTEN)
    assert after["announcements"] == before["announcements"] + 1
    assert after["audit_log"] == before["audit_log"] + 1
    assert after["outbox"] == before["outbox"] + len(PEOPLE) + 1  # and the progress message
    assert after["broadcast_batches"] == before["broadcast_batches"] + 1


@pytest.mark.parametrize("point", ["announcement.created", "announcement.started"])
async def test_a_crash_while_sending_now_leaves_nothing_and_the_same_press_goes_through(
    services: Services, crash_at: Callable[[str], None], point: str
) -> None:
    before = await table_counts(services, *WRITTEN)
    crash_at(point)

    with pytest.raises(CrashPointReached):
        await actions.plan_announcement(services, written(), ACTION_NOW, send_now=True)

    assert await table_counts(services, *WRITTEN) == before
    # Nothing was lost either: the same draft, sent again, goes through in full.
    announcement, created = await actions.plan_announcement(
        services, written(), ACTION_NOW, send_now=True
    )
    assert created and announcement.id is not None
    after = await table_counts(services, *WRITTEN)
    assert after["outbox"] == before["outbox"] + len(PEOPLE) + 1
    assert after["audit_log"] == before["audit_log"] + 1


async def test_a_doubled_send_changes_nothing_the_second_time(services: Services) -> None:
    first, created = await actions.plan_announcement(services, written(), ACTION_NOW, send_now=True)
    assert created
    before = await table_counts(services, *WRITTEN)

    again, created_again = await actions.plan_announcement(
        services, written(), ACTION_NOW, send_now=True
    )

    assert not created_again and again.id == first.id
    assert await table_counts(services, *WRITTEN) == before


async def test_a_crash_while_planning_for_later_leaves_nothing(
    services: Services, crash_at: Callable[[str], None]
) -> None:
    before = await table_counts(services, *WRITTEN)
    crash_at("announcement.created")

    with pytest.raises(CrashPointReached):
        await planned(services)

    assert await table_counts(services, *WRITTEN) == before
    announcement = await planned(services)
    assert announcement.status is AnnouncementStatus.SCHEDULED
    after = await table_counts(services, *WRITTEN)
    assert after["announcements"] == before["announcements"] + 1
    assert after["audit_log"] == before["audit_log"] + 1
    assert after["outbox"] == before["outbox"]  # nothing queued before its time


async def test_a_crash_while_queueing_a_due_one_leaves_it_planned(
    services: Services, crash_at: Callable[[str], None]
) -> None:
    announcement = await planned(services)
    before = await table_counts(services, *WRITTEN)
    crash_at("announcement.started")

    with pytest.raises(CrashPointReached):
        await actions.queue_announcement(services, announcement)

    assert await table_counts(services, *WRITTEN) == before
    still = await services.repos.announcements.get(announcement.id)
    assert still is not None and still.status is AnnouncementStatus.SCHEDULED
    assert await actions.queue_announcement(services, announcement) == len(PEOPLE)
    assert await actions.queue_announcement(services, announcement) is None


async def test_a_crash_while_cancelling_leaves_it_planned_and_unlogged(
    services: Services, crash_at: Callable[[str], None]
) -> None:
    announcement = await planned(services)
    before = await table_counts(services, *WRITTEN)
    crash_at("announcement.cancelled")

    with pytest.raises(CrashPointReached):
        await actions.cancel_planned(services, announcement.id, ADMIN)

    assert await table_counts(services, *WRITTEN) == before
    still = await services.repos.announcements.get(announcement.id)
    assert still is not None and still.status is AnnouncementStatus.SCHEDULED
    cancelled = await actions.cancel_planned(services, announcement.id, ADMIN)
    assert cancelled is not None and cancelled.status is AnnouncementStatus.CANCELLED
    assert (await table_counts(services, "audit_log"))["audit_log"] == before["audit_log"] + 1
    assert await actions.cancel_planned(services, announcement.id, ADMIN) is None


async def test_giving_up_cancels_and_tells_the_admin_together(
    services: Services, crash_at: Callable[[str], None]
) -> None:
    announcement = await planned(services)
    crash_at("announcement.cancelled")

    with pytest.raises(CrashPointReached):
        await actions.give_up(services, announcement)

    missed = f"announcement:{announcement.id}:missed"
    assert await services.outbox.get_by_dedup_key(missed) is None
    assert await actions.give_up(services, announcement)
    assert await services.outbox.get_by_dedup_key(missed) is not None
    assert not await actions.give_up(services, announcement)
