"""What volunteering changes, each in one transaction with its audit row and notices.

No Telegram here: an action takes the services and plain values and returns what the handler
needs to render. A crash anywhere inside leaves the volunteer, the audit log and the outbox as
they were, or all changed together (storage/unit_of_work.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.crash_points import crash_point
from bot.services import Services
from domain.volunteers import Decision, Registration, Volunteer
from handlers.volunteers.notices import send_request, tell_volunteer


async def register_volunteer(
    services: Services, user_id: int, name: str, phone: str, skills: Sequence[str]
) -> tuple[Volunteer, Registration]:
    """Stores the form with the person's consent (now) and, for a new or resubmitted request,
    queues it to the board."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        volunteer, outcome = await uow.volunteers.register(
            user_id=user_id, name=name, phone=phone, skills=skills, consent_at=now, now=now
        )
        crash_point("volunteer.registered")
        if outcome is not Registration.UPDATED:
            await send_request(services, volunteer)
    return volunteer, outcome


async def decide_volunteer(
    services: Services, volunteer_id: int, admin: int, approve: bool
) -> Decision | None:
    """Approves or declines a pending request, logs it and queues the volunteer's answer.

    None for an unknown volunteer; Decision(changed=False) when someone decided first (then
    nothing is written).
    """
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        decide = uow.volunteers.approve if approve else uow.volunteers.decline
        decision = await decide(volunteer_id, admin, now)
        if decision is None or not decision.changed:
            return decision
        crash_point("volunteer.decided")
        action = "volunteer.approve" if approve else "volunteer.decline"
        await uow.audit.record(admin, action, now, subject=f"volunteer:{volunteer_id}")
        await tell_volunteer(services, decision.volunteer)
    return decision
