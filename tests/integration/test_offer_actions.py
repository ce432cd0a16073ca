"""The board's actions on offers: a decision, a question to the donor, the donor's answer and
the »not now« list each commit with their audit row and notices, or none of it does (a crash
right after the first write)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

from bot.crash_points import CrashPointReached
from bot.services import Services
from domain.not_now import SetNotNow
from domain.offer_draft import OfferDraft
from domain.offer_models import Offer
from domain.offers import Condition, OfferStatus
from handlers.offers import actions
from tests.integration.conftest import ACTION_NOW, table_counts

DONOR, ADMIN = 1001, 9001
WRITTEN = ("audit_log", "outbox")
T = TypeVar("T")


async def all_or_nothing(
    services: Services,
    crash_at: Callable[[str], None],
    point: str,
    tables: tuple[str, ...],
    action: Callable[[], Awaitable[T]],
) -> T:
    """Crashes the action at its point (every table as before), then runs it again in full
    (every table has new rows); returns what the second run returned."""
    before = await table_counts(services, *tables)
    crash_at(point)
    with pytest.raises(CrashPointReached):
        await action()
    assert await table_counts(services, *tables) == before
    done = await action()
    after = await table_counts(services, *tables)
    assert all(after[table] > before[table] for table in tables), (before, after)
    return done


async def pending_offer(services: Services) -> Offer:
    draft = (
        OfferDraft(
            category_key="furniture",
            description="Sofa, grå, tre personer",
            quantity=1,
            condition=Condition.GOOD,
            photos_done=True,
            pickup_address="Hovedgaden 1",
            pickup_postcode="9800",
        )
        .with_pickup()
        .with_phone("+4529876543")
    )
    async with services.unit_of_work() as uow:
        offer, _created = await uow.offers.add_from_draft(draft, DONOR, ACTION_NOW)
    return offer


async def test_accepting_stores_the_decision_its_audit_row_and_the_donors_notice(
    app_services: Services,
) -> None:
    offer = await pending_offer(app_services)
    before = await table_counts(app_services, *WRITTEN)

    decided = await actions.accept_offer(app_services, offer, ADMIN, None)

    assert decided is not None and decided.status is OfferStatus.ACCEPTED
    after = await table_counts(app_services, *WRITTEN)
    assert after == {table: before[table] + 1 for table in WRITTEN}
    assert await app_services.outbox.get_by_dedup_key(f"offer:{offer.id}:decision") is not None


@pytest.mark.parametrize("decide", ["accept", "decline"])
async def test_a_crash_after_the_decision_is_written_leaves_nothing_half_done(
    app_services: Services, crash_at: Callable[[str], None], decide: str
) -> None:
    offer = await pending_offer(app_services)
    before = await table_counts(app_services, *WRITTEN)
    crash_at("offer.decided")

    with pytest.raises(CrashPointReached):
        if decide == "accept":
            await actions.accept_offer(app_services, offer, ADMIN, None)
        else:
            await actions.decline_offer(app_services, offer, ADMIN, 0, None)

    still = await app_services.repos.offers.get(offer.id)
    assert still is not None and still.status is OfferStatus.PENDING
    assert await table_counts(app_services, *WRITTEN) == before
    # Nothing was lost either: the same decision, made again, goes through in full.
    decided = await actions.decline_offer(app_services, offer, ADMIN, 0, None)
    assert decided is not None and decided.status is OfferStatus.DECLINED
    assert await app_services.outbox.get_by_dedup_key(f"offer:{offer.id}:decision") is not None


async def test_a_second_decision_changes_nothing(app_services: Services) -> None:
    offer = await pending_offer(app_services)
    assert await actions.accept_offer(app_services, offer, ADMIN, None) is not None
    before = await table_counts(app_services, *WRITTEN)

    assert await actions.decline_offer(app_services, offer, ADMIN, 0, None) is None
    assert await table_counts(app_services, *WRITTEN) == before


async def test_a_question_to_the_donor_is_stored_logged_and_queued_together(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    offer = await pending_offer(app_services)

    question = await all_or_nothing(
        app_services,
        crash_at,
        "offer.asked",
        ("offer_questions", *WRITTEN),
        lambda: actions.ask_donor(app_services, offer, ADMIN, "Er den hel?"),
    )

    assert question is not None and question.donor_id == DONOR
    key = f"offer:{offer.id}:question:{question.id}"
    assert await app_services.outbox.get_by_dedup_key(key) is not None


async def test_the_donors_answer_is_stored_and_passed_on_together(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    offer = await pending_offer(app_services)
    question = await actions.ask_donor(app_services, offer, ADMIN, "Er den hel?")
    assert question is not None

    with pytest.raises(CrashPointReached):
        crash_at("offer.answered")
        await actions.answer_question(app_services, question.id, DONOR, "Ja")
    still = await app_services.repos.offers.get_question(question.id)
    assert still is not None and not still.answered
    key = f"offer:{offer.id}:answer:{question.id}:{ADMIN}"  # to_admins: one row per admin
    assert await app_services.outbox.get_by_dedup_key(key) is None

    answered = await actions.answer_question(app_services, question.id, DONOR, "Ja")
    assert answered is not None and answered.answer == "Ja"
    assert await app_services.outbox.get_by_dedup_key(key) is not None
    # Answered once: a second answer changes nothing.
    assert await actions.answer_question(app_services, question.id, DONOR, "Nej") is None


async def test_not_now_changes_are_logged_with_the_list(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    pause = SetNotNow("furniture", "Ingen sofaer", "No sofas", None)

    entry = await all_or_nothing(
        app_services,
        crash_at,
        "notnow.changed",
        ("not_now_categories", "audit_log"),
        lambda: actions.pause_category(app_services, ADMIN, pause),
    )
    assert entry.category_key == "furniture"

    audit_before = await table_counts(app_services, "audit_log")
    crash_at("notnow.changed")
    with pytest.raises(CrashPointReached):
        await actions.take_category_again(app_services, ADMIN, "furniture")
    assert len(await app_services.repos.not_now.list_all()) == 1
    assert await table_counts(app_services, "audit_log") == audit_before

    assert await actions.take_category_again(app_services, ADMIN, "furniture")
    assert await app_services.repos.not_now.list_all() == []
    assert await table_counts(app_services, "audit_log") == {
        "audit_log": audit_before["audit_log"] + 1
    }
    assert not await actions.take_category_again(app_services, ADMIN, "furniture")
