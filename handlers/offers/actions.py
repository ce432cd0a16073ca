"""What the board does to an offer, and the donor's answer to the board's question, each in one
transaction with its audit row and notices: accepting, declining, asking the donor, the donor's
answer, and the »not now« categories (/notnow).

No Telegram here: an action takes the services and plain values, and returns what the handler
needs to render. A crash anywhere inside leaves the offer, the audit log and the outbox as they
were before, or all changed together (storage/unit_of_work.py).
"""

from __future__ import annotations

from bot.crash_points import crash_point
from bot.keyboards import with_write_to_us
from bot.services import Services
from domain.days import DropoffDay
from domain.not_now import SetNotNow
from domain.offer_models import NotNow, Offer, OfferQuestion
from domain.offers import Handover
from handlers.offers.notices import relay_answer, send_question
from handlers.offers.texts import accepted_for_donor, decline_reason, declined_for_donor


async def accept_offer(
    services: Services, offer: Offer, admin: int, day: DropoffDay | None
) -> Offer | None:
    """Accepts (for a day, or pickup), logs it and queues the donor's notice; None if the offer
    was decided otherwise already. The same admin's same decision again (a press handled again
    after a crash, or pressed twice) returns the offer as decided, changing nothing."""
    now = services.clock.now()
    day_id = day.id if day else None
    async with services.unit_of_work() as uow:
        if not await uow.offers.accept(offer.id, admin, now, day_id):
            stored = await uow.offers.get(offer.id)
            return stored if stored is not None and stored.accepted_so(admin, day_id) else None
        crash_point("offer.decided")
        details = f"day:{day.id}" if day else Handover.PICKUP.value
        await uow.audit.record(admin, "offer.accept", now, offer.reference, details)
        decided = await uow.offers.get(offer.id)
        assert decided is not None
        if decided.donor_id is not None:
            await services.notifier.send_to_user(
                decided.donor_id,
                lambda t: (
                    accepted_for_donor(decided, day, services.organisation, t),
                    with_write_to_us(t),
                ),
                dedup_key=f"offer:{offer.id}:decision",
            )
    return decided


async def decline_offer(
    services: Services, offer: Offer, admin: int, preset: int | None, typed: str | None
) -> Offer | None:
    """Declines (a preset reason or a typed one), logs it and queues the donor's notice; None if
    the offer was decided otherwise already (the same decision again: see accept_offer)."""
    now = services.clock.now()
    organisation = services.organisation
    async with services.unit_of_work() as uow:
        if not await uow.offers.decline(offer.id, admin, now, preset=preset, text=typed):
            stored = await uow.offers.get(offer.id)
            return (
                stored if stored is not None and stored.declined_so(admin, preset, typed) else None
            )
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
                    with_write_to_us(t),
                ),
                dedup_key=f"offer:{offer.id}:decision",
            )
    return decided


async def ask_donor(
    services: Services, offer: Offer, admin: int, question: str
) -> OfferQuestion | None:
    """Stores the admin's question, logs it and queues it to the donor; None when the offer is
    closed or its donor erased (nobody to ask)."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        asked = await uow.offers.add_question(offer.id, admin, question, now)
        if asked is None:
            return None
        crash_point("offer.asked")
        await uow.audit.record(admin, "offer.ask", now, offer.reference, f"question:{asked.id}")
        await send_question(services, asked)
    return asked


async def answer_question(
    services: Services, question_id: int, donor: int, answer: str
) -> OfferQuestion | None:
    """Stores the donor's answer and queues it to the admins; None when it is not their
    question or was answered already."""
    async with services.unit_of_work() as uow:
        answered = await uow.offers.answer_question(
            question_id, donor, answer, services.clock.now()
        )
        if answered is None:
            return None
        crash_point("offer.answered")
        await relay_answer(services, answered)
    return answered


async def pause_category(services: Services, admin: int, command: SetNotNow) -> NotNow:
    """Puts a category on the »not now« list (or changes its reason and end) and logs it."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        entry = await uow.not_now.set(
            command.category_key, command.reason_da, command.reason_en, command.until, admin, now
        )
        crash_point("notnow.changed")
        await uow.audit.record(
            admin, "notnow.set", now, command.category_key, str(command.until or "")
        )
    return entry


async def take_category_again(services: Services, admin: int, category_key: str) -> bool:
    """Takes a category off the »not now« list and logs it; False when it was not on it."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        if not await uow.not_now.clear(category_key):
            return False
        crash_point("notnow.changed")
        await uow.audit.record(admin, "notnow.clear", now, category_key)
    return True
