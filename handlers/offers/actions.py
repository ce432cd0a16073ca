"""What the board does to an offer, each in one transaction with its audit row and notices.

No Telegram here: an action takes the services and plain values, and returns what the handler
needs to render. A crash anywhere inside leaves the offer, the audit log and the outbox as they
were before, or all changed together (storage/unit_of_work.py).
"""

from __future__ import annotations

from bot.crash_points import crash_point
from bot.services import Services
from domain.days import DropoffDay
from domain.offer_models import Offer
from domain.offers import Handover
from handlers.offers.texts import accepted_for_donor, decline_reason, declined_for_donor


async def accept_offer(
    services: Services, offer: Offer, admin: int, day: DropoffDay | None
) -> Offer | None:
    """Accepts (for a day, or pickup), logs it and queues the donor's notice; None if the offer
    was decided already."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        if not await uow.offers.accept(offer.id, admin, now, day.id if day else None):
            return None
        crash_point("offer.decided")
        details = f"day:{day.id}" if day else Handover.PICKUP.value
        await uow.audit.record(admin, "offer.accept", now, offer.reference, details)
        decided = await uow.offers.get(offer.id)
        assert decided is not None
        if decided.donor_id is not None:
            await services.notifier.send_to_user(
                decided.donor_id,
                lambda t: (accepted_for_donor(decided, day, services.organisation, t), None),
                dedup_key=f"offer:{offer.id}:decision",
            )
    return decided


async def decline_offer(
    services: Services, offer: Offer, admin: int, preset: int | None, typed: str | None
) -> Offer | None:
    """Declines (a preset reason or a typed one), logs it and queues the donor's notice; None if
    the offer was decided already."""
    now = services.clock.now()
    organisation = services.organisation
    async with services.unit_of_work() as uow:
        if not await uow.offers.decline(offer.id, admin, now, preset=preset, text=typed):
            return None
        crash_point("offer.decided")
        details = f"preset:{preset}" if preset is not None else "typed"
        await uow.audit.record(admin, "offer.decline", now, offer.reference, details)
        decided = await uow.offers.get(offer.id)
        assert decided is not None
        if decided.donor_id is not None:
            await services.notifier.send_to_user(
                decided.donor_id,
                lambda t: (
                    declined_for_donor(
                        decided, decline_reason(decided, organisation, t), organisation, t
                    ),
                    None,
                ),
                dedup_key=f"offer:{offer.id}:decision",
            )
    return decided
