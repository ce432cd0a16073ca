"""The board's decisions on offers: the decision, its audit row and the donor's notice commit
together, or none of them does (a crash right after the first write)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.crash_points import CrashPointReached
from bot.services import Services
from domain.offer_draft import OfferDraft
from domain.offer_models import Offer
from domain.offers import Condition, OfferStatus
from handlers.offers import actions
from tests.integration.conftest import ACTION_NOW, table_counts

DONOR, ADMIN = 1001, 9001
WRITTEN = ("audit_log", "outbox")


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
