"""Erasure and retention, each in one transaction: every table, and the notices it causes.

No Telegram here. /deletedata erases the person's rows in every table (storage/personal_data.py)
and queues the notices to whoever moved up from a waitlist in their place, in one unit of work:
a crash anywhere inside leaves the person's data whole and nobody told, or all of it done. The
caller then drops PTB's in-memory copies, checkpoints the WAL (so no old page copy stays
readable in the -wal file) and blanks the admins' cards (Bot API calls, after the commit).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.crash_points import crash_point
from bot.services import Services
from handlers.requests.board_cards import shown_cards
from handlers.shifts.messages import tell_promoted
from storage.personal_data import Erasure


@dataclass(frozen=True)
class Erased:
    """What erase_person did, and the admins' cards that still show the person's requests:
    (chat id, message id, reference)."""

    erasure: Erasure
    cards: tuple[tuple[int, int, str], ...]


async def erase_person(services: Services, user_id: int) -> Erased:
    """Erases the person's details everywhere; counts stay, without names."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        # The cards are found by their outbox rows, which the erasure deletes: look first.
        cards = [
            (chat_id, message_id, request.reference)
            for request in await uow.requests.list_for_user(user_id)
            for chat_id, message_id, _t in await shown_cards(services, request.reference)
        ]
        references, forgotten = await uow.personal_data.erase_requests(user_id, now)
        crash_point("person.erased")
        erasure = await uow.personal_data.erase_the_rest(user_id, now, references, forgotten)
        await uow.threads.erase_person(user_id)  # »Write to us«: the whole conversation goes
        await tell_promoted(services, erasure.volunteer_promotions)
    return Erased(erasure, tuple(cards))


async def apply_retention(services: Services, cutoff: datetime) -> list[str]:
    """Closed requests older than the cutoff lose their personal details, the messages about
    them go, and so do closed »Write to us« conversations; returns the requests' references."""
    async with services.unit_of_work() as uow:
        references = await uow.requests.anonymise_closed_before(cutoff, services.clock.now())
        if references:
            crash_point("requests.anonymised")
            await uow.requests.forget_messages_about(references)
        await uow.threads.forget_closed_before(cutoff)  # closed »Write to us« conversations
    return references
