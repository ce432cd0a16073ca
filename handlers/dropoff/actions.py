"""What managing drop-off days changes, each in one transaction with its audit row and its
outbox notices: a new day, a new plan (and the days it makes), a stopped plan, a day moved or
given a new place, a day cancelled (everyone on it and every donor booked on it is told).

No Telegram here: an action takes the services and plain values and returns what the handler
needs to render. A crash anywhere inside leaves the days, the audit log and the outbox as they
were, or all changed together (storage/unit_of_work.py).
"""

from __future__ import annotations

from datetime import datetime

from bot.crash_points import crash_point
from bot.services import Services
from domain.days import DropoffDay, DropoffPlan
from domain.dropoff import DayDraft, PlanRule
from handlers.dropoff.notices import tell_day_cancelled, tell_day_changed

Told = tuple[int, int]  # how many volunteers and donors are told


async def create_day(services: Services, draft: DayDraft, by: int) -> tuple[DropoffDay, bool]:
    """Stores a checked day (no place: the profile's address) and logs it; (the existing day,
    False) when a planned day already starts then."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        day, made = await uow.days.create_from_draft(draft, services.organisation.address, by, now)
        if made:
            crash_point("day.created")
            await uow.audit.record(by, "dropoff.create", now, subject=f"day:{day.id}")
    return day, made


async def create_plan(
    services: Services, rule: PlanRule, by: int
) -> tuple[DropoffPlan, list[DropoffDay]]:
    """Stores a repeating plan, logs it and makes the coming days of the active plans."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        plan = await uow.plans.create(
            rule, default_place=services.organisation.address, created_by=by, now=now
        )
        crash_point("plan.created")
        await uow.audit.record(by, "plan.create", now, subject=f"plan:{plan.id}")
        created = await uow.plans.roll_forward(services.settings.zone, now)
    return plan, created


async def stop_plan(services: Services, plan_id: int, by: int) -> bool:
    """Stops a plan (its days stay) and logs it; False when it was stopped already."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        if not await uow.plans.stop(plan_id, now):
            return False
        crash_point("plan.stopped")
        await uow.audit.record(by, "plan.stop", now, subject=f"plan:{plan_id}")
    return True


async def change_day(
    services: Services,
    day: DropoffDay,
    by: int,
    *,
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
    place: str | None = None,
) -> tuple[DropoffDay | None, Told]:
    """Moves the day or changes its place, tells its volunteers (with a new calendar file) and
    its donors, and logs it.

    Returns the day after (None when cancelled or gone; the same version when nothing
    differed, and then nobody is told) and how many are told.
    """
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        after = await uow.days.update(
            day.id, now=now, starts_at=starts_at, ends_at=ends_at, place=place
        )
        if after is None or after.version == day.version:
            return after, (0, 0)
        crash_point("day.changed")
        told = await tell_day_changed(services, day, after)
        await uow.audit.record(by, "dropoff.change", now, subject=f"day:{day.id}")
    return after, told


async def cancel_day(services: Services, day_id: int, by: int) -> tuple[DropoffDay | None, Told]:
    """Cancels a planned day once, tells everyone on it and every donor booked on it, and logs
    it; (None, (0, 0)) when it was cancelled already."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        cancelled = await uow.days.cancel(day_id, now)
        if cancelled is None:
            return None, (0, 0)
        crash_point("day.cancelled")
        told = await tell_day_cancelled(services, cancelled)
        await uow.audit.record(by, "dropoff.cancel", now, subject=f"day:{day_id}")
    return cancelled, told
