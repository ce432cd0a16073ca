"""Volunteers, shift places, the waitlist, attendance, reminders and alerts in real SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.days import DropoffDay
from domain.shift_reminders import due_reminders
from domain.shifts import AttendanceOutcome, LeaveOutcome, SignUpOutcome
from domain.volunteers import Registration
from storage.db import Database
from storage.dropoff_days import DropoffDayRepository
from storage.shift_notices import ShiftNoticeRepository
from storage.shifts import ShiftRepository
from storage.volunteers import VolunteerRepository

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
H = timedelta(hours=1)
ADMIN = 99


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "t.sqlite3")
    await database.connect()
    yield database
    await database.close()


async def new_day(db: Database, needed: int = 2, start: datetime = NOW + 72 * H) -> DropoffDay:
    return await DropoffDayRepository(db).create(
        starts_at=start,
        ends_at=start + 3 * H,
        place="Teglvænget 97",
        volunteers_needed=needed,
        created_by=ADMIN,
        now=NOW,
    )


async def approved(db: Database, user_id: int, name: str = "") -> int:
    volunteers = VolunteerRepository(db)
    volunteer, _ = await volunteers.register(
        user_id=user_id,
        name=name or f"Frivillig {user_id}",
        phone=f"+45 20 00 00 {user_id:02d}",
        skills=["sortering"],
        consent_at=NOW,
        now=NOW,
    )
    await volunteers.approve(volunteer.id, ADMIN, NOW)
    return volunteer.id


async def test_new_volunteer_waits_for_approval_and_cannot_take_shifts(db: Database) -> None:
    volunteers, shifts = VolunteerRepository(db), ShiftRepository(db)
    volunteer, outcome = await volunteers.register(
        user_id=11,
        name=" Mette ",
        phone="+4520304050",
        skills=["sortering", "kørsel", "sortering", " "],
        consent_at=NOW,
        now=NOW,
    )
    assert outcome is Registration.NEW and volunteer.status == "pending"
    assert (volunteer.name, volunteer.skills) == ("Mette", ("sortering", "kørsel"))
    assert [v.id for v in await volunteers.list_pending()] == [volunteer.id]
    day = await new_day(db)
    assert (await shifts.sign_up(day.id, volunteer.id, NOW)).outcome is SignUpOutcome.NOT_APPROVED


async def test_first_admin_decides_and_the_second_is_told(db: Database) -> None:
    volunteers = VolunteerRepository(db)
    volunteer, _ = await volunteers.register(
        user_id=12, name="Ole", phone="+4520304051", skills=[], consent_at=NOW, now=NOW
    )
    first = await volunteers.approve(volunteer.id, ADMIN, NOW)
    second = await volunteers.decline(volunteer.id, ADMIN + 1, NOW)
    assert first is not None and first.changed and first.volunteer.status == "approved"
    assert second is not None and not second.changed and second.volunteer.status == "approved"
    assert await volunteers.approve(12345, ADMIN, NOW) is None
    assert [v.user_id for v in await volunteers.list_approved()] == [12]


async def test_declined_volunteer_who_registers_again_is_pending_again(db: Database) -> None:
    volunteers = VolunteerRepository(db)
    volunteer, _ = await volunteers.register(
        user_id=13, name="Bo", phone="+4520304052", skills=[], consent_at=NOW, now=NOW
    )
    await volunteers.decline(volunteer.id, ADMIN, NOW)
    again, outcome = await volunteers.register(
        user_id=13, name="Bo B", phone="+4520304052", skills=[], consent_at=NOW, now=NOW
    )
    assert outcome is Registration.RESUBMITTED
    assert (again.id, again.status, again.decided_by) == (volunteer.id, "pending", None)


async def test_third_volunteer_goes_on_waitlist_and_moves_up_when_one_leaves(db: Database) -> None:
    shifts = ShiftRepository(db)
    day = await new_day(db, needed=2)
    anna, bent, carl = [await approved(db, uid) for uid in (1, 2, 3)]
    first = await shifts.sign_up(day.id, anna, NOW)
    assert first.outcome is SignUpOutcome.CONFIRMED and first.places is not None
    assert (first.places.taken, first.places.free) == (1, 1)  # "1 af 2 pladser ledige"
    assert (await shifts.sign_up(day.id, bent, NOW)).outcome is SignUpOutcome.CONFIRMED
    third = await shifts.sign_up(day.id, carl, NOW + H)
    assert (third.outcome, third.position) == (SignUpOutcome.WAITLISTED, 1)
    again = await shifts.sign_up(day.id, carl, NOW + H)
    assert (again.outcome, again.position) == (SignUpOutcome.ALREADY_WAITLISTED, 1)

    left = await shifts.leave(day.id, anna, NOW + 2 * H)
    assert left.outcome is LeaveOutcome.LEFT_SHIFT
    assert [(p.volunteer_id, p.user_id) for p in left.promoted] == [(carl, 3)]
    staffing = await shifts.staffing(day.id, carl)
    assert staffing is not None and staffing.my_status == "confirmed"
    assert (staffing.places.taken, staffing.places.waitlisted) == (2, 0)


async def test_sign_up_ids_are_never_given_again_after_leaving(db: Database) -> None:
    shifts = ShiftRepository(db)
    day = await new_day(db, needed=1)
    anna, bent = [await approved(db, uid) for uid in (1, 2)]
    seen: list[int] = []
    for hour in (1, 2):  # the same take, wait, leave, leave twice
        await shifts.sign_up(day.id, anna, NOW + hour * H)
        await shifts.sign_up(day.id, bent, NOW + hour * H)
        (moved,) = (await shifts.leave(day.id, anna, NOW + hour * H)).promoted
        seen.append(moved.signup_id)
        await shifts.leave(day.id, bent, NOW + hour * H)
    assert seen[0] != seen[1]


async def test_waitlist_moves_up_in_sign_up_order(db: Database) -> None:
    shifts = ShiftRepository(db)
    day = await new_day(db, needed=1)
    ids = [await approved(db, uid) for uid in (1, 2, 3, 4)]
    for minute, volunteer_id in enumerate(ids):
        await shifts.sign_up(day.id, volunteer_id, NOW + timedelta(minutes=minute))
    last = await shifts.staffing(day.id, ids[3])
    assert last is not None and last.my_position == 3  # "du er nummer 3 på ventelisten"
    await shifts.leave(day.id, ids[0], NOW + H)
    roster = await shifts.roster(day.id)
    assert [(e.volunteer_id, e.status, e.position) for e in roster] == [
        (ids[1], "confirmed", None),
        (ids[2], "waitlisted", 1),
        (ids[3], "waitlisted", 2),
    ]
    promoted = await shifts.set_volunteers_needed(day.id, 3, NOW + H)
    assert promoted is not None and [p.volunteer_id for p in promoted] == [ids[2], ids[3]]


async def test_leaving_the_waitlist_just_leaves_it(db: Database) -> None:
    shifts = ShiftRepository(db)
    day = await new_day(db, needed=1)
    anna, bent = await approved(db, 1), await approved(db, 2)
    await shifts.sign_up(day.id, anna, NOW)
    await shifts.sign_up(day.id, bent, NOW)
    left = await shifts.leave(day.id, bent, NOW)
    assert (left.outcome, left.promoted) == (LeaveOutcome.LEFT_WAITLIST, ())
    assert (await shifts.leave(day.id, bent, NOW)).outcome is LeaveOutcome.NOT_SIGNED_UP
    assert await shifts.user_ids_on(day.id) == [1]


async def test_new_volunteer_does_not_jump_the_waitlist_when_a_place_opens(db: Database) -> None:
    shifts = ShiftRepository(db)
    day = await new_day(db, needed=1)
    anna, bent, carl = [await approved(db, uid) for uid in (1, 2, 3)]
    await shifts.sign_up(day.id, anna, NOW)
    await shifts.sign_up(day.id, bent, NOW)
    await db.execute("UPDATE dropoff_days SET volunteers_needed = 2 WHERE id = ?", (day.id,))
    assert (await shifts.sign_up(day.id, carl, NOW)).outcome is SignUpOutcome.WAITLISTED


async def test_two_volunteers_pressing_the_last_place_at_once_exactly_one_gets_it(
    db: Database,
) -> None:
    shifts = ShiftRepository(db)
    day = await new_day(db, needed=3)
    first, second = await approved(db, 1), await approved(db, 2)
    await shifts.sign_up(day.id, first, NOW)
    await shifts.sign_up(day.id, second, NOW)
    racers = [await approved(db, uid) for uid in range(10, 16)]
    results = await asyncio.gather(*(shifts.sign_up(day.id, v, NOW) for v in racers))
    outcomes = [result.outcome for result in results]
    assert outcomes.count(SignUpOutcome.CONFIRMED) == 1
    assert outcomes.count(SignUpOutcome.WAITLISTED) == 5
    assert sorted(r.position for r in results if r.position) == [1, 2, 3, 4, 5]
    places = await shifts.places(day.id)
    assert places is not None and (places.taken, places.waitlisted) == (3, 5)


async def test_last_place_race_over_two_connections_to_the_same_file(tmp_path: Path) -> None:
    one, two = Database(tmp_path / "t.sqlite3"), Database(tmp_path / "t.sqlite3")
    await one.connect()
    await two.connect()
    try:
        day = await new_day(one, needed=1)
        anna, bent = await approved(one, 1), await approved(one, 2)
        results = await asyncio.gather(
            ShiftRepository(one).sign_up(day.id, anna, NOW),
            ShiftRepository(two).sign_up(day.id, bent, NOW),
        )
        assert sorted(r.outcome for r in results) == [
            SignUpOutcome.CONFIRMED,
            SignUpOutcome.WAITLISTED,
        ]
    finally:
        await one.close()
        await two.close()


async def test_cancelled_or_started_day_takes_no_sign_ups_or_leaving(db: Database) -> None:
    shifts, days = ShiftRepository(db), DropoffDayRepository(db)
    anna = await approved(db, 1)
    started = await new_day(db, start=NOW - H)
    cancelled = await new_day(db)
    await days.cancel(cancelled.id, NOW)
    assert (await shifts.sign_up(started.id, anna, NOW)).outcome is SignUpOutcome.DAY_STARTED
    assert (await shifts.sign_up(cancelled.id, anna, NOW)).outcome is SignUpOutcome.DAY_CANCELLED
    assert (await shifts.sign_up(404, anna, NOW)).outcome is SignUpOutcome.NO_SUCH_DAY
    soon = await new_day(db, start=NOW + H)
    await shifts.sign_up(soon.id, anna, NOW)
    assert (await shifts.leave(soon.id, anna, NOW + 2 * H)).outcome is LeaveOutcome.DAY_STARTED


async def test_leaving_a_cancelled_day_says_it_was_cancelled(db: Database) -> None:
    shifts, days = ShiftRepository(db), DropoffDayRepository(db)
    anna = await approved(db, 1)
    day = await new_day(db)
    await shifts.sign_up(day.id, anna, NOW)
    await days.cancel(day.id, NOW)
    assert (await shifts.leave(day.id, anna, NOW)).outcome is LeaveOutcome.DAY_CANCELLED


async def test_roster_has_names_and_phones_for_the_admin(db: Database) -> None:
    shifts = ShiftRepository(db)
    day = await new_day(db)
    await shifts.sign_up(day.id, await approved(db, 1, "Anna"), NOW)
    (entry,) = await shifts.roster(day.id)
    assert (entry.name, entry.phone, entry.user_id) == ("Anna", "+45 20 00 00 01", 1)


async def test_attendance_gives_hours_only_for_those_who_came(db: Database) -> None:
    shifts = ShiftRepository(db)
    day = await new_day(db, start=NOW + 24 * H)
    anna, bent, carl = [await approved(db, uid) for uid in (1, 2, 3)]
    for volunteer_id in (anna, bent, carl):
        await shifts.sign_up(day.id, volunteer_id, NOW)
    assert (
        await shifts.mark_attendance(day.id, anna, True, ADMIN, NOW)
        is AttendanceOutcome.NOT_STARTED
    )
    after = NOW + 28 * H
    assert await shifts.days_to_mark(after) == [await DropoffDayRepository(db).get(day.id)]
    assert (
        await shifts.mark_attendance(day.id, anna, True, ADMIN, after) is AttendanceOutcome.MARKED
    )
    await shifts.mark_attendance(day.id, bent, False, ADMIN, after)
    assert (
        await shifts.mark_attendance(day.id, carl, True, ADMIN, after)
        is AttendanceOutcome.NOT_ON_SHIFT
    )
    hours = await shifts.hours(anna)
    assert (hours.shifts_attended, hours.hours) == (1, 3.0)
    assert (await shifts.hours(bent)).shifts_attended == 0
    assert await shifts.shifts_of(anna, after) == []
    (past,) = await shifts.shifts_of(anna, after, include_past=True)
    assert (past.status, past.attended) == ("confirmed", True)


async def test_short_staffed_day_is_announced_once_to_those_not_on_it(db: Database) -> None:
    shifts, notices = ShiftRepository(db), ShiftNoticeRepository(db)
    soon = await new_day(db, needed=2, start=NOW + 30 * H)
    await new_day(db, needed=2, start=NOW + 60 * H)  # not yet within 48 hours
    anna, bent = await approved(db, 1), await approved(db, 2)
    await shifts.sign_up(soon.id, anna, NOW)
    (short,) = await notices.short_staffed(NOW)
    assert (short.day.id, short.places.free) == (soon.id, 1)
    assert [v.id for v in await notices.volunteers_not_on(soon.id)] == [bent]
    async with db.transaction():  # with the outbox rows, in the handler
        assert await notices.claim_short_staffed_alert(soon.id, soon.starts_at, NOW)
    assert not await notices.claim_short_staffed_alert(soon.id, soon.starts_at, NOW)
    assert await notices.short_staffed(NOW) == []
    await shifts.sign_up(soon.id, bent, NOW)
    assert await notices.short_staffed(NOW, unalerted=False) == []


async def test_reminder_is_sent_once_even_across_a_restart(tmp_path: Path) -> None:
    path, offsets = tmp_path / "t.sqlite3", (24 * H, 2 * H)
    db = Database(path)
    await db.connect()
    day = await new_day(db, start=NOW + 30 * H)
    await ShiftRepository(db).sign_up(day.id, await approved(db, 1), NOW)
    notices = ShiftNoticeRepository(db)
    assert due_reminders(await notices.reminder_candidates(NOW), offsets, NOW) == []
    at = NOW + 7 * H  # 23 hours before: the day-before reminder is due (a little late)
    (due,) = due_reminders(await notices.reminder_candidates(at), offsets, at)
    assert (due.offset, due.subject.user_id) == (24 * H, 1)
    async with db.transaction():
        assert await notices.mark_reminders_sent(
            due.subject.signup_id, day.starts_at, due.settles, at
        )
    await db.close()  # kill and restart

    db = Database(path)
    await db.connect()
    notices = ShiftNoticeRepository(db)
    assert due_reminders(await notices.reminder_candidates(at), offsets, at) == []
    at = NOW + 29 * H
    (due,) = due_reminders(await notices.reminder_candidates(at), offsets, at)
    assert due.offset == 2 * H
    await db.close()


async def test_moved_day_is_reminded_again_for_its_new_time(db: Database) -> None:
    notices = ShiftNoticeRepository(db)
    day = await new_day(db, start=NOW + 30 * H)
    await ShiftRepository(db).sign_up(day.id, await approved(db, 1), NOW)
    at = NOW + 7 * H
    (due,) = due_reminders(await notices.reminder_candidates(at), (24 * H,), at)
    await notices.mark_reminders_sent(due.subject.signup_id, day.starts_at, due.settles, at)
    later = day.starts_at + 24 * H
    await DropoffDayRepository(db).update(day.id, starts_at=later, ends_at=later + 3 * H, now=at)
    (candidate,) = await notices.reminder_candidates(at)
    assert (candidate.starts_at, candidate.sent_offsets) == (later, frozenset())


async def test_erased_volunteer_leaves_shifts_and_the_waitlist_moves_up(db: Database) -> None:
    volunteers, shifts = VolunteerRepository(db), ShiftRepository(db)
    day = await new_day(db, needed=1)
    anna, bent = await approved(db, 1, "Anna"), await approved(db, 2)
    await shifts.sign_up(day.id, anna, NOW)
    await shifts.sign_up(day.id, bent, NOW)
    promoted = await volunteers.erase(1, NOW)
    assert promoted is not None and [p.user_id for p in promoted] == [2]
    assert await volunteers.get_by_user(1) is None
    assert (
        await db.fetchval("SELECT COUNT(*) FROM shift_signups WHERE volunteer_id = ?", (anna,)) == 0
    )
    assert await volunteers.erase(1, NOW) is None


async def test_erasure_keeps_past_hours_anonymous(db: Database) -> None:
    volunteers, shifts = VolunteerRepository(db), ShiftRepository(db)
    day = await new_day(db, needed=2)
    anna = await approved(db, 1, "Anna")
    await shifts.sign_up(day.id, anna, NOW)
    after_the_day = day.ends_at + H
    await shifts.mark_attendance(day.id, anna, True, ADMIN, after_the_day)
    hours_before = await shifts.hours(anna)
    assert await volunteers.erase(1, after_the_day) == ()
    assert await volunteers.get_by_user(1) is None
    assert await shifts.hours(anna) == hours_before
    assert hours_before.shifts_attended == 1
    row = await db.fetchone(
        "SELECT user_id, name, phone, status FROM volunteers WHERE id = ?", (anna,)
    )
    assert row is not None and tuple(row) == (-anna, "", "", "erased")


async def test_sign_up_names_the_new_place(db: Database) -> None:
    day = await new_day(db, needed=1)
    result = await ShiftRepository(db).sign_up(day.id, await approved(db, 1), NOW)
    (entry,) = await ShiftRepository(db).roster(day.id)
    assert result.signup_id == entry.signup_id
    again = await ShiftRepository(db).sign_up(day.id, entry.volunteer_id, NOW)
    assert again.outcome is SignUpOutcome.ALREADY_CONFIRMED and again.signup_id is None


async def test_reminder_whose_moment_passed_before_the_day_moved_is_not_sent(db: Database) -> None:
    notices = ShiftNoticeRepository(db)
    day = await new_day(db, start=NOW + 72 * H)
    await ShiftRepository(db).sign_up(day.id, await approved(db, 1), NOW)
    moved_at = NOW + 2 * H
    sooner = NOW + 10 * H  # moved to 8 hours after the change: the day-before moment is past
    await DropoffDayRepository(db).update(
        day.id, starts_at=sooner, ends_at=sooner + 3 * H, now=moved_at
    )
    at = moved_at + H
    assert due_reminders(await notices.reminder_candidates(at), (24 * H, 2 * H), at) == []
    at = sooner - 2 * H
    (due,) = due_reminders(await notices.reminder_candidates(at), (24 * H, 2 * H), at)
    assert due.offset == 2 * H
