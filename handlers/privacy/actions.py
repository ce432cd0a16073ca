"""Erasure and retention, each in one transaction: every table, and the notices it causes.

No Telegram here. /deletedata erases the person's rows in every table (storage/personal_data.py)
and, in the same unit of work, queues the notices it causes: to whoever moved up from a
waitlist in their place, the edits that blank the board's copies of the person's details
(admin_copies.py), and a word to the board about each pickup appointment that went. A crash
anywhere inside leaves the person's data whole and nobody told, or all of it done (the outbox
then does the edits after a restart). The caller drops PTB's in-memory copies and checkpoints
the WAL (so no old page copy stays readable in the -wal file).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.crash_points import crash_point
from bot.services import Services
from domain.days import DropoffDay
from domain.requests import RequestStatus
from handlers.privacy.admin_copies import appointment_gone, blanking
from handlers.shifts.messages import tell_promoted
from storage.personal_data import Erasure


@dataclass(frozen=True)
class Appointment:
    """An approved request's time to collect: a drop-off day, or a time the board typed."""

    reference: str
    day: DropoffDay | None
    typed: str | None


@dataclass(frozen=True)
class Erased:
    """What erase_person did, and the pickup appointments it cancelled."""

    erasure: Erasure
    appointments: tuple[Appointment, ...]


async def appointments_of(services: Services, user_id: int) -> list[Appointment]:
    """The person's approved requests with a time to collect their things."""
    repos = services.repos
    found = []
    for request in await repos.requests.list_for_user(user_id):
        if request.status is not RequestStatus.APPROVED:
            continue
        day = await repos.days.get(request.dropoff_day_id) if request.dropoff_day_id else None
        if day is not None or request.collect_text:
            found.append(Appointment(request.reference, day, request.collect_text))
    return found


async def erase_person(services: Services, user_id: int) -> Erased:
    """Erases the person's details everywhere; counts stay, without names."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        # Where the board's copies are, and the appointments, are read first: the erasure
        # deletes the rows that say so.
        copies = await uow.personal_data.copies_elsewhere(user_id)
        appointments = await appointments_of(services, user_id)
        references, forgotten = await uow.personal_data.erase_requests(user_id, now)
        crash_point("person.erased")
        erasure = await uow.personal_data.erase_the_rest(user_id, now, references, forgotten)
        await uow.threads.erase_person(user_id)  # »Write to us«: the whole conversation goes
        await tell_promoted(services, erasure.volunteer_promotions)
        await services.notifier.queue(await blanking(services, copies, now))
        for appointment in appointments:
            await services.notifier.to_admins(
                appointment_gone(appointment.reference, appointment.day),
                dedup_key=f"erase:{appointment.reference}:appointment",
            )
    crash_point("person.erased_all")  # committed; the edits are left to the outbox
    return Erased(erasure, tuple(appointments))


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
