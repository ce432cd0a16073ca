"""What a donor does that changes records, each in one transaction with its notices: sending an
offer (the offer, its photos and the board's new-offer cards), withdrawing it from /mine, and
asking for news of drop-off days.

No Telegram here: an action takes the services and plain values, and returns what the handler
needs to render. A crash anywhere inside leaves everything as it was, or all of it changed
(storage/unit_of_work.py).
"""

from __future__ import annotations

from bot.crash_points import crash_point
from bot.services import Services
from domain.offer_draft import OfferDraft
from domain.offer_models import Offer
from handlers.donate.texts import withdrawn_for_admins
from handlers.matching.texts import not_coming_for_family
from handlers.offers.cards import donor_of
from handlers.offers.notices import announce_new_offer
from storage.request_privacy import message_key_prefix


async def send_offer(
    services: Services, draft: OfferDraft, donor: int, first_name: str | None
) -> tuple[Offer, bool]:
    """Stores the draft as a pending offer with its photos and queues the board's new-offer
    cards; (offer, created). The same draft again returns the offer stored the first time
    (created False) and queues no card twice (dedup keys). Raises DropoffDayUnavailable when
    the chosen day is no longer open (then nothing is stored)."""
    async with services.unit_of_work() as uow:
        offer, created = await uow.offers.add_from_draft(draft, donor, services.clock.now())
        crash_point("offer.sent")
        # The first name comes from this update: we do not store it.
        card_donor = await donor_of(services, offer, None, first_name=first_name)
        await announce_new_offer(services, offer, card_donor)
    return offer, created


async def withdraw_offer(services: Services, offer: Offer, donor: int) -> Offer | None:
    """Withdraws the donor's own pending offer and tells the admins; None when it can no longer
    be withdrawn (decided meanwhile, or not theirs)."""
    async with services.unit_of_work() as uow:
        if not await uow.offers.withdraw(offer.id, donor, services.clock.now()):
            return None
        crash_point("offer.withdrawn")
        # What was set aside from it for families is not coming: their needs are open again
        # (to match other offers), and each family is told, in the same commit.
        released = await uow.needs.release_offer(offer.id)
        references = sorted({need.reference for need in released})
        await services.notifier.to_admins(
            lambda t: (withdrawn_for_admins(offer.reference, t, references), None),
            dedup_key=f"offer:{offer.id}:withdrawn",
        )
        for need in released:
            request = await uow.requests.get(need.request_id)
            if request is not None and request.user_id is not None and request.is_open:
                await services.notifier.send_to_user(
                    request.user_id,
                    not_coming_for_family(services.organisation, offer),
                    dedup_key=message_key_prefix(request.reference) + f"not_coming:{need.id}",
                )
        withdrawn = await uow.offers.get(offer.id)
    return withdrawn


async def subscribe_to_dropoff_days(services: Services, user_id: int) -> bool:
    """A message when we plan a drop-off day, only when the person asked; True when new."""
    async with services.unit_of_work() as uow:
        return await uow.subscriptions.subscribe(user_id, "dropoff", services.clock.now())
