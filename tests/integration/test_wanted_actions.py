"""Efterlysninger as actions: the post, its audit row and its outbox rows (one per reachable
subscriber, and the admin's copy) commit together or not at all; a doubled send stores and
queues one; closing is once, and records the need's source when it is for a request."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from bot.crash_points import CrashPointReached
from bot.services import Services
from domain.clock import to_db
from domain.matching import NeedSource, NeedStatus
from domain.wanted import NEED_SOURCE
from handlers.wanted import actions
from handlers.wanted.actions import NewWanted
from tests.integration.conftest import ACTION_NOW, table_counts
from tests.integration.test_request_actions import sent_request

ADMIN = 9001
PEOPLE = list(range(5001, 5011))
BLOCKED = 5010
WRITTEN = ("wanted_posts", "audit_log", "outbox", "broadcast_batches")


@pytest.fixture
async def services(app_services: Services) -> Services:
    """Ten people who said yes to efterlysninger; one of them blocked the bot."""
    db = app_services.db
    stamp = to_db(ACTION_NOW)
    await db.executemany(
        "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
        [(uid, "en" if uid % 2 else "da", stamp, stamp) for uid in PEOPLE],
    )
    await db.execute("UPDATE users SET unreachable_at = ? WHERE id = ?", (stamp, BLOCKED))
    await db.executemany(
        "INSERT INTO subscriptions (user_id, topic, subscribed_at) VALUES (?, 'wanted', ?)",
        [(uid, stamp) for uid in PEOPLE],
    )
    return app_services


def written(key: str = "draft-1", request_id: int | None = None) -> NewWanted:
    return NewWanted(
        category_key="clothes",
        size="122",
        text="Vinterjakke <til> en dreng",
        photo_file_id=None,
        request_id=request_id,
        admin=ADMIN,
        admin_chat_id=ADMIN,
        admin_language="da",
        idempotency_key=key,
    )


async def test_posting_stores_logs_and_queues_every_reachable_subscriber_once(
    services: Services,
) -> None:
    post, created = await actions.post_wanted(services, written())
    assert created and post.reference == "E-1"
    again, created_again = await actions.post_wanted(services, written())
    assert again.id == post.id and not created_again
    rows = await services.db.fetchall(
        "SELECT chat_id, payload, batch_id, dedup_key FROM outbox ORDER BY id"
    )
    assert rows[0]["dedup_key"] == "wanted:1:admin"
    deliveries = [row for row in rows if row["batch_id"] is not None]
    assert sorted(row["chat_id"] for row in deliveries) == PEOPLE[:-1]
    assert {row["batch_id"] for row in deliveries} == {post.batch_id}
    assert "Vinterjakke &lt;til&gt; en dreng" in deliveries[0]["payload"]
    assert "wanted:have:1" in deliveries[0]["payload"]
    stored = await services.repos.wanted.get(post.id)
    assert stored is not None and stored.recipients == 9 and stored.skipped_unreachable == 1
    assert await table_counts(services, "audit_log") == {"audit_log": 1}


async def test_a_crash_after_the_first_write_leaves_nothing(
    services: Services, crash_at: Callable[[str], None]
) -> None:
    before = await table_counts(services, *WRITTEN)
    crash_at("wanted.created")
    with pytest.raises(CrashPointReached):
        await actions.post_wanted(services, written())
    assert await table_counts(services, *WRITTEN) == before
    post, created = await actions.post_wanted(services, written())  # the press, again
    assert created and post.id == 1


async def test_closing_is_once_and_records_the_source_for_a_request(
    services: Services, crash_at: Callable[[str], None]
) -> None:
    post, _ = await actions.post_wanted(services, written())
    crash_at("wanted.closed")
    with pytest.raises(CrashPointReached):
        await actions.close_wanted(services, post, ADMIN)
    assert (await services.repos.wanted.get(post.id)).is_open  # type: ignore[union-attr]
    assert await actions.close_wanted(services, post, ADMIN)
    assert not await actions.close_wanted(services, post, ADMIN)
    closed = await services.repos.wanted.get(post.id)
    assert closed is not None and not closed.is_open and closed.need_met_source is None
    assert await services.repos.wanted.list_open() == []
    # For a request, the met need's source is kept for the board's statistics.
    request = await sent_request(services)
    linked, _ = await actions.post_wanted(services, written("draft-2", request_id=request.id))
    payloads = await services.db.fetchall(
        "SELECT payload FROM outbox WHERE dedup_key LIKE 'wanted:2:%'"
    )
    assert payloads and not any(request.reference in row["payload"] for row in payloads)
    assert await actions.close_wanted(services, linked, ADMIN)
    stored = await services.repos.wanted.get(linked.id)
    assert stored is not None and stored.request_id == request.id
    assert stored.need_met_source == NEED_SOURCE


async def test_closing_a_linked_efterlysning_marks_the_requests_need_met_in_its_commit(
    services: Services,
) -> None:
    request = await sent_request(services)  # toys for a child of 7: one need
    toys = dataclasses.replace(written("draft-3", request_id=request.id), category_key="toys")
    post, _ = await actions.post_wanted(services, dataclasses.replace(toys, size=None))
    assert await actions.close_wanted(services, post, ADMIN)
    needs = await services.repos.needs.for_request(request.id)
    assert [(need.status, need.source) for need in needs] == [
        (NeedStatus.MET, NeedSource.EFTERLYSNING)
    ]
    audit = await services.db.fetchall(
        "SELECT details FROM audit_log WHERE action = 'wanted.close'"
    )
    assert [row["details"] for row in audit] == [f"need:{needs[0].id}"]
    # Met already: a second efterlysning for it closes without touching the need again.
    again, _ = await actions.post_wanted(
        services, dataclasses.replace(toys, idempotency_key="d4", size=None)
    )
    assert await actions.close_wanted(services, again, ADMIN)
    assert (await services.repos.needs.for_request(request.id))[0].met_at == needs[0].met_at
