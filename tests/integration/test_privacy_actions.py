"""/deletedata: every table about the person, and the notices it causes, in one transaction. A
crash right after the first write leaves all of the person's data; done again, it all goes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.crash_points import CrashPointReached
from bot.services import Services
from handlers.privacy import actions
from tests.integration.conftest import table_counts
from tests.integration.test_personal_data import MAJA, maja_everywhere

PERSONAL = ("users", "subscriptions", "outbox", "ptb_persistence", "offer_photos")


async def test_a_crash_after_the_first_erasure_write_leaves_the_persons_data_whole(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    reference, offer_id = await maja_everywhere(app_services.db)
    before = await table_counts(app_services, *PERSONAL)
    exported = await app_services.repos.personal_data.export(MAJA, app_services.clock.now())
    crash_at("person.erased")

    with pytest.raises(CrashPointReached):
        await actions.erase_person(app_services, MAJA)

    assert await table_counts(app_services, *PERSONAL) == before
    request = await app_services.repos.requests.get_by_reference(reference)
    assert request is not None and request.user_id == MAJA and not request.is_anonymised
    still = await app_services.repos.personal_data.export(MAJA, app_services.clock.now())
    assert {key: value for key, value in still.items() if key != "exported_at"} == {
        key: value for key, value in exported.items() if key != "exported_at"
    }

    # Asked again, the erasure goes through in full.
    erased = await actions.erase_person(app_services, MAJA)

    assert erased.erasure.request_references == (reference,)
    assert erased.erasure.offer_ids == (offer_id,)
    gone = await app_services.repos.personal_data.export(MAJA, app_services.clock.now())
    assert gone["user"] is None and gone["help_requests"] == [] and gone["offers"] == []
    assert gone["volunteer"] is None and gone["subscriptions"] == []
    assert gone["messages_to_you"] == []


async def test_retention_anonymises_and_forgets_the_messages_in_one_go(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    reference, _offer_id = await maja_everywhere(app_services.db)
    request = await app_services.repos.requests.get_by_reference(reference)
    assert request is not None
    async with app_services.unit_of_work() as uow:
        assert await uow.requests.decline(reference, app_services.clock.now(), text="Nej")
    outbox = await table_counts(app_services, "outbox")
    cutoff = app_services.clock.now().replace(year=2030)
    crash_at("requests.anonymised")

    with pytest.raises(CrashPointReached):
        await actions.apply_retention(app_services, cutoff)

    kept = await app_services.repos.requests.get(request.id)
    assert kept is not None and not kept.is_anonymised
    assert await table_counts(app_services, "outbox") == outbox
    assert await actions.apply_retention(app_services, cutoff) == [reference]
    assert await table_counts(app_services, "outbox") == {"outbox": outbox["outbox"] - 1}


async def test_erasure_deletes_the_persons_write_to_us_conversation(app_services: Services) -> None:
    from domain.inbox import Incoming, MessageKind, ThreadRole

    now = app_services.clock.now()
    async with app_services.unit_of_work() as uow:
        thread = await uow.threads.open_for(MAJA, "Maja", ThreadRole.FAMILY, now)
        await uow.threads.add_message(
            thread, Incoming(MessageKind.TEXT, "Hvornår?", f"{MAJA}:1"), MAJA, False, now
        )
    assert await table_counts(app_services, "threads", "thread_messages") == {
        "threads": 1,
        "thread_messages": 1,
    }

    await actions.erase_person(app_services, MAJA)

    assert await table_counts(app_services, "threads", "thread_messages") == {
        "threads": 0,
        "thread_messages": 0,
    }


async def test_erasure_and_retention_also_forget_the_relayed_copies_in_the_outbox(
    app_services: Services,
) -> None:
    """The outbox rows that passed a Write to us message on to the board hold its text."""
    from datetime import timedelta

    from domain.inbox import Incoming, MessageKind
    from handlers.inbox import actions as inbox

    await inbox.relay_to_board(
        app_services, MAJA, "Maja", Incoming(MessageKind.TEXT, "Hvornår?", f"{MAJA}:1")
    )
    other = MAJA + 1
    relayed = await inbox.relay_to_board(
        app_services, other, "Ole", Incoming(MessageKind.TEXT, "Tak!", f"{other}:1")
    )
    assert relayed is not None
    keys = "SELECT COUNT(*) FROM outbox WHERE dedup_key LIKE 'inbox:%'"
    before = await app_services.db.fetchval(keys)
    assert before >= 2

    await actions.erase_person(app_services, MAJA)

    assert await app_services.db.fetchval(keys) == before / 2
    await inbox.close_thread(app_services, relayed.thread, 9001)
    await app_services.repos.threads.forget_closed_before(
        app_services.clock.now() + timedelta(days=1)
    )
    assert await app_services.db.fetchval(keys) == 0


async def test_erasure_clears_the_childs_size_and_age_from_the_requests_needs(
    app_services: Services,
) -> None:
    from handlers.requests import actions as requests
    from tests.integration.test_personal_data import draft

    await requests.send_request(app_services, draft(), MAJA, None)
    ages = "SELECT child_age FROM needs"
    assert [row[0] for row in await app_services.db.fetchall(ages)] == [7]

    await actions.erase_person(app_services, MAJA)

    assert [row[0] for row in await app_services.db.fetchall(ages)] == [None]


async def test_the_boards_copies_are_edited_through_the_outbox_in_the_erasures_transaction(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    import json

    from tests.integration.test_personal_data import PHONE

    reference, _offer_id = await maja_everywhere(app_services.db)
    outbox = app_services.repos.outbox
    shown = {}  # the copies to the board, as Telegram took them (with their message ids)
    for number, key in enumerate(
        [f"request:{reference}:new:9001", "offer:1:card:1", "volunteer:1:r", "to-maja:1"], 100
    ):
        row = await outbox.get_by_dedup_key(key)
        assert row is not None
        await outbox.mark_sent(row.id, number, app_services.clock.now())
        shown[key] = number
    edits = "SELECT chat_id, payload FROM outbox WHERE method = 'editMessageText' ORDER BY id"
    crash_at("person.erased")

    with pytest.raises(CrashPointReached):
        await actions.erase_person(app_services, MAJA)
    assert await app_services.db.fetchall(edits) == []  # nothing queued without the erasure

    await actions.erase_person(app_services, MAJA)

    queued = {
        json.loads(row["payload"])["message_id"]: (row["chat_id"], json.loads(row["payload"]))
        for row in await app_services.db.fetchall(edits)
    }
    assert set(queued) == {100, 101, 102}  # not the message in Maja's own chat (103)
    assert queued[101][1]["text"] == "G-1001: [slettet]"
    assert queued[102][1]["text"] == "[slettet]"
    assert "oplysningerne er slettet" in queued[100][1]["text"]
    assert all(chat == 9001 for chat, _payload in queued.values())
    everything = json.dumps([payload for _chat, payload in queued.values()], ensure_ascii=False)
    assert all(secret not in everything for secret in (PHONE, "Maja Hansen", "Rosenvej 12"))
    assert await outbox.get_by_dedup_key("announcement:1:9001") is not None  # not about Maja

    again = await actions.erase_person(app_services, MAJA)  # the press handled again
    assert len(await app_services.db.fetchall(edits)) == 3 and again.appointments == ()
