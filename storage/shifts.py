"""Shift sign-ups: places, the waitlist, rosters, a volunteer's shifts and hours, attendance.

Every change that depends on how full a day is reads the count and writes in the same
BEGIN IMMEDIATE transaction, so two volunteers taking the last place at once cannot both get it.
Reminders and short-staffed alerts are in storage/shift_notices.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from domain.clock import from_db, to_db
from domain.days import DropoffDay
from domain.shifts import (
    AttendanceOutcome,
    DayStaffing,
    LeaveOutcome,
    LeaveResult,
    Places,
    Promotion,
    RosterEntry,
    SignUpOutcome,
    SignUpResult,
    VolunteerHours,
    VolunteerShift,
)
from storage.db import Database

# A day with its counts and, for volunteer :me, that person's status and waitlist position.
STAFFING_SQL = """
SELECT d.*,
  (SELECT COUNT(*) FROM shift_signups s WHERE s.day_id = d.id AND s.status = 'confirmed')
    AS taken,
  (SELECT COUNT(*) FROM shift_signups s WHERE s.day_id = d.id AND s.status = 'waitlisted')
    AS waiting,
  me.status AS my_status,
  CASE WHEN me.status = 'waitlisted' THEN
    (SELECT COUNT(*) FROM shift_signups w WHERE w.day_id = d.id AND w.status = 'waitlisted'
      AND (w.signed_up_at < me.signed_up_at
           OR (w.signed_up_at = me.signed_up_at AND w.id <= me.id)))
  END AS my_position,
  me.attended AS my_attended
