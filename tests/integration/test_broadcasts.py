"""Announcements and drop-off broadcasts queued into the outbox of a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.services import Services, open_services
from bot.settings import Settings
from domain.announcements import Audience
from domain.clock import FixedClock, to_db
from handlers.announce import sending as announce_sending
from handlers.dropoff import broadcasts as dropoff_broadcasts
from storage.broadcasts import AnnouncementRepository, audience_members, audience_sizes
from storage.dropoff_days import DropoffDayRepository
from storage.subscriptions import SubscriptionRepository

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)  # a Tuesday: no digest due


@pytest.fixture
async def services(tmp_path: Path) -> AsyncIterator[Services]:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_path=tmp_path / "t.sqlite3",
        organisation_file=ROOT / "organisation.toml",
    )
    opened = await open_services(settings)
    clock = FixedClock(NOW)
    opened.clock = clock
    opened.notifier.clock = clock
    yield opened
    await opened.close()


async def people(services: Services, count: int, topic: str | None = "news") -> list[int]:
    """count users (every third English), subscribed to topic."""
    ids = list(range(5001, 5001 + count))
    await services.db.executemany(
        "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
        [(uid, "en" if uid % 3 == 0 else "da", to_db(NOW), to_db(NOW)) for uid in ids],
    )
    if topic:
        await services.db.executemany(
            "INSERT INTO subscriptions (user_id, topic, subscribed_at) VALUES (?, ?, ?)",
            [(uid, topic, to_db(NOW)) for uid in ids],
        )
    return ids


async def plan(services: Services, audience: Audience = Audience.NEWS, key: str = "d1"):
    announcement, created = await AnnouncementRepository(services.db).create(
        text="<b>Julemarked</b> lørdag",
        photo_file_id=None,
        audience=audience,
        scheduled_for=NOW,
        created_by=9001,
        progress_chat_id=9001,
        progress_language="da",
        idempotency_key=key,
        now=NOW,
    )
    return announcement, created


async def test_audiences_skip_and_count_people_who_blocked_the_bot(services: Services):
    ids = await people(services, 5)
    await services.users.mark_unreachable(ids[0], NOW)
    members = await audience_members(services.db, Audience.NEWS, "da")
    assert [r.user_id for r in members.reachable] == ids[1:]
    assert members.unreachable == 1
    sizes = await audience_sizes(services.db)
    assert sizes[Audience.NEWS] == 4 and sizes[Audience.ALL] == 4
    assert sizes[Audience.DROPOFF] == 0 and sizes[Audience.VOLUNTEERS] == 0


async def test_a_doubled_send_stores_one_announcement(services: Services):
    first, created = await plan(services)
    again, created_again = await plan(services)
    assert created and not created_again and again.id == first.id


async def test_an_announcement_is_queued_once_per_person_in_its_own_batch(services: Services):
    ids = await people(services, 30)
    announcement, _ = await plan(services)
    assert await announce_sending.queue_announcement(services, announcement) == 30
    assert await announce_sending.queue_announcement(services, announcement) is None
    stored = await AnnouncementRepository(services.db).get(announcement.id)
    assert stored is not None and stored.status == "sending" and stored.recipients == 30
    assert stored.batch_id is not None
    assert await services.outbox.batch_counts(stored.batch_id) == {"pending": 30}
    english = await services.outbox.get_by_dedup_key(f"announcement:{announcement.id}:{ids[3]}")
    assert english is not None and "our news" in english.payload["text"]
    progress = await services.outbox.get_by_dedup_key(f"announcement:{announcement.id}:progress")
    assert progress is not None and "Sendt 0 af 30" in progress.payload["text"]


async def test_a_crash_while_queueing_leaves_nothing_and_the_next_try_queues_all(
    services: Services, monkeypatch: pytest.MonkeyPatch
):
    await people(services, 20)
    announcement, _ = await plan(services)

    async def crash(*args: object) -> None:
        raise RuntimeError("killed half way")

    monkeypatch.setattr(AnnouncementRepository, "record_queued", crash)
    with pytest.raises(RuntimeError):
        await announce_sending.queue_announcement(services, announcement)
    assert await services.outbox.count_by_status() == {}
    again = await AnnouncementRepository(services.db).get(announcement.id)
    assert again is not None and again.status == "scheduled" and again.batch_id is None
    monkeypatch.undo()
    assert await announce_sending.queue_announcement(services, announcement) == 20


async def test_only_a_planned_announcement_can_be_cancelled(services: Services):
    repo = AnnouncementRepository(services.db)
    announcement, _ = await plan(services)
    assert (await repo.scheduled())[0].id == announcement.id
    cancelled = await repo.cancel(announcement.id, 9001, NOW)
    assert cancelled is not None and cancelled.status == "cancelled"
    assert await repo.cancel(announcement.id, 9001, NOW) is None
    assert await announce_sending.queue_announcement(services, announcement) is None
    assert await repo.scheduled() == []


async def test_a_drop_off_notice_is_queued_once_with_the_donors_things(services: Services):
    ids = await people(services, 4, topic="dropoff")
    day = await DropoffDayRepository(services.db).create(
        starts_at=NOW + timedelta(days=6),
        ends_at=NOW + timedelta(days=6, hours=3),
        place="Teglvænget 97",
        volunteers_needed=2,
        created_by=9001,
        now=NOW,
    )
    await services.db.execute(
        "INSERT INTO offers (donor_id, category_key, description, quantity, condition, handover,"
        " dropoff_day_id, status, accepted_handover, accepted_day_id, idempotency_key,"
        " created_at, updated_at) VALUES (?, 'clothes', 'Børnetøj', 3, 'good', 'dropoff', ?,"
        " 'accepted', 'dropoff', ?, 'k1', ?, ?)",
        (ids[0], day.id, day.id, to_db(NOW), to_db(NOW)),
    )
    await SubscriptionRepository(services.db).subscribe(9999, "news", NOW)  # other topic
    await dropoff_broadcasts.run_due(services)
    await dropoff_broadcasts.run_due(services)
    counts = await services.outbox.count_by_status()
    assert counts == {"pending": 4}
    donor = await services.outbox.get_by_dedup_key(f"dropoff:{day.id}:v1:notice:{ids[0]}")
    assert donor is not None and "You are bringing: 3 × Clothes." in donor.payload["text"]
    other = await services.outbox.get_by_dedup_key(f"dropoff:{day.id}:v1:notice:{ids[1]}")
    assert other is not None and "Indleveringsdag" in other.payload["text"]
    assert "kommer med" not in other.payload["text"]


async def test_a_moved_place_tells_those_who_heard_and_a_plain_notice_to_newcomers(
    services: Services,
):
    told, newcomer, late = await people(services, 3, topic="dropoff")  # English, Danish, English
    await services.db.execute("DELETE FROM subscriptions WHERE user_id IN (?, ?)", (newcomer, late))
    days = DropoffDayRepository(services.db)
    day = await days.create(
        starts_at=NOW + timedelta(days=6),
        ends_at=NOW + timedelta(days=6, hours=3),
        place="Teglvænget 97",
        volunteers_needed=2,
        created_by=9001,
        now=NOW,
    )
    await dropoff_broadcasts.run_due(services)
    await SubscriptionRepository(services.db).subscribe(newcomer, "dropoff", NOW)
    await days.update(day.id, now=NOW, place="Hallen, Skolevej 2")
    await dropoff_broadcasts.run_due(services)

    changed = await services.outbox.get_by_dedup_key(f"dropoff:{day.id}:v2:notice:{told}")
    assert changed is not None
    assert "Here is the new place:" in changed.payload["text"]
    plain = await services.outbox.get_by_dedup_key(f"dropoff:{day.id}:v2:notice:{newcomer}")
    assert plain is not None and "ændret" not in plain.payload["text"]
    assert "Hallen, Skolevej 2" in plain.payload["text"]

    # Only those who heard of the day hear that it is off.
    await SubscriptionRepository(services.db).subscribe(late, "dropoff", NOW)
    await days.cancel(day.id, NOW)
    await dropoff_broadcasts.run_due(services)
    assert await services.outbox.get_by_dedup_key(f"dropoff:{day.id}:cancelled:{told}")
    assert await services.outbox.get_by_dedup_key(f"dropoff:{day.id}:cancelled:{newcomer}")
    assert await services.outbox.get_by_dedup_key(f"dropoff:{day.id}:cancelled:{late}") is None


async def test_a_day_made_for_today_is_remembered_as_today(services: Services):
    (uid,) = await people(services, 1, topic="dropoff")  # reads English
    day = await DropoffDayRepository(services.db).create(
        starts_at=NOW + timedelta(hours=6),
        ends_at=NOW + timedelta(hours=8),
        place="Teglvænget 97",
        volunteers_needed=2,
        created_by=9001,
        now=NOW,
    )
    await dropoff_broadcasts.run_due(services)
    reminder = await services.outbox.get_by_dedup_key(f"dropoff:{day.id}:v1:reminder:{uid}")
    assert reminder is not None
    assert "Reminder: drop-off day today" in reminder.payload["text"]
    assert "tomorrow" not in reminder.payload["text"]
