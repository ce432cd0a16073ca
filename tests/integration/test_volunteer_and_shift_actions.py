"""Volunteer approval and shift actions: the change, its audit row and its notices commit
together, or none of them does (a crash right after the first write); then the same action goes
through in full."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.crash_points import CrashPointReached
from bot.services import Services
from domain.days import DropoffDay
from domain.shifts import LeaveOutcome, SignupStatus
from domain.volunteers import Registration, Volunteer, VolunteerStatus
from handlers.shifts import actions as shift_actions
from handlers.volunteers import actions as volunteer_actions
from tests.integration.conftest import ACTION_NOW, table_counts

ADMIN = 9001
H = timedelta(hours=1)
WRITTEN = ("audit_log", "outbox")


async def new_day(services: Services, needed: int = 1) -> DropoffDay:
    async with services.unit_of_work() as uow:
        return await uow.days.create(
            starts_at=ACTION_NOW + 72 * H,
            ends_at=ACTION_NOW + 75 * H,
            place="Teglvænget 97",
            volunteers_needed=needed,
            created_by=ADMIN,
            now=ACTION_NOW,
        )


async def pending_volunteer(services: Services, user_id: int) -> Volunteer:
    async with services.unit_of_work() as uow:
        volunteer, _ = await uow.volunteers.register(
            user_id=user_id,
            name=f"Frivillig {user_id}",
            phone="+4520304050",
            skills=[],
            consent_at=ACTION_NOW,
            now=ACTION_NOW,
        )
    return volunteer


async def approved_volunteer(services: Services, user_id: int) -> Volunteer:
    volunteer = await pending_volunteer(services, user_id)
    async with services.unit_of_work() as uow:
        decision = await uow.volunteers.approve(volunteer.id, ADMIN, ACTION_NOW)
    assert decision is not None
    return decision.volunteer


async def test_a_crash_after_registering_leaves_no_volunteer_and_no_request(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    before = await table_counts(app_services, "volunteers", "outbox")
    crash_at("volunteer.registered")

    with pytest.raises(CrashPointReached):
        await volunteer_actions.register_volunteer(app_services, 11, "Mette", "+4520304050", [])

    assert await table_counts(app_services, "volunteers", "outbox") == before
    volunteer, outcome = await volunteer_actions.register_volunteer(
        app_services, 11, "Mette", "+4520304050", []
    )
    assert outcome is Registration.NEW and volunteer.status is VolunteerStatus.PENDING
    after = await table_counts(app_services, "volunteers", "outbox")
    assert after["volunteers"] == before["volunteers"] + 1
    assert after["outbox"] > before["outbox"]  # the request to the board


async def test_a_crash_after_approving_leaves_the_request_pending_and_nothing_sent(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    volunteer = await pending_volunteer(app_services, 12)
    before = await table_counts(app_services, *WRITTEN)
    crash_at("volunteer.decided")

    with pytest.raises(CrashPointReached):
        await volunteer_actions.decide_volunteer(app_services, volunteer.id, ADMIN, approve=True)

    still = await app_services.repos.volunteers.get(volunteer.id)
    assert still is not None and still.status is VolunteerStatus.PENDING
    assert await table_counts(app_services, *WRITTEN) == before
    # Nothing was lost either: the same decision, made again, goes through in full.
    decision = await volunteer_actions.decide_volunteer(
        app_services, volunteer.id, ADMIN, approve=True
    )
    assert decision is not None and decision.changed
    assert decision.volunteer.status is VolunteerStatus.APPROVED
    assert await table_counts(app_services, *WRITTEN) == {t: before[t] + 1 for t in WRITTEN}
    # A second press changes nothing and writes nothing.
    again = await volunteer_actions.decide_volunteer(
        app_services, volunteer.id, ADMIN, approve=False
    )
    assert again is not None and not again.changed
    assert await table_counts(app_services, *WRITTEN) == {t: before[t] + 1 for t in WRITTEN}


async def test_a_crash_after_leaving_keeps_the_place_and_the_waitlist_as_they_were(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    day = await new_day(app_services, needed=1)
    anna, bent = (
        await approved_volunteer(app_services, 1),
        await approved_volunteer(app_services, 2),
    )
    async with app_services.unit_of_work() as uow:
        await uow.shifts.sign_up(day.id, anna.id, ACTION_NOW)
        await uow.shifts.sign_up(day.id, bent.id, ACTION_NOW)
    before = await table_counts(app_services, "shift_signups", "outbox")
    crash_at("shift.left")

    with pytest.raises(CrashPointReached):
        await shift_actions.leave_shift(app_services, anna, day.id)

    roster = await app_services.repos.shifts.roster(day.id)
    assert [(e.user_id, e.status) for e in roster] == [
        (1, SignupStatus.CONFIRMED),
        (2, SignupStatus.WAITLISTED),
    ]
    assert await table_counts(app_services, "shift_signups", "outbox") == before
    # Then it goes through: Anna is off, Bent has her place and is told (with a calendar file).
    left = await shift_actions.leave_shift(app_services, anna, day.id)
    assert left.outcome is LeaveOutcome.LEFT_SHIFT
    assert [p.user_id for p in left.promoted] == [2]
    roster = await app_services.repos.shifts.roster(day.id)
    assert [(e.user_id, e.status) for e in roster] == [(2, SignupStatus.CONFIRMED)]
    after = await table_counts(app_services, "outbox")
    assert after["outbox"] == before["outbox"] + 2  # "a place opened up" and the .ics
    keys = await app_services.db.fetchall("SELECT dedup_key FROM outbox")
    assert any(str(row["dedup_key"]).endswith(":promoted") for row in keys)


async def test_a_crash_after_taking_a_place_leaves_no_place_and_no_calendar_file(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    day = await new_day(app_services, needed=1)
    anna = await approved_volunteer(app_services, 1)
    before = await table_counts(app_services, "shift_signups", "outbox")
    t = app_services.i18n("da")
    crash_at("shift.taken")

    with pytest.raises(CrashPointReached):
        await shift_actions.take_shift(app_services, t, anna, day.id)

    assert await table_counts(app_services, "shift_signups", "outbox") == before
    result, _day = await shift_actions.take_shift(app_services, t, anna, day.id)
    assert result.status is SignupStatus.CONFIRMED
    after = await table_counts(app_services, "shift_signups", "outbox")
    assert after == {"shift_signups": before["shift_signups"] + 1, "outbox": before["outbox"] + 1}
