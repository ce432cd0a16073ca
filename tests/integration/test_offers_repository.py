"""Offers in a real SQLite file: stored once, decided once, erased for good."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from domain.clock import to_db
from domain.offer_draft import OfferDraft
from domain.offers import Condition, Handover, OfferStatus
from storage.db import Database
from storage.not_now import NotNowRepository
from storage.offers import DropoffDayUnavailable, IncompleteDraft, OfferRepository

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
DONOR, OTHER_DONOR, ADMIN = 1001, 1002, 9001
PHONE = "+4529876543"
ADDRESS = "Hemmelighedsvej 42"
COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "t.sqlite3")
    await database.connect()
    yield database
    await database.close()


@pytest.fixture
def offers(db: Database) -> OfferRepository:
    return OfferRepository(db)


async def add_day(db: Database, starts: datetime, status: str = "planned") -> int:
    day_id = await db.insert(
        "INSERT INTO dropoff_days (starts_at, ends_at, place, status, created_at, updated_at)"
        " VALUES (?, ?, 'Teglvænget 97', ?, ?, ?)",
        (to_db(starts), to_db(starts + timedelta(hours=3)), status, to_db(NOW), to_db(NOW)),
    )
    assert day_id is not None
    return day_id


def draft(day_id: int | None = None, **changes: object) -> OfferDraft:
    base = OfferDraft(
        category_key="clothes",
        description="Vinterjakke, blå, næsten ny",
        size="110",
        quantity=2,
        condition=Condition.LIKE_NEW,
        photos_done=True,
    ).with_phone(PHONE)
    if day_id is not None:
        base = base.with_dropoff(day_id)
    return base.with_(**changes)


def pickup_draft() -> OfferDraft:
    return (
        draft(category_key="furniture", size=None)
        .with_pickup()
        .with_(pickup_address=ADDRESS, pickup_postcode="7400")
    )


async def test_doubled_send_stores_one_offer_with_its_photos(
    db: Database, offers: OfferRepository
) -> None:
    day = await add_day(db, NOW + timedelta(days=7))
    sent, _ = draft(day).add_photo("file-1", "uniq-1")
    first, created = await offers.add_from_draft(sent, DONOR, NOW)
    again, created_again = await offers.add_from_draft(sent, DONOR, NOW + timedelta(seconds=1))
    assert (created, created_again) == (True, False)
    assert again == first
    assert await db.fetchval("SELECT COUNT(*) FROM offers") == 1
    assert [photo.file_id for photo in await offers.photos(first.id)] == ["file-1"]
    assert first.reference == "G-1001" and first.status is OfferStatus.PENDING


async def test_two_sends_at_the_same_moment_store_one_offer(
    db: Database, offers: OfferRepository
) -> None:
    sent = draft(await add_day(db, NOW + timedelta(days=7)))
    results = await asyncio.gather(*(offers.add_from_draft(sent, DONOR, NOW) for _ in range(2)))
    assert sorted(created for _, created in results) == [False, True]
    assert await db.fetchval("SELECT COUNT(*) FROM offers") == 1


async def test_an_unfinished_draft_is_refused(offers: OfferRepository) -> None:
    with pytest.raises(IncompleteDraft) as refused:
        await offers.add_from_draft(OfferDraft(category_key="toys"), DONOR, NOW)
    assert "DESCRIPTION" in refused.value.missing


async def test_a_cancelled_or_past_day_is_refused(db: Database, offers: OfferRepository) -> None:
    cancelled = await add_day(db, NOW + timedelta(days=3), status="cancelled")
    past = await add_day(db, NOW - timedelta(days=3))
    for day in (cancelled, past):
        with pytest.raises(DropoffDayUnavailable):
            await offers.add_from_draft(draft(day), DONOR, NOW)
    assert await db.fetchval("SELECT COUNT(*) FROM offers") == 0


async def test_pickup_offer_keeps_address_and_no_day(offers: OfferRepository) -> None:
    offer, _ = await offers.add_from_draft(pickup_draft(), DONOR, NOW)
    assert (offer.handover, offer.dropoff_day_id) == (Handover.PICKUP, None)
    assert (offer.pickup_address, offer.pickup_postcode, offer.phone) == (ADDRESS, "7400", PHONE)
    assert await offers.get_by_reference("g 1001") == offer
    assert await offers.get_by_reference("G-2001") is None


async def test_open_offers_oldest_first_and_donors_see_their_own_newest_first(
    db: Database, offers: OfferRepository
) -> None:
    day = await add_day(db, NOW + timedelta(days=7))
    older, _ = await offers.add_from_draft(draft(day), DONOR, NOW)
    newer, _ = await offers.add_from_draft(draft(day), DONOR, NOW + timedelta(minutes=1))
    others, _ = await offers.add_from_draft(draft(day), OTHER_DONOR, NOW + timedelta(minutes=2))
    assert await offers.accept(others.id, ADMIN, NOW, day)
    assert [o.id for o in await offers.list_open()] == [older.id, newer.id]
    assert [o.id for o in await offers.list_for_donor(DONOR)] == [newer.id, older.id]


async def test_stale_accept_after_withdraw_is_refused(
    db: Database, offers: OfferRepository
) -> None:
    day = await add_day(db, NOW + timedelta(days=7))
    offer, _ = await offers.add_from_draft(draft(day), DONOR, NOW)
    assert not await offers.withdraw(offer.id, OTHER_DONOR, NOW)
    assert await offers.withdraw(offer.id, DONOR, NOW)
    assert not await offers.withdraw(offer.id, DONOR, NOW)
    assert not await offers.accept(offer.id, ADMIN, NOW, day)
    stored = await offers.get(offer.id)
    assert stored is not None
    assert (stored.status, stored.decided_by) == (OfferStatus.WITHDRAWN, None)


async def test_doubled_admin_presses_change_the_offer_once(
    db: Database, offers: OfferRepository
) -> None:
    day = await add_day(db, NOW + timedelta(days=7))
    offer, _ = await offers.add_from_draft(draft(day), DONOR, NOW)
    assert not await offers.mark_received(offer.id, ADMIN, NOW)
    assert await offers.accept(offer.id, ADMIN, NOW, day)
    assert not await offers.accept(offer.id, ADMIN + 1, NOW, None)
    assert not await offers.decline(offer.id, ADMIN, NOW, preset=0)
    assert await offers.mark_received(offer.id, ADMIN, NOW + timedelta(days=7))
    assert not await offers.withdraw(offer.id, DONOR, NOW)  # received: too late
    stored = await offers.get(offer.id)
    assert stored is not None
    assert (stored.status, stored.decided_by) == (OfferStatus.RECEIVED, ADMIN)
    assert (stored.accepted_handover, stored.accepted_day_id) == (Handover.DROPOFF, day)


async def test_an_accepted_offer_is_withdrawn_and_frees_its_day_and_cannot_be_accepted_again(
    db: Database, offers: OfferRepository
) -> None:
    day = await add_day(db, NOW + timedelta(days=7))
    offer, _ = await offers.add_from_draft(draft(day), DONOR, NOW)
    assert await offers.accept(offer.id, ADMIN, NOW, day)
    assert not await offers.withdraw(offer.id, DONOR + 1, NOW)  # not theirs
    assert await offers.withdraw(offer.id, DONOR, NOW)
    stored = await offers.get(offer.id)
    assert stored is not None
    assert stored.status is OfferStatus.WITHDRAWN
    assert (stored.accepted_handover, stored.accepted_day_id) == (None, None)
    assert not await offers.accept(offer.id, ADMIN, NOW, day)
    assert not await offers.mark_received(offer.id, ADMIN, NOW)


async def test_accept_for_pickup_and_decline_with_a_reason(offers: OfferRepository) -> None:
    sofa, _ = await offers.add_from_draft(pickup_draft(), DONOR, NOW)
    chair, _ = await offers.add_from_draft(pickup_draft(), OTHER_DONOR, NOW)
    assert await offers.accept(sofa.id, ADMIN, NOW, None)
    assert await offers.decline(chair.id, ADMIN, NOW, text="Ingen plads")
    accepted, declined = await offers.get(sofa.id), await offers.get(chair.id)
    assert accepted is not None and declined is not None
    assert (accepted.accepted_handover, accepted.accepted_day_id) == (Handover.PICKUP, None)
    assert (declined.status, declined.decline_text) == (OfferStatus.DECLINED, "Ingen plads")


async def test_question_goes_to_the_donor_and_only_they_answer_it_once(
    offers: OfferRepository,
) -> None:
    offer, _ = await offers.add_from_draft(pickup_draft(), DONOR, NOW)
    asked = await offers.add_question(offer.id, ADMIN, "Hvor bred er sofaen?", NOW)
    assert asked is not None and asked.offer_reference == "G-1001"
    assert await offers.open_question_for_donor(DONOR) == asked
    assert await offers.open_question_for_donor(OTHER_DONOR) is None
    assert await offers.answer_question(asked.id, OTHER_DONOR, "2 m", NOW) is None
    answered = await offers.answer_question(asked.id, DONOR, "Cirka 2 meter", NOW)
    assert answered is not None and answered.answer == "Cirka 2 meter"
    assert await offers.answer_question(asked.id, DONOR, "igen", NOW) is None
    assert await offers.open_question_for_donor(DONOR) is None
    fetched = await offers.get_question(asked.id)
    assert fetched is not None and fetched.donor_id == DONOR and fetched.answered
    assert await offers.get_question(asked.id + 99) is None
    assert await offers.withdraw(offer.id, DONOR, NOW)
    assert await offers.add_question(offer.id, ADMIN, "Stadig?", NOW) is None


async def test_booked_donors_of_a_day_by_chosen_or_accepted_day(
    db: Database, offers: OfferRepository
) -> None:
    day = await add_day(db, NOW + timedelta(days=7))
    other_day = await add_day(db, NOW + timedelta(days=14))
    pending, _ = await offers.add_from_draft(draft(day), DONOR, NOW)
    moved, _ = await offers.add_from_draft(draft(day), OTHER_DONOR, NOW)
    elsewhere, _ = await offers.add_from_draft(draft(other_day), 1003, NOW)
    declined, _ = await offers.add_from_draft(draft(day), 1004, NOW)
    assert await offers.accept(moved.id, ADMIN, NOW, other_day)
    assert await offers.accept(elsewhere.id, ADMIN, NOW, day)
    assert await offers.decline(declined.id, ADMIN, NOW)
    booked = await offers.booked_on_day(day)
    assert [(o.id, o.donor_id) for o in booked] == [(pending.id, DONOR), (elsewhere.id, 1003)]


async def test_admin_messages_lead_back_to_their_offer(offers: OfferRepository) -> None:
    offer, _ = await offers.add_from_draft(pickup_draft(), DONOR, NOW)
    await offers.record_admin_message(offer.id, -100, 55)
    await offers.record_admin_message(offer.id, -100, 55)
    assert [m.message_id for m in await offers.admin_messages(offer.id)] == [55]
    assert await offers.offer_for_admin_message(-100, 55) == offer
    assert await offers.offer_for_admin_message(-100, 56) is None


def raw_file_bytes(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def test_erasure_leaves_no_phone_or_address_in_the_database_file(
    db: Database, offers: OfferRepository
) -> None:
    day = await add_day(db, NOW + timedelta(days=7))
    open_offer, _ = await offers.add_from_draft(pickup_draft(), DONOR, NOW)
    accepted, _ = await offers.add_from_draft(draft(day).add_photo("f", "u")[0], DONOR, NOW)
    others = draft(day).with_phone("+4520304050")
    kept, _ = await offers.add_from_draft(others, OTHER_DONOR, NOW)
    assert await offers.accept(accepted.id, ADMIN, NOW, day)
    question = await offers.add_question(accepted.id, ADMIN, "Farve?", NOW)
    assert question is not None
    assert await offers.answer_question(question.id, DONOR, "Ring på " + PHONE, NOW)
    await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert PHONE.encode() in raw_file_bytes(db.path)  # so the check below can see it

    erased = await offers.erase_donor(DONOR, NOW + timedelta(days=1))

    await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = raw_file_bytes(db.path)
    assert PHONE.encode() not in raw
    assert ADDRESS.encode() not in raw
    assert sorted(erased) == sorted([open_offer.id, accepted.id])
    assert await offers.list_for_donor(DONOR) == []
    assert await offers.photos(accepted.id) == []
    after_open, after_accepted = await offers.get(open_offer.id), await offers.get(accepted.id)
    assert after_open is not None and after_accepted is not None
    assert (after_open.status, after_accepted.status) == (
        OfferStatus.WITHDRAWN,
        OfferStatus.ACCEPTED,
    )
    assert (after_accepted.donor_id, after_accepted.description, after_accepted.phone) == (
        None,
        None,
        None,
    )
    assert [q.question for q in await offers.questions(accepted.id)] == [None]
    assert await db.fetchval("SELECT COUNT(*) FROM offers") == 3  # counts stay
    assert await offers.get(kept.id) == kept


async def test_not_now_category_is_answered_until_its_last_day(db: Database) -> None:
    not_now = NotNowRepository(db)
    await not_now.set("furniture", "Ingen sofaer før januar", None, date(2026, 12, 31), ADMIN, NOW)
    entry = await not_now.get("furniture", NOW, COPENHAGEN)
    assert entry is not None and entry.reason("en") == "Ingen sofaer før januar"
    new_year_eve_late = datetime(2026, 12, 31, 22, 59, tzinfo=UTC)  # 23:59 in Copenhagen
    assert await not_now.get("furniture", new_year_eve_late, COPENHAGEN) is not None
    new_year = datetime(2026, 12, 31, 23, 0, tzinfo=UTC)  # midnight in Copenhagen
    assert await not_now.get("furniture", new_year, COPENHAGEN) is None
    assert await not_now.list_active(new_year, COPENHAGEN) == []
    assert len(await not_now.list_all()) == 1


async def test_not_now_is_replaced_and_cleared(db: Database) -> None:
    not_now = NotNowRepository(db)
    await not_now.set("toys", "Fuldt lager", "Full storage", None, ADMIN, NOW)
    await not_now.set("toys", "Stadig fuldt", "Still full", None, ADMIN + 1, NOW)
    [entry] = await not_now.list_active(NOW + timedelta(days=400), COPENHAGEN)
    assert (entry.reason("en"), entry.set_by, entry.until) == ("Still full", ADMIN + 1, None)
    assert await not_now.clear("toys")
    assert not await not_now.clear("toys")
    assert await not_now.get("toys", NOW, COPENHAGEN) is None
