"""Setting an offered thing aside for a family's need: one press, one transaction.

The reservation, the need marked met (source 'matching'), the audit row, the family's notice
(what was found, when and where to collect) and the donor's thanks commit together, or none
of them: a crash half way leaves the need open and nothing queued. The donor is thanked once
per offer (one dedup_key), however many of its items go to families.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.crash_points import crash_point
from bot.services import Services
from domain.matching import collection_day
from domain.offer_models import Offer
from domain.request_models import HelpRequest
from domain.requests import RequestStatus
from handlers.matching.texts import found_for_family, thanks_to_donor
from storage.request_privacy import message_key_prefix

logger = logging.getLogger(__name__)

UPCOMING_DAYS = 20  # coming drop-off days looked through for a collection day


@dataclass(frozen=True)
class Reserved:
    offer: Offer
    request: HelpRequest


async def reserve(services: Services, offer_id: int, need_id: int, admin: int) -> Reserved | None:
    """Sets the offer's items aside for the need and tells the family and the donor; None when
    the need is met or cancelled, its request closed, or the offer not accepted or taken."""
    now = services.clock.now()
    organisation = services.organisation
    async with services.unit_of_work() as uow:
        reservation = await uow.needs.reserve(offer_id, need_id, admin, now)
        if reservation is None:
            return None
        crash_point("match.reserved")
        offer = await uow.offers.get(offer_id)
        request = await uow.requests.get(reservation.request_id)
        assert offer is not None and request is not None
        await uow.audit.record(
            admin,
            "match.reserve",
            now,
            subject=request.reference,
            details=f"offer:{offer.reference} need:{need_id} quantity:{reservation.quantity}",
        )
        request_day = await uow.days.get(request.dropoff_day_id) if request.dropoff_day_id else None
        offer_day = await uow.days.get(offer.accepted_day_id) if offer.accepted_day_id else None
        upcoming = await uow.days.upcoming(now, limit=UPCOMING_DAYS)
        day = collection_day(request_day, offer_day, offer.received_at is not None, upcoming, now)
        waiting = request.status in (RequestStatus.PENDING, RequestStatus.NEEDS_INFO)
        # Telling the family when and where to collect is what approving says: a request
        # still waiting is approved for that day (its card gets the 📦 button that closes
        # it). The found notice below is the family's one message about it.
        if (
            day is not None
            and waiting
            and await uow.requests.approve(request.reference, now, dropoff_day_id=day.id)
        ):
            await uow.audit.record(
                admin,
                "request.approve",
                now,
                subject=request.reference,
                details=f"day:{day.id} match:{offer.reference}",
            )
        if request.user_id is not None:
            await services.notifier.send_to_user(
                request.user_id,
                found_for_family(organisation, request, offer, day),
                dedup_key=message_key_prefix(request.reference) + f"found:{need_id}",
            )
        if offer.donor_id is not None:
            await services.notifier.send_to_user(
                offer.donor_id,
                thanks_to_donor(organisation, offer),
                dedup_key=f"offer:{offer.id}:thanks",
            )
        fresh = await uow.requests.get(request.id)
        assert fresh is not None
    logger.info("Offer %s set aside for %s (need %s)", offer.reference, request.reference, need_id)
    return Reserved(offer, fresh)
