"""A donor's actions on offers: sending one stores it, its photos and the board's new-offer
cards together, and withdrawing it from /mine tells the admins in the same transaction; a crash
right after the first write leaves nothing half done."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.crash_points import CrashPointReached
from bot.services import Services
from domain.offer_draft import OfferDraft
from domain.offers import Condition, OfferStatus
from handlers.donate import actions
from tests.integration.conftest import table_counts
from tests.integration.test_offer_actions import ADMIN, DONOR, all_or_nothing, pending_offer


def draft_with_photos() -> OfferDraft:
    draft = (
        OfferDraft(
            category_key="furniture",
            description="Reol i eg, 180 cm høj",
            quantity=1,
            condition=Condition.LIKE_NEW,
            pickup_address="Hovedgaden 1",
            pickup_postcode="9800",
        )
        .with_pickup()
        .with_phone(None)
    )
    draft, _outcome = draft.add_photo("photo-1", "unique-1")
    draft, _outcome = draft.add_photo("photo-2", "unique-2")
    return draft.with_(photos_done=True)


async def test_sending_stores_the_offer_its_photos_and_the_boards_cards_together(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    draft = draft_with_photos()

    offer, created = await all_or_nothing(
        app_services,
        crash_at,
        "offer.sent",
        ("offers", "offer_photos", "outbox"),
        lambda: actions.send_offer(app_services, draft, DONOR, "Maja"),
    )

    assert created and offer.status is OfferStatus.PENDING
    assert len(await app_services.repos.offers.photos(offer.id)) == 2
    card = await app_services.outbox.get_by_dedup_key(f"offer:{offer.id}:card:new:{ADMIN}")
    album = await app_services.outbox.get_by_dedup_key(f"offer:{offer.id}:photos:{ADMIN}")
    assert card is not None and album is not None


async def test_sending_the_same_draft_again_stores_and_queues_nothing_new(
    app_services: Services,
) -> None:
    draft = draft_with_photos()
    first, created = await actions.send_offer(app_services, draft, DONOR, "Maja")
    assert created
    before = await table_counts(app_services, "offers", "offer_photos", "outbox")

    again, created = await actions.send_offer(app_services, draft, DONOR, "Maja")

    assert not created and again.id == first.id
    assert await table_counts(app_services, "offers", "offer_photos", "outbox") == before


async def test_withdrawing_changes_the_offer_and_tells_the_admins_together(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    offer = await pending_offer(app_services)
    key = f"offer:{offer.id}:withdrawn:{ADMIN}"  # to_admins: one row per admin

    crash_at("offer.withdrawn")
    with pytest.raises(CrashPointReached):
        await actions.withdraw_offer(app_services, offer, DONOR)
    still = await app_services.repos.offers.get(offer.id)
    assert still is not None and still.status is OfferStatus.PENDING
    assert await app_services.outbox.get_by_dedup_key(key) is None

    withdrawn = await actions.withdraw_offer(app_services, offer, DONOR)
    assert withdrawn is not None and withdrawn.status is OfferStatus.WITHDRAWN
    assert await app_services.outbox.get_by_dedup_key(key) is not None
    assert await actions.withdraw_offer(app_services, offer, DONOR) is None


async def test_only_the_donor_can_withdraw(app_services: Services) -> None:
    offer = await pending_offer(app_services)
    before = await table_counts(app_services, "outbox")

    assert await actions.withdraw_offer(app_services, offer, ADMIN) is None
    assert await table_counts(app_services, "outbox") == before
