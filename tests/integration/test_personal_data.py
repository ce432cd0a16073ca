"""One person's data across every table, on a real SQLite file: exported whole, erased for real."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import I18n
from domain.clock import to_db
from domain.request_draft import RequestDraft
from domain.requests import Referral
from handlers.privacy.export_texts import LABELS, readable
from storage.db import Database
from storage.outbox import NewMessage, OutboxRepository
from storage.persistence_store import PersistenceStore
from storage.personal_data import INTERNAL_FIELDS, PersonalData
from storage.requests import RequestRepository
from storage.subscriptions import SubscriptionRepository
from storage.users import UserRepository
from storage.volunteers import VolunteerRepository

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
MAJA = 7
OTHER = 8
PHONE = "+4520987654"
SECRETS = [PHONE.encode(), b"20987654", b"Zelmira", b"Rosenvej 12", b"Maja Hansen"]


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "t.sqlite3")
    await database.connect()
    yield database
    await database.close()


def draft(needs: str = "Vinterjakke til Zelmira på 7") -> RequestDraft:
    made = RequestDraft().with_consent(NOW).with_kind("toys", "none").with_adults(1)
    made = made.with_children_count(1).with_child_age(0, 7).with_needs(needs)
    made = made.with_postcode("7400").with_referral(Referral.SELF)
    return made.with_contact(PHONE)


async def add_offer(db: Database, donor_id: int) -> int:
    stamp = to_db(NOW)
    offer_id = await db.insert(
        "INSERT INTO offers (donor_id, category_key, description, quantity, condition, handover,"
        " pickup_address, pickup_postcode, phone, idempotency_key, created_at, updated_at)"
        " VALUES (?, 'furniture', 'Sofa fra Rosenvej 12', 1, 'good', 'pickup', 'Rosenvej 12',"
        " '7400', ?, ?, ?, ?)",
        (donor_id, PHONE, f"offer-{donor_id}", stamp, stamp),
    )
    assert offer_id is not None
    await db.execute(
        "INSERT INTO offer_photos (offer_id, position, file_id, file_unique_id, caption)"
        " VALUES (?, 1, 'photo-file', 'photo-unique', 'Jakken forfra')",
        (offer_id,),
    )
    return offer_id


async def maja_everywhere(db: Database) -> tuple[str, int]:
    """Maja asked for help, offered a sofa, volunteers, subscribes and is mid-conversation."""
    await UserRepository(db).seen(MAJA, "da", NOW)
    request, _ = await RequestRepository(db).add_from_draft(draft(), MAJA, None, NOW)
    offer_id = await add_offer(db, MAJA)
    volunteer, _ = await VolunteerRepository(db).register(
        user_id=MAJA, name="Maja Hansen", phone=PHONE, skills=["sorting"], consent_at=NOW, now=NOW
    )
    await SubscriptionRepository(db).subscribe(MAJA, "christmas", NOW)
    store = PersistenceStore(db)
    await store.save("user", str(MAJA), {"request_draft": {"answers": {"needs": "Zelmira"}}})
    await store.save("conv:request_help", json.dumps([MAJA, MAJA]), "needs")
    await store.save("conv:request_help", json.dumps([OTHER, OTHER]), "kind")
    await OutboxRepository(db).add_many(
        [
            NewMessage(MAJA, "sendMessage", {"text": "Godt nyt, Zelmira"}, "to-maja:1"),
            NewMessage(
                9001,
                "sendMessage",
                {"text": f"Ny: {PHONE}"},
                f"request:{request.reference}:new:9001",
            ),
            NewMessage(9001, "sendMessage", {"text": "Rosenvej 12"}, f"offer:{offer_id}:card:1"),
            NewMessage(9001, "sendMessage", {"text": "Maja Hansen"}, f"volunteer:{volunteer.id}:r"),
            NewMessage(9001, "sendMessage", {"text": "Kaffe"}, "announcement:1:9001"),
        ],
        NOW,
    )
    return request.reference, offer_id


async def file_bytes(db: Database) -> bytes:
    await db.checkpoint()
    wal = db.path.with_name(db.path.name + "-wal")
    return db.path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def test_the_export_holds_every_table_about_the_person_and_nothing_of_others(
    db: Database,
) -> None:
    reference, _ = await maja_everywhere(db)
    await RequestRepository(db).add_from_draft(draft("Andres ting"), OTHER, None, NOW)

    exported = await PersonalData(db).export(MAJA, NOW)

    assert exported["telegram_user_id"] == MAJA and exported["user"]["language"] == "da"
    assert [item["reference"] for item in exported["help_requests"]] == [reference]
    [offer] = exported["offers"]
    assert (offer["pickup_address"], offer["phone"]) == ("Rosenvej 12", PHONE)
    assert offer["photos"] == [{"position": 1, "caption": "Jakken forfra"}]
    volunteer = exported["volunteer"]
    assert (volunteer["name"], volunteer["skills"], volunteer["shifts"]) == (
        "Maja Hansen",
        ["sorting"],
        [],
    )
    assert [row["topic"] for row in exported["subscriptions"]] == ["christmas"]
    conversation = exported["conversation_data"]
    assert conversation["user_data"]["request_draft"]["answers"]["needs"] == "Zelmira"
    assert conversation["conversation_steps"] == {"request_help": "needs"}
    assert [message["text"] for message in exported["messages_to_you"]] == ["Godt nyt, Zelmira"]
    json.dumps(exported)  # all of it fits in the JSON file


def _keys(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in _keys(value)}
    if isinstance(data, list):
        return {key for item in data for key in _keys(item)}
    return set()


async def test_the_readable_file_has_a_label_for_every_key_and_no_internal_field(
    db: Database,
) -> None:
    await maja_everywhere(db)
    exported = await PersonalData(db).export(MAJA, NOW)
    conversation = exported.pop("conversation_data")  # the person's own answers, as they are
    keys = _keys(exported)
    assert keys & INTERNAL_FIELDS == set()
    assert "idempotency_key" not in json.dumps(exported)
    assert keys - set(LABELS) == set()  # every key has a translated label

    i18n = I18n(ZoneInfo("Europe/Copenhagen"))
    danish = readable(i18n("da"), {**exported, "conversation_data": conversation})
    assert {"Ønsker", "Tilbud", "Frivillig", "Nyheder, du får", "Dig"} <= set(danish)
    assert danish["Frivillig"]["Vagter"] == [] and danish["Dig"]["Sprog"] == "dansk"
    [offer] = danish["Tilbud"]
    assert offer["Status"].startswith("⏳")  # waiting for an answer, in words
    assert offer["Oprettet"] == "20.11.2026 10.30"  # local time, as a phone shows it
    english = readable(i18n("en"), exported)
    assert {"Requests", "Offers", "Volunteer", "News you get", "You"} <= set(english)
    assert english["Requests"][0]["Status"] == "waiting for an answer from us"


async def test_erasure_leaves_nothing_readable_and_keeps_the_anonymous_counts(
    db: Database,
) -> None:
    reference, offer_id = await maja_everywhere(db)
    before = await file_bytes(db)
    assert all(secret in before for secret in SECRETS)  # the check can see them at all

    erasure = await PersonalData(db).erase(MAJA, NOW + timedelta(minutes=1))

    assert erasure.request_references == (reference,)
    assert erasure.offer_ids == (offer_id,)
    assert erasure.messages_forgotten == 4  # about the request, offer, volunteer; to Maja
    after = await file_bytes(db)
    assert [secret for secret in SECRETS if secret in after] == []
    counts = await db.fetchall("SELECT kind, adults, children_count FROM help_requests")
    assert [tuple(row) for row in counts] == [("toys", 1, 1)]
    assert await db.fetchval("SELECT COUNT(*) FROM offers WHERE anonymised_at IS NOT NULL") == 1
    exported = await PersonalData(db).export(MAJA, NOW)
    assert exported["user"] is None and exported["help_requests"] == []
    assert exported["offers"] == [] and exported["volunteer"] is None
    assert exported["subscriptions"] == [] and exported["messages_to_you"] == []
    assert exported["conversation_data"] == {
        "user_data": {},
        "chat_data": {},
        "conversation_steps": {},
    }
    # Someone else's conversation and the admins' unrelated notices stay.
    assert await PersistenceStore(db).load("conv:request_help", json.dumps([OTHER, OTHER]))
    assert await OutboxRepository(db).get_by_dedup_key("announcement:1:9001") is not None


async def test_retention_and_erasure_forget_the_messages_about_a_request(db: Database) -> None:
    requests = RequestRepository(db)
    request, _ = await requests.add_from_draft(draft(), MAJA, None, NOW)
    other, _ = await requests.add_from_draft(draft(), OTHER, None, NOW)
    rows = [
        NewMessage(9001, "sendMessage", {"text": PHONE}, f"request:{request.reference}:new:chat"),
        NewMessage(MAJA, "sendMessage", {"text": "ok"}, f"request:{request.reference}:approved"),
        NewMessage(9001, "sendMessage", {"text": "x"}, f"request:{other.reference}:new:chat"),
    ]
    await OutboxRepository(db).add_many(rows, NOW)
    assert await requests.forget_messages_about([request.reference]) == 2
    assert await db.fetchval("SELECT COUNT(*) FROM outbox") == 1


async def test_feedback_words_are_kept_once_after_the_score(db: Database) -> None:
    requests = RequestRepository(db)
    request, _ = await requests.add_from_draft(draft(), MAJA, None, NOW)
    assert not await requests.add_feedback_comment(request.reference, MAJA, "Tak", NOW)
    await requests.approve(request.reference, NOW, collect_text="Fredag")
    await requests.mark_handed_over(request.reference, NOW)
    assert await requests.record_feedback(request.reference, MAJA, 5, None, NOW)
    assert not await requests.add_feedback_comment(request.reference, OTHER, "Hej", NOW)
    assert await requests.add_feedback_comment(request.reference, MAJA, "Tak for jakken", NOW)
    assert not await requests.add_feedback_comment(request.reference, MAJA, "Igen", NOW)
    stored = await requests.get(request.id)
    assert stored is not None and (stored.feedback_score, stored.feedback_comment) == (
        5,
        "Tak for jakken",
    )


async def test_erasure_forgets_the_boards_notices_naming_the_volunteer(db: Database) -> None:
    await maja_everywhere(db)
    volunteer = await VolunteerRepository(db).get_by_user(MAJA)
    assert volunteer is not None
    outbox = OutboxRepository(db)
    await outbox.add_many(
        [
            NewMessage(
                9001, "sendMessage", {"text": "Maja Hansen kan ikke"}, f"cant:3:{volunteer.id}:x"
            ),
            NewMessage(
                9001, "sendMessage", {"text": "Hvem kom? ❔ Maja Hansen"}, "attendance:3:chat"
            ),
            NewMessage(9001, "sendMessage", {"text": "Hvem kom? ❔ Ole"}, "attendance:4:chat"),
        ],
        NOW,
    )
    for key in ("attendance:3:chat", "attendance:4:chat"):
        row = await outbox.get_by_dedup_key(key)
        assert row is not None
        await outbox.mark_sent(row.id, 7, NOW)

    await PersonalData(db).erase(MAJA, NOW + timedelta(minutes=1))

    assert await outbox.get_by_dedup_key(f"cant:3:{volunteer.id}:x") is None
    kept = await outbox.get_by_dedup_key("attendance:3:chat")  # its key stops a second ask
    assert kept is not None and kept.payload["text"] == "[deleted]"
    other = await outbox.get_by_dedup_key("attendance:4:chat")
    assert other is not None and other.payload["text"] == "Hvem kom? ❔ Ole"
    assert b"Maja Hansen" not in await file_bytes(db)
