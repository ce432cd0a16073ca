"""Changing and cancelling a drop-off day: the day, the notices to its volunteers (with a new
calendar file) and its donors, and the audit row commit together, or none of them does (a crash
right after the first write); then the same action goes through in full."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from bot.crash_points import CrashPointReached
from bot.services import Services
from domain.days import DayStatus, DropoffDay
from handlers.dropoff import actions
from tests.integration.conftest import ACTION_NOW, table_counts

ADMIN = 9001
H = timedelta(hours=1)
WRITTEN = ("audit_log", "outbox")


async def day_with_a_volunteer(services: Services) -> DropoffDay:
    async with services.unit_of_work() as uow:
        day = await uow.days.create(
            starts_at=ACTION_NOW + 72 * H,
            ends_at=ACTION_NOW + 75 * H,
            place="Teglvænget 97",
            volunteers_needed=2,
            created_by=ADMIN,
            now=ACTION_NOW,
        )
        volunteer, _ = await uow.volunteers.register(
            user_id=1,
            name="Anna",
            phone="+4520304050",
            skills=[],
            consent_at=ACTION_NOW,
            now=ACTION_NOW,
        )
        await uow.volunteers.approve(volunteer.id, ADMIN, ACTION_NOW)
        await uow.shifts.sign_up(day.id, volunteer.id, ACTION_NOW)
    return day


async def test_a_crash_after_moving_a_day_leaves_it_where_it_was_and_nobody_told(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    day = await day_with_a_volunteer(app_services)
    before = await table_counts(app_services, *WRITTEN)
    later = day.starts_at + H
    crash_at("day.changed")

    with pytest.raises(CrashPointReached):
        await actions.change_day(app_services, day, ADMIN, starts_at=later, ends_at=later + 3 * H)

    assert await app_services.repos.days.get(day.id) == day
    assert await table_counts(app_services, *WRITTEN) == before
    after, told = await actions.change_day(
        app_services, day, ADMIN, starts_at=later, ends_at=later + 3 * H
    )
    assert after is not None and (after.starts_at, after.version) == (later, day.version + 1)
    assert told == (1, 0)
    # The audit row; the volunteer's notice and their updated calendar file.
    assert await table_counts(app_services, *WRITTEN) == {
        "audit_log": before["audit_log"] + 1,
        "outbox": before["outbox"] + 2,
    }


async def test_a_change_that_changes_nothing_writes_nothing(app_services: Services) -> None:
    day = await day_with_a_volunteer(app_services)
    before = await table_counts(app_services, *WRITTEN)
    after, told = await actions.change_day(app_services, day, ADMIN, place=day.place)
    assert after == day and told == (0, 0)
    assert await table_counts(app_services, *WRITTEN) == before


async def test_a_crash_after_cancelling_a_day_leaves_it_planned_and_nobody_told(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    day = await day_with_a_volunteer(app_services)
    before = await table_counts(app_services, *WRITTEN)
    crash_at("day.cancelled")

    with pytest.raises(CrashPointReached):
        await actions.cancel_day(app_services, day.id, ADMIN)

    still = await app_services.repos.days.get(day.id)
    assert still is not None and still.status is DayStatus.PLANNED
    assert await table_counts(app_services, *WRITTEN) == before
    cancelled, told = await actions.cancel_day(app_services, day.id, ADMIN)
    assert cancelled is not None and cancelled.status is DayStatus.CANCELLED
    assert told == (1, 0)
    assert await table_counts(app_services, *WRITTEN) == {
        "audit_log": before["audit_log"] + 1,
        "outbox": before["outbox"] + 2,  # the notice and the cancelling calendar file
    }
    # Cancelled once: a second press tells nobody again.
    assert await actions.cancel_day(app_services, day.id, ADMIN) == (None, (0, 0))
    assert await table_counts(app_services, *WRITTEN) == {
        "audit_log": before["audit_log"] + 1,
        "outbox": before["outbox"] + 2,
    }
