"""Drop-off days and repeating plans in a real SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from domain.days import DropoffDay
from domain.dropoff import DayDraft, PlanRule, parse_plan_rule
from storage.db import Database
from storage.dropoff_days import DropoffDayRepository
from storage.plans import PlanRepository

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)
ADDRESS = "Teglvænget 97, 7400 Herning"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "t.sqlite3")
    await database.connect()
    yield database
    await database.close()


async def make_day(days: DropoffDayRepository, start: datetime, hours: int = 3) -> DropoffDay:
    return await days.create(
        starts_at=start,
        ends_at=start + hours * H,
        place=ADDRESS,
        volunteers_needed=4,
        created_by=1,
        now=NOW,
    )


async def test_created_day_reads_back_with_aware_utc_times(db: Database) -> None:
    days = DropoffDayRepository(db)
    day = await make_day(days, datetime(2026, 12, 6, 9, tzinfo=UTC))
    assert await days.get(day.id) == day
    assert day.starts_at == datetime(2026, 12, 6, 9, tzinfo=UTC)
    assert (day.status, day.version, day.duration) == ("planned", 1, 3 * H)


async def test_draft_without_place_gets_the_profile_address(db: Database) -> None:
    draft = DayDraft(NOW + 24 * H, NOW + 27 * H, 2, None)
    day, _made = await DropoffDayRepository(db).create_from_draft(draft, ADDRESS, 1, NOW)
    assert day.place == ADDRESS


async def test_same_start_twice_gives_back_the_existing_day(db: Database) -> None:
    days = DropoffDayRepository(db)
    draft = DayDraft(NOW + 24 * H, NOW + 27 * H, 2, None)
    first, made = await days.create_from_draft(draft, ADDRESS, 1, NOW)
    again, made_again = await days.create_from_draft(draft, ADDRESS, 1, NOW)
    assert (made, made_again, again.id) == (True, False, first.id)
    await days.cancel(first.id, NOW)
    _new, made_after_cancel = await days.create_from_draft(draft, ADDRESS, 1, NOW)
    assert made_after_cancel


async def test_plan_takes_over_a_hand_made_day_at_the_same_time(db: Database) -> None:
    days, plans = DropoffDayRepository(db), PlanRepository(db)
    start = datetime(2026, 12, 12, 10, tzinfo=CPH)
    by_hand = await make_day(days, start)
    plan = await plans.create(saturdays(), default_place=ADDRESS, created_by=1, now=NOW)
    created = await plans.roll_forward(CPH, NOW)
    assert by_hand.id not in [day.id for day in created] and len(created) == 3
    assert by_hand.id in [day.id for day in await days.list_by_plan(plan.id)]
    assert len(await days.between(NOW, NOW + 90 * 24 * H)) == 4
    assert await plans.roll_forward(CPH, NOW) == []


async def test_upcoming_lists_planned_days_not_yet_ended_soonest_first(db: Database) -> None:
    days = DropoffDayRepository(db)
    later = await make_day(days, NOW + 48 * H)
    ongoing = await make_day(days, NOW - H)
    await make_day(days, NOW - 10 * H)  # over
    cancelled = await make_day(days, NOW + 24 * H)
    await days.cancel(cancelled.id, NOW)
    assert [day.id for day in await days.upcoming(NOW)] == [ongoing.id, later.id]
    assert [day.id for day in await days.upcoming(NOW, limit=1)] == [ongoing.id]


async def test_moving_a_day_bumps_its_version_once(db: Database) -> None:
    days = DropoffDayRepository(db)
    day = await make_day(days, NOW + 24 * H)
    moved = await days.update(day.id, starts_at=NOW + 25 * H, ends_at=NOW + 28 * H, now=NOW)
    assert moved is not None and moved.version == 2 and moved.starts_at == NOW + 25 * H
    same = await days.update(day.id, place=ADDRESS, now=NOW)
    assert same is not None and same.version == 2
    placed = await days.update(day.id, place="Kirkesalen", now=NOW)
    assert placed is not None and (placed.version, placed.place) == (3, "Kirkesalen")


async def test_update_refuses_an_end_before_the_start(db: Database) -> None:
    days = DropoffDayRepository(db)
    day = await make_day(days, NOW + 24 * H)
    with pytest.raises(ValueError):
        await days.update(day.id, ends_at=NOW + 23 * H, now=NOW)


async def test_cancel_happens_once_and_a_cancelled_day_cannot_be_edited(db: Database) -> None:
    days = DropoffDayRepository(db)
    day = await make_day(days, NOW + 24 * H)
    cancelled = await days.cancel(day.id, NOW)
    assert cancelled is not None and cancelled.cancelled and cancelled.version == 2
    assert await days.cancel(day.id, NOW) is None  # a second admin's press tells no one again
    assert await days.update(day.id, place="x", now=NOW) is None
    assert await days.cancel(999, NOW) is None


async def test_on_date_uses_the_local_calendar_day(db: Database) -> None:
    days = DropoffDayRepository(db)
    just_after_midnight = await make_day(days, datetime(2026, 12, 5, 23, 30, tzinfo=UTC))
    await make_day(days, datetime(2026, 12, 5, 22, 30, tzinfo=UTC))  # 23:30 on the 5th
    found = await days.on_date(date(2026, 12, 6), CPH)
    assert [day.id for day in found] == [just_after_midnight.id]


def saturdays() -> PlanRule:
    rule = parse_plan_rule("2. og 4. lørdag, 10-13, 4 frivillige")
    assert isinstance(rule, PlanRule)
    return rule


async def test_plan_creates_days_ahead_and_running_again_adds_none(db: Database) -> None:
    plans = PlanRepository(db)
    plan = await plans.create(saturdays(), default_place=ADDRESS, created_by=1, now=NOW)
    assert (plan.weeks, plan.start_time, plan.place) == ((2, 4), time(10), ADDRESS)
    created = await plans.roll_forward(CPH, NOW)
    local = [day.starts_at.astimezone(CPH) for day in created]
    assert [moment.date() for moment in local] == [
        date(2026, 11, 28),
        date(2026, 12, 12),
        date(2026, 12, 26),
        date(2027, 1, 9),
    ]
    assert all(moment.time() == time(10) for moment in local)
    assert all(day.plan_id == plan.id and day.volunteers_needed == 4 for day in created)
    assert await plans.roll_forward(CPH, NOW) == []
    assert len(await DropoffDayRepository(db).list_by_plan(plan.id)) == 4


async def test_plan_keeps_going_as_time_passes(db: Database) -> None:
    plans = PlanRepository(db)
    await plans.create(saturdays(), default_place=ADDRESS, created_by=1, now=NOW)
    await plans.roll_forward(CPH, NOW)
    week_later = await plans.roll_forward(CPH, NOW + 14 * 24 * H)
    assert [day.starts_at.astimezone(CPH).date() for day in week_later] == [date(2027, 1, 23)]


async def test_plan_day_moved_or_cancelled_by_an_admin_is_not_made_again(db: Database) -> None:
    plans, days = PlanRepository(db), DropoffDayRepository(db)
    plan = await plans.create(saturdays(), default_place=ADDRESS, created_by=1, now=NOW)
    first, second, *_ = await plans.roll_forward(CPH, NOW)
    await days.update(first.id, starts_at=first.starts_at + H, ends_at=first.ends_at + H, now=NOW)
    await days.cancel(second.id, NOW)
    assert await plans.roll_forward(CPH, NOW) == []
    assert len(await days.list_by_plan(plan.id)) == 4


async def test_stopped_plan_makes_no_new_days(db: Database) -> None:
    plans = PlanRepository(db)
    plan = await plans.create(saturdays(), default_place=ADDRESS, created_by=1, now=NOW)
    assert await plans.stop(plan.id, NOW) is True
    assert await plans.stop(plan.id, NOW) is False
    assert await plans.roll_forward(CPH, NOW) == []
    assert await plans.list_active() == []


async def test_plan_days_over_the_autumn_change_stay_at_ten_local(db: Database) -> None:
    plans = PlanRepository(db)
    rule = parse_plan_rule("sidste søndag 10-13 2")
    assert isinstance(rule, PlanRule)
    await plans.create(rule, default_place=ADDRESS, created_by=1, now=NOW, weeks_ahead=10)
    september = datetime(2027, 9, 1, 8, tzinfo=UTC)
    created = await plans.roll_forward(CPH, september)
    assert [day.starts_at.hour for day in created] == [
        8,
        9,
    ]  # 26 Sep (summer); 31 Oct, the change day itself (winter)
    assert {day.starts_at.astimezone(CPH).hour for day in created} == {10}