FROM dropoff_days d
LEFT JOIN shift_signups me ON me.day_id = d.id AND me.volunteer_id = :me
"""


def staffing_from_row(row: Any) -> DayStaffing:
    data = dict(row)
    places = Places(
        needed=data["volunteers_needed"], taken=data["taken"], waitlisted=data["waiting"]
    )
    return DayStaffing(
        day=DropoffDay.model_validate(data),
        places=places,
        my_status=data["my_status"],
        my_position=data["my_position"],
    )


class ShiftRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def staffing(self, day_id: int, volunteer_id: int | None = None) -> DayStaffing | None:
        """One day with "2 of 4 free" and, given a volunteer, whether they are on it."""
        row = await self.db.fetchone(
            STAFFING_SQL + " WHERE d.id = :day", {"me": volunteer_id, "day": day_id}
        )
        return None if row is None else staffing_from_row(row)

    async def upcoming_staffing(
        self, now: datetime, limit: int = 10, volunteer_id: int | None = None, offset: int = 0
    ) -> list[DayStaffing]:
        """Planned days not yet started, soonest first: the /shifts list."""
        rows = await self.db.fetchall(
            STAFFING_SQL + " WHERE d.status = 'planned' AND d.starts_at > :now"
            " ORDER BY d.starts_at, d.id LIMIT :limit OFFSET :offset",
            {"me": volunteer_id, "now": to_db(now), "limit": limit, "offset": offset},
        )
        return [staffing_from_row(row) for row in rows]

    async def places(self, day_id: int) -> Places | None:
        found = await self.staffing(day_id)
        return None if found is None else found.places

    async def sign_up(self, day_id: int, volunteer_id: int, now: datetime) -> SignUpResult:
        """Takes a free place, or a place on the waitlist when the day is full (or has a queue)."""
        async with self.db.transaction():
            found = await self.staffing(day_id, volunteer_id)
            if found is None:
                return SignUpResult(outcome=SignUpOutcome.NO_SUCH_DAY)
            if found.day.cancelled:
                return SignUpResult(outcome=SignUpOutcome.DAY_CANCELLED, places=found.places)
            if found.day.starts_at <= now:
                return SignUpResult(outcome=SignUpOutcome.DAY_STARTED, places=found.places)
            if found.my_status is not None:
                outcome = (
                    SignUpOutcome.ALREADY_CONFIRMED
                    if found.my_status == "confirmed"
                    else SignUpOutcome.ALREADY_WAITLISTED
                )
                return SignUpResult(
                    outcome=outcome, position=found.my_position, places=found.places
                )
            status = await self.db.fetchval(
                "SELECT status FROM volunteers WHERE id = ?", (volunteer_id,)
            )
            if status != "approved":
                return SignUpResult(outcome=SignUpOutcome.NOT_APPROVED, places=found.places)
            # Nobody jumps the queue: a place goes to a newcomer only when no one is waiting.
            free = found.places.free > 0 and found.places.waitlisted == 0
            signup_id = await self.db.insert(
                "INSERT INTO shift_signups (day_id, volunteer_id, status, signed_up_at)"
                " VALUES (?, ?, ?, ?)",
                (day_id, volunteer_id, "confirmed" if free else "waitlisted", to_db(now)),
            )
            after = await self.staffing(day_id, volunteer_id)
        assert after is not None
        return SignUpResult(
            outcome=SignUpOutcome.CONFIRMED if free else SignUpOutcome.WAITLISTED,
            position=after.my_position,
            places=after.places,
            signup_id=signup_id,
        )

    async def leave(self, day_id: int, volunteer_id: int, now: datetime) -> LeaveResult:
        """Gives up a place or a waitlist spot; the first waiting move up into freed places.

        Also what "I can't come" does. Refused once the day has begun or when it was cancelled.
        """
        async with self.db.transaction():
            found = await self.staffing(day_id, volunteer_id)
            if found is None or found.my_status is None:
                return LeaveResult(outcome=LeaveOutcome.NOT_SIGNED_UP)
            if found.day.cancelled:  # a stale button: there is no shift to leave
                return LeaveResult(outcome=LeaveOutcome.DAY_CANCELLED)
            if found.day.starts_at <= now:
                return LeaveResult(outcome=LeaveOutcome.DAY_STARTED)
            await self.db.execute(
                "DELETE FROM shift_signups WHERE day_id = ? AND volunteer_id = ?",
                (day_id, volunteer_id),
            )
            promoted = await self._fill_from_waitlist(day_id, now)
        if found.my_status == "waitlisted":
            return LeaveResult(outcome=LeaveOutcome.LEFT_WAITLIST, promoted=promoted)
        return LeaveResult(outcome=LeaveOutcome.LEFT_SHIFT, promoted=promoted)

    async def set_volunteers_needed(
        self, day_id: int, needed: int, now: datetime
    ) -> tuple[Promotion, ...] | None:
        """Changes how many are needed; more places move people up. None for an unknown day.

        Fewer places never push anyone off: the day is simply over-staffed.
        """
        if needed < 0:
            raise ValueError("volunteers needed cannot be negative")
        async with self.db.transaction():
            changed = await self.db.execute(
                "UPDATE dropoff_days SET volunteers_needed = ?, updated_at = ? WHERE id = ?",
                (needed, to_db(now), day_id),
            )
            if not changed:
                return None
            return await self._fill_from_waitlist(day_id, now)

    async def roster(self, day_id: int) -> list[RosterEntry]:
        """Who is on the day with phone numbers: confirmed first, then the waitlist in order."""
        rows = await self.db.fetchall(
            "SELECT s.id AS signup_id, s.day_id, s.volunteer_id, v.user_id, v.name, v.phone,"
            " s.status, s.signed_up_at, s.attended"
            " FROM shift_signups s JOIN volunteers v ON v.id = s.volunteer_id"
            " WHERE s.day_id = ? ORDER BY s.status = 'waitlisted', s.signed_up_at, s.id",
            (day_id,),
        )
        entries, waiting = [], 0
        for row in rows:
            data = dict(row)
            if data["status"] == "waitlisted":
                waiting += 1
                data["position"] = waiting
            entries.append(RosterEntry.model_validate(data))
        return entries

    async def user_ids_on(self, day_id: int) -> list[int]:
        """Telegram ids of everyone on a day (places and waitlist): tell them of a change."""
        return [entry.user_id for entry in await self.roster(day_id)]

    async def shifts_of(
        self, volunteer_id: int, now: datetime, *, include_past: bool = False
    ) -> list[VolunteerShift]:
        """A volunteer's shifts on planned days, in time order: coming ones, or all (/mine)."""
        rows = await self.db.fetchall(
            STAFFING_SQL + " WHERE me.id IS NOT NULL AND d.status = 'planned'"
            " AND (d.ends_at > :now OR :past) ORDER BY d.starts_at, d.id",
            {"me": volunteer_id, "now": to_db(now), "past": include_past},
        )
        return [
            VolunteerShift(
                day=DropoffDay.model_validate(dict(row)),
                status=row["my_status"],
                position=row["my_position"],
                attended=None if row["my_attended"] is None else bool(row["my_attended"]),
            )
            for row in rows
        ]

    async def hours(self, volunteer_id: int, since: datetime | None = None) -> VolunteerHours:
        """Shifts the volunteer came to and their total length (each day's full duration)."""
        rows = await self.db.fetchall(
            "SELECT d.starts_at, d.ends_at FROM shift_signups s"
            " JOIN dropoff_days d ON d.id = s.day_id"
            " WHERE s.volunteer_id = ? AND s.attended = 1 AND d.status = 'planned'"
            " AND d.starts_at >= ?",
            (volunteer_id, to_db(since) if since is not None else ""),
        )
        total = sum(
            (from_db(row["ends_at"]) - from_db(row["starts_at"]) for row in rows), timedelta()
        )
        return VolunteerHours(shifts_attended=len(rows), total=total)

    async def mark_attendance(
        self, day_id: int, volunteer_id: int, came: bool, by: int, now: datetime
    ) -> AttendanceOutcome:
        """Records came / did not come for someone with a place, once the day has begun."""
        async with self.db.transaction():
            day = await self.db.fetchone(
                "SELECT starts_at FROM dropoff_days WHERE id = ? AND status = 'planned'", (day_id,)
            )
            if day is None:
                return AttendanceOutcome.NO_SUCH_DAY
            if from_db(day["starts_at"]) > now:
                return AttendanceOutcome.NOT_STARTED
            changed = await self.db.execute(
                "UPDATE shift_signups SET attended = ?, marked_by = ?, marked_at = ?"
                " WHERE day_id = ? AND volunteer_id = ? AND status = 'confirmed'",
                (int(came), by, to_db(now), day_id, volunteer_id),
            )
        return AttendanceOutcome.MARKED if changed else AttendanceOutcome.NOT_ON_SHIFT

    async def days_to_mark(self, now: datetime, limit: int = 10) -> list[DropoffDay]:
        """Ended days with someone whose attendance is not marked yet, latest first."""
        rows = await self.db.fetchall(
            "SELECT d.* FROM dropoff_days d WHERE d.status = 'planned' AND d.ends_at <= ?"
            " AND EXISTS (SELECT 1 FROM shift_signups s WHERE s.day_id = d.id"
            " AND s.status = 'confirmed' AND s.attended IS NULL)"
            " ORDER BY d.starts_at DESC LIMIT ?",
            (to_db(now), limit),
        )
        return [DropoffDay.model_validate(dict(row)) for row in rows]

    async def _fill_from_waitlist(self, day_id: int, now: datetime) -> tuple[Promotion, ...]:
        """Moves the longest-waiting up while places are free; caller holds the transaction."""
        promoted: list[Promotion] = []
        while True:
            found = await self.staffing(day_id)
            places = None if found is None or found.day.cancelled else found.places
            if places is None or places.full or not places.waitlisted:
                return tuple(promoted)
            row = await self.db.fetchone(
                "SELECT s.id, s.volunteer_id, s.signed_up_at, v.user_id FROM shift_signups s"
                " JOIN volunteers v ON v.id = s.volunteer_id"
                " WHERE s.day_id = ? AND s.status = 'waitlisted'"
                " ORDER BY s.signed_up_at, s.id LIMIT 1",
                (day_id,),
            )
            assert row is not None
            await self.db.execute(
                "UPDATE shift_signups SET status = 'confirmed', promoted_at = ? WHERE id = ?",
                (to_db(now), row["id"]),
            )
            promoted.append(
                Promotion(
                    signup_id=row["id"],
                    day_id=day_id,
                    volunteer_id=row["volunteer_id"],
                    user_id=row["user_id"],
                    signed_up_at=row["signed_up_at"],
                )
            )
