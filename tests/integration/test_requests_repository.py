"""Help requests on a real SQLite file: stored once, decided once, exported, erased for real."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.clock import to_db
from domain.request_draft import RequestDraft
from domain.request_input import SizeSystem
from domain.requests import Referral, RefusalReason, RequestStatus
from storage.db import Database
from storage.requests import RequestRefused, RequestRepository

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
MAJA_PHONE = "+4520987654"
MAJA_NEEDS = "Vinterstøvler og en flyverdragt til Zelmira, hun fryser om fødderne"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "t.sqlite3")
    await database.connect()
    yield database
    await database.close()


@pytest.fixture
def requests(db: Database) -> RequestRepository:
    return RequestRepository(db)


def draft(
    kind: str = "clothes",
    phone: str | None = MAJA_PHONE,
    needs: str = MAJA_NEEDS,
    children: tuple[tuple[int, str | None], ...] = ((4, "104"), (9, None)),
) -> RequestDraft:
    sizes: SizeSystem = "clothes" if kind == "clothes" else "none"
    made = RequestDraft().with_consent(NOW).with_kind(kind, sizes).with_adults(2)
    made = made.with_children_count(len(children))
    for index, (age, size) in enumerate(children):
        made = made.with_child_age(index, age)
        if sizes != "none":
            made = made.with_child_size(index, size)
    made = made.with_needs(needs).with_postcode("7400")
    made = made.with_referral(Referral.CASEWORKER, "Lone fra jobcentret")
    return made.with_contact(phone)


async def file_bytes(db: Database) -> bytes:
    """The database file and its WAL as they lie on disk, after moving the WAL into the file."""
    await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    wal = db.path.with_name(db.path.name + "-wal")
    return db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def test_a_request_gets_a_short_readable_reference(requests: RequestRepository) -> None:
    request, created = await requests.add_from_draft(draft(), 7, None, NOW)
    assert created
    assert request.reference == "H-1001"
    assert request.status == RequestStatus.PENDING
    assert [(child.age, child.size) for child in request.children or ()] == [(4, "104"), (9, None)]
    assert request.children_count == 2
    assert await requests.get_by_reference("h1001") == request


async def test_a_doubled_send_stores_one_request(requests: RequestRepository, db: Database) -> None:
    same = draft()
    first, created_first = await requests.add_from_draft(same, 7, None, NOW)
    second, created_second = await requests.add_from_draft(same, 7, None, NOW)
    assert (created_first, created_second) == (True, False)
    assert second == first
    assert await db.fetchval("SELECT COUNT(*) FROM help_requests") == 1


async def test_a_second_open_request_of_a_kind_is_told_where_the_first_stands(
    requests: RequestRepository,
) -> None:
    first, _ = await requests.add_from_draft(draft(), 7, None, NOW)
    await requests.ask(first.reference, "Hvilken størrelse sko?", NOW)
    with pytest.raises(RequestRefused) as refused:
        await requests.add_from_draft(draft(), 7, None, NOW)
    blocked = refused.value.blocked
    assert blocked.refusal.reason == RefusalReason.OPEN_SAME_KIND
    assert (blocked.existing.reference, blocked.existing.status) == (
        "H-1001",
        RequestStatus.NEEDS_INFO,
    )
    assert await requests.open_for_user_and_kind(7, "clothes") == blocked.existing
    _, created = await requests.add_from_draft(draft(kind="toys"), 7, None, NOW)
    assert created


async def test_julehjaelp_twice_in_a_season_is_refused_also_from_another_account(
    requests: RequestRepository,
) -> None:
    first, _ = await requests.add_from_draft(draft(kind="christmas"), 7, "2026", NOW)
    await requests.approve(first.reference, NOW, collect_text="Fredag kl. 14")
    await requests.mark_handed_over(first.reference, NOW)

    with pytest.raises(RequestRefused) as same_person:
        await requests.add_from_draft(draft(kind="christmas", phone=None), 7, "2026", NOW)
    assert same_person.value.blocked.refusal.reason == RefusalReason.SEASON_USED

    with pytest.raises(RequestRefused) as same_phone:
        await requests.add_from_draft(draft(kind="christmas"), 8, "2026", NOW)
    assert same_phone.value.blocked.existing.reference == first.reference
    assert await requests.seasonal_for_household("christmas", 8, MAJA_PHONE, "2026") is not None
    assert await requests.seasonal_for_household("christmas", 8, None, "2026") is None

    next_year, created = await requests.add_from_draft(draft(kind="christmas"), 7, "2027", NOW)
    assert created
    assert next_year.season == "2027"


async def test_decisions_follow_the_allowed_status_changes(
    requests: RequestRepository, db: Database
) -> None:
    day_id = await db.insert(
        "INSERT INTO dropoff_days (starts_at, ends_at, place, created_at, updated_at)"
        " VALUES (?, ?, 'Teglvænget 97', ?, ?)",
        (to_db(NOW), to_db(NOW + timedelta(hours=3)), to_db(NOW), to_db(NOW)),
    )
    request, _ = await requests.add_from_draft(draft(), 7, None, NOW)
    assert not await requests.mark_handed_over(request.reference, NOW)  # not approved yet
    assert await requests.approve(request.reference, NOW, dropoff_day_id=day_id)
    assert not await requests.approve(request.reference, NOW, dropoff_day_id=day_id)  # doubled
    assert not await requests.ask(request.reference, "Noget mere?", NOW)
    assert await requests.mark_handed_over(request.reference, NOW + timedelta(days=1))
    assert not await requests.decline(request.reference, NOW, text="for sent")
    assert not await requests.withdraw(request.reference, 7, NOW)

    handed = await requests.get(request.id)
    assert handed is not None
    assert (handed.status, handed.dropoff_day_id) == (RequestStatus.HANDED_OVER, day_id)
    assert handed.closed_at == handed.handed_over_at == NOW + timedelta(days=1)
    assert await requests.list_open() == []


async def test_declining_keeps_the_preset_reason_and_closes_the_request(
    requests: RequestRepository,
) -> None:
    request, _ = await requests.add_from_draft(draft(), 7, None, NOW)
    assert await requests.decline(request.reference, NOW, preset=1)
    declined = await requests.get(request.id)
    assert declined is not None
    assert (declined.status, declined.decline_preset) == (RequestStatus.DECLINED, 1)
    assert declined.is_closed and declined.closed_at == NOW


async def test_only_the_person_can_withdraw_their_request(requests: RequestRepository) -> None:
    request, _ = await requests.add_from_draft(draft(), 7, None, NOW)
    assert not await requests.withdraw(request.reference, 8, NOW)
    assert await requests.withdraw(request.reference, 7, NOW)
    assert await requests.open_for_user_and_kind(7, "clothes") is None


async def test_a_question_and_its_answer_are_relayed_by_reference(
    requests: RequestRepository,
) -> None:
    request, _ = await requests.add_from_draft(draft(), 7, None, NOW)
    assert await requests.ask("H-1001", "Hvor gammel er den mindste?", NOW)
    question = await requests.unanswered_question("h1001")
    assert question is not None
    assert (question.reference, question.question) == ("H-1001", "Hvor gammel er den mindste?")

    assert not await requests.answer("H-1001", 8, "Hun er 4", NOW)  # someone else
    assert await requests.answer("H-1001", 7, "Hun er 4", NOW + timedelta(hours=1))
    assert not await requests.answer("H-1001", 7, "Igen", NOW)  # nothing left to answer
    assert await requests.unanswered_question("H-1001") is None
    [answered] = await requests.questions("H-1001")
    assert (answered.answer, answered.answered_at) == ("Hun er 4", NOW + timedelta(hours=1))
    back = await requests.get(request.id)
    assert back is not None and back.status == RequestStatus.PENDING


async def test_a_persons_open_questions_are_the_latest_of_each_request_waiting_for_them(
    requests: RequestRepository,
) -> None:
    clothes, _ = await requests.add_from_draft(draft(), 7, None, NOW)
    toys, _ = await requests.add_from_draft(draft(kind="toys"), 7, None, NOW)
    others, _ = await requests.add_from_draft(draft(kind="shoes", phone=None), 8, None, NOW)
    await requests.ask(clothes.reference, "Hvilken størrelse?", NOW)
    await requests.ask(clothes.reference, "Og hvilken farve?", NOW + timedelta(minutes=1))
    await requests.ask(toys.reference, "Til en pige eller en dreng?", NOW + timedelta(minutes=2))
    await requests.ask(others.reference, "Hvor gammel?", NOW)
    waiting = await requests.open_questions_for_user(7)
    assert [(q.reference, q.question) for q in waiting] == [
        (clothes.reference, "Og hvilken farve?"),
        (toys.reference, "Til en pige eller en dreng?"),
    ]
    assert await requests.answer(toys.reference, 7, "En pige", NOW)
    assert [q.reference for q in await requests.open_questions_for_user(7)] == [clothes.reference]
    assert await requests.open_questions_for_user(12345) == []


async def test_open_requests_are_listed_oldest_first(requests: RequestRepository) -> None:
    later, _ = await requests.add_from_draft(draft(kind="toys"), 7, None, NOW)
    earlier, _ = await requests.add_from_draft(draft(), 8, None, NOW - timedelta(days=2))
    closed, _ = await requests.add_from_draft(draft(kind="shoes"), 9, None, NOW)
    await requests.withdraw(closed.reference, 9, NOW)
    assert [request.id for request in await requests.list_open()] == [earlier.id, later.id]
    assert [request.id for request in await requests.list_for_user(7)] == [later.id]


async def test_feedback_is_asked_once_and_kept_once(requests: RequestRepository) -> None:
    request, _ = await requests.add_from_draft(draft(), 7, None, NOW)
    await requests.approve(request.reference, NOW, collect_text="Lørdag kl. 10")
    assert await requests.due_for_feedback_question(NOW + timedelta(days=2)) == []
    await requests.mark_handed_over(request.reference, NOW)

    due = await requests.due_for_feedback_question(NOW + timedelta(days=1))
    assert [item.id for item in due] == [request.id]
    assert await requests.mark_feedback_asked(request.reference, NOW)
    assert not await requests.mark_feedback_asked(request.reference, NOW)
    assert await requests.due_for_feedback_question(NOW + timedelta(days=1)) == []

    assert not await requests.record_feedback(request.reference, 8, 5, None, NOW)
    assert await requests.record_feedback(request.reference, 7, 5, "Tak for jakken", NOW)
    assert not await requests.record_feedback(request.reference, 7, 1, "igen", NOW)
    kept = await requests.get(request.id)
    assert kept is not None
    assert (kept.feedback_score, kept.feedback_comment) == (5, "Tak for jakken")
    with pytest.raises(ValueError):
        await requests.record_feedback(request.reference, 7, 6, None, NOW)


async def test_export_holds_everything_stored_about_the_person(
    requests: RequestRepository,
) -> None:
    request, _ = await requests.add_from_draft(draft(), 7, None, NOW)
    await requests.add_from_draft(draft(), 8, None, NOW)  # someone else's
    await requests.ask(request.reference, "Hvilken farve?", NOW)
    await requests.answer(request.reference, 7, "Blå", NOW)

    exported = await requests.export_for_user(7)
    [item] = exported["help_requests"]
    assert item["reference"] == "H-1001"
    assert (item["phone"], item["needs"], item["postcode"]) == (MAJA_PHONE, MAJA_NEEDS, "7400")
    assert item["children"] == [{"age": 4, "size": "104"}, {"age": 9, "size": None}]
    assert item["referral_text"] == "Lone fra jobcentret"
    assert item["questions"][0]["question"] == "Hvilken farve?"
    assert item["questions"][0]["answer"] == "Blå"
    assert item["created_at"].startswith("2026-11-20T09:30")


async def test_erased_details_are_gone_from_the_database_file(
    requests: RequestRepository, db: Database
) -> None:
    request, _ = await requests.add_from_draft(draft(), 7, None, NOW)
    await requests.ask(request.reference, "Spørgsmål om Zelmiras jakke", NOW)
    await requests.answer(request.reference, 7, "Svar om Zelmiras jakke", NOW)
    secrets = [
        MAJA_PHONE.encode(),
        MAJA_PHONE[3:].encode(),
        MAJA_NEEDS.encode(),
        b"Zelmira",
        b"Lone fra jobcentret",
    ]
    before = await file_bytes(db)
    assert all(secret in before for secret in secrets)  # the check can see them at all

    assert await requests.erase_user(7, NOW) == ["H-1001"]

    after = await file_bytes(db)
    assert [secret for secret in secrets if secret in after] == []
    assert await requests.list_for_user(7) == []
    assert (await requests.export_for_user(7)) == {"help_requests": []}


async def test_erasure_keeps_the_counts_and_withdraws_what_was_open(
    requests: RequestRepository, db: Database
) -> None:
    handed, _ = await requests.add_from_draft(draft(kind="christmas"), 7, "2026", NOW)
    await requests.approve(handed.reference, NOW, collect_text="Fredag")
    await requests.mark_handed_over(handed.reference, NOW)
    await requests.record_feedback(handed.reference, 7, 4, "Dejligt", NOW)
    pending, _ = await requests.add_from_draft(draft(children=((3, "98"),)), 7, None, NOW)
    stats = (
        "SELECT kind, adults, children_count, feedback_score, season, created_at,"
        " handed_over_at FROM help_requests ORDER BY id"
    )
    counts_before = [tuple(row) for row in await db.fetchall(stats)]

    await requests.erase_user(7, NOW + timedelta(minutes=5))

    assert [tuple(row) for row in await db.fetchall(stats)] == counts_before
    erased = [await requests.get(handed.id), await requests.get(pending.id)]
    assert [request.status for request in erased if request] == [
        RequestStatus.HANDED_OVER,
        RequestStatus.WITHDRAWN,
    ]
    for request in erased:
        assert request is not None and request.is_anonymised
        assert (request.user_id, request.phone, request.needs, request.children) == (None,) * 4
        assert (request.postcode, request.referral_text, request.feedback_comment) == (None,) * 3
        assert request.referred_by == Referral.CASEWORKER


async def test_retention_anonymises_only_closed_requests_older_than_the_cutoff(
    requests: RequestRepository,
) -> None:
    old_closed, _ = await requests.add_from_draft(draft(), 7, None, NOW)
    await requests.decline(old_closed.reference, NOW, text="Vi har ikke vinterjakker")
    old_open, _ = await requests.add_from_draft(draft(kind="toys"), 7, None, NOW)
    recent_closed, _ = await requests.add_from_draft(draft(kind="shoes"), 7, None, NOW)
    await requests.withdraw(recent_closed.reference, 7, NOW + timedelta(days=100))

    cutoff = NOW + timedelta(days=1)
    later = NOW + timedelta(days=181)
    assert await requests.anonymise_closed_before(cutoff, later) == [old_closed.reference]
    assert await requests.anonymise_closed_before(cutoff, later) == []  # once

    gone = await requests.get(old_closed.id)
    assert gone is not None
    assert (gone.anonymised_at, gone.needs, gone.decline_text) == (later, None, None)
    assert gone.decline_preset is None and gone.status == RequestStatus.DECLINED
    for kept_id in (old_open.id, recent_closed.id):
        kept = await requests.get(kept_id)
        assert kept is not None and not kept.is_anonymised
        assert (kept.user_id, kept.needs) == (7, MAJA_NEEDS)
