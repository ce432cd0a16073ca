"""Shift sign-ups in SQL: places, the waitlist, rosters, a volunteer's shifts and hours.

The rules (who gets a place, who waits, who moves up, whose attendance counts) are in
domain/shifts.py. Each change here reads the day's rows, asks the rule, and writes its answer
in the same BEGIN IMMEDIATE transaction, so two volunteers taking the last place at once cannot
both get it. Reminders and short-staffed alerts are in storage/shift_notices.py.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from domain import shifts as rules
from domain.clock import from_db, to_db
from domain.days import DayStatus, DropoffDay
from domain.shifts import (
    AttendanceOutcome,
    DayStaffing,
    LeaveOutcome,
    LeaveResult,
    Places,
    Promotion,
    RosterEntry,
    SignUpResult,
    SignupStatus,
    VolunteerHours,
    VolunteerShift,
)
from domain.volunteers import VolunteerStatus
from storage.db import Database

CONFIRMED, WAITLISTED = SignupStatus.CONFIRMED.value, SignupStatus.WAITLISTED.value
PLANNED = DayStatus.PLANNED.value

# A day with its counts and, for volunteer :me, that person's status and waitlist position
# (the waitlist order of domain.shifts.waitlist: sign-up time, then row id).
STAFFING_SQL = f"""
SELECT d.*,
  (SELECT COUNT(*) FROM shift_signups s WHERE s.day_id = d.id AND s.status = '{CONFIRMED}')
    AS taken,
  (SELECT COUNT(*) FROM shift_signups s WHERE s.day_id = d.id AND s.status = '{WAITLISTED}')
    AS waiting,
  me.status AS my_status,
  CASE WHEN me.status = '{WAITLISTED}' THEN
    (SELECT COUNT(*) FROM shift_signups w WHERE w.day_id = d.id AND w.status = '{WAITLISTED}'
      AND (w.signed_up_at < me.signed_up_at
           OR (w.signed_up_at = me.signed_up_at AND w.id <= me.id)))
  END AS my_position,
  me.attended AS my_attended
FROM dropoff_days d
LEFT JOIN shift_signups me ON me.day_id = d.id AND me.volunteer_id = :me
"""

ROSTER_SQL = (
    "SELECT s.id AS signup_id, s.day_id, s.volunteer_id, v.user_id, v.name, v.phone,"
    " s.status, s.signed_up_at, s.attended"
    " FROM shift_signups s JOIN volunteers v ON v.id = s.volunteer_id WHERE s.day_id = ?"
)


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
            STAFFING_SQL + " WHERE d.status = :planned AND d.starts_at > :now"
            " ORDER BY d.starts_at, d.id LIMIT :limit OFFSET :offset",
            {
                "me": volunteer_id,
                "planned": PLANNED,
                "now": to_db(now),
                "limit": limit,
                "offset": offset,
            },
        )
        return [staffing_from_row(row) for row in rows]

    async def places(self, day_id: int) -> Places | None:
        found = await self.staffing(day_id)
        return None if found is None else found.places

    async def sign_up(self, day_id: int, volunteer_id: int, now: datetime) -> SignUpResult:
        """Takes a free place, or a place on the waitlist (domain.shifts.sign_up decides)."""
        async with self.db.transaction():
            found = await self.staffing(day_id, volunteer_id)
            status = await self.db.fetchval(
                "SELECT status FROM volunteers WHERE id = ?", (volunteer_id,)
            )
            decided = rules.sign_up(found, None if status is None else VolunteerStatus(status), now)
            if decided.status is None:
                return decided
            signup_id = await self.db.insert(
                "INSERT INTO shift_signups (day_id, volunteer_id, status, signed_up_at)"
                " VALUES (?, ?, ?, ?)",
                (day_id, volunteer_id, decided.status.value, to_db(now)),
            )
            after = await self.staffing(day_id, volunteer_id)
        assert after is not None
        return SignUpResult(
            outcome=decided.outcome,
            position=after.my_position,
            places=after.places,
            signup_id=signup_id,
        )

    async def leave(self, day_id: int, volunteer_id: int, now: datetime) -> LeaveResult:
        """Gives up a place or a waitlist spot (domain.shifts.leave decides whether it may);
        the first waiting move up into freed places (domain.shifts.who_moves_up)."""
        async with self.db.transaction():
            outcome = rules.leave(await self.staffing(day_id, volunteer_id), now)
            if outcome not in (LeaveOutcome.LEFT_SHIFT, LeaveOutcome.LEFT_WAITLIST):
                return LeaveResult(outcome=outcome)
            await self.db.execute(
                "DELETE FROM shift_signups WHERE day_id = ? AND volunteer_id = ?",
                (day_id, volunteer_id),
            )
            promoted = await self._fill_from_waitlist(day_id, now)
        return LeaveResult(outcome=outcome, promoted=promoted)

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
        rows = await self.db.fetchall(ROSTER_SQL, (day_id,))
        return rules.in_roster_order(RosterEntry.model_validate(dict(row)) for row in rows)

    async def record_roster_message(
        self,
        chat_id: int,
        message_id: int,
        day_id: int,
        language: str,
        now: datetime,
        page: int | None = None,
    ) -> None:
        """Remembers where a day's roster was shown (to redraw it after an erasure); page: its
        place among the coming days, when it was paged to (/roster without a date)."""
        await self.db.execute(
            "INSERT INTO roster_messages (chat_id, message_id, day_id, language, page, shown_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chat_id, message_id) DO UPDATE SET"
            " day_id = excluded.day_id, language = excluded.language, page = excluded.page,"
            " shown_at = excluded.shown_at",
            (chat_id, message_id, day_id, language, page, to_db(now)),
        )

    async def roster_messages(
        self, day_ids: list[int]
    ) -> list[tuple[int, int, int, str, int | None]]:
        """Where the rosters of these days were shown: (chat id, message id, day id, language,
        page)."""
        if not day_ids:
            return []
        rows = await self.db.fetchall(
            f"SELECT chat_id, message_id, day_id, language, page FROM roster_messages"
            f" WHERE day_id IN ({','.join('?' * len(day_ids))}) ORDER BY chat_id, message_id",
            day_ids,
        )
        return [
            (r["chat_id"], r["message_id"], r["day_id"], r["language"], r["page"]) for r in rows
        ]

    async def days_of(self, volunteer_id: int) -> list[int]:
        """Every day the volunteer is or was on (places, waitlist, past ones)."""
        rows = await self.db.fetchall(
            "SELECT day_id FROM shift_signups WHERE volunteer_id = ? ORDER BY day_id",
            (volunteer_id,),
        )
        return [row["day_id"] for row in rows]

    async def user_ids_on(self, day_id: int) -> list[int]:
        """Telegram ids of everyone on a day (places and waitlist): tell them of a change."""
        return [entry.user_id for entry in await self.roster(day_id)]

    async def shifts_of(
        self, volunteer_id: int, now: datetime, *, include_past: bool = False
    ) -> list[VolunteerShift]:
        """A volunteer's shifts on planned days, in time order: coming ones, or all (/mine)."""
        rows = await self.db.fetchall(
            STAFFING_SQL + " WHERE me.id IS NOT NULL AND d.status = :planned"
            " AND (d.ends_at > :now OR :past) ORDER BY d.starts_at, d.id",
            {"me": volunteer_id, "planned": PLANNED, "now": to_db(now), "past": include_past},
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
            " WHERE s.volunteer_id = ? AND s.attended = 1 AND d.status = ?"
            " AND d.starts_at >= ?",
            (volunteer_id, PLANNED, to_db(since) if since is not None else ""),
        )
        total = sum(
            (from_db(row["ends_at"]) - from_db(row["starts_at"]) for row in rows), timedelta()
        )
        return VolunteerHours(shifts_attended=len(rows), total=total)

    async def mark_attendance(
        self, day_id: int, volunteer_id: int, came: bool, by: int, now: datetime
    ) -> AttendanceOutcome:
        """Records came / did not come, when domain.shifts.attendance allows it."""
        async with self.db.transaction():
            row = await self.db.fetchone("SELECT * FROM dropoff_days WHERE id = ?", (day_id,))
            day = None if row is None else DropoffDay.model_validate(dict(row))
            entry = next(
                (e for e in await self.roster(day_id) if e.volunteer_id == volunteer_id), None
            )
            outcome = rules.attendance(day, entry, now)
            if outcome is AttendanceOutcome.MARKED:
                await self.db.execute(
                    "UPDATE shift_signups SET attended = ?, marked_by = ?, marked_at = ?"
                    " WHERE day_id = ? AND volunteer_id = ?",
                    (int(came), by, to_db(now), day_id, volunteer_id),
                )
        return outcome

    async def days_to_mark(self, now: datetime, limit: int = 10) -> list[DropoffDay]:
        """Ended days with someone whose attendance is not marked yet, latest first."""
        rows = await self.db.fetchall(
            "SELECT d.* FROM dropoff_days d WHERE d.status = ? AND d.ends_at <= ?"
            " AND EXISTS (SELECT 1 FROM shift_signups s WHERE s.day_id = d.id"
            " AND s.status = ? AND s.attended IS NULL)"
            " ORDER BY d.starts_at DESC LIMIT ?",
            (PLANNED, to_db(now), CONFIRMED, limit),
        )
        return [DropoffDay.model_validate(dict(row)) for row in rows]

    async def _fill_from_waitlist(self, day_id: int, now: datetime) -> tuple[Promotion, ...]:
        """Moves up whom domain.shifts.who_moves_up names; the caller holds the transaction."""
        row = await self.db.fetchone("SELECT * FROM dropoff_days WHERE id = ?", (day_id,))
        if row is None:
            return ()
        day = DropoffDay.model_validate(dict(row))
        moving = rules.who_moves_up(day, await self.roster(day_id))
        for entry in moving:
            await self.db.execute(
                "UPDATE shift_signups SET status = ?, promoted_at = ? WHERE id = ?",
                (CONFIRMED, to_db(now), entry.signup_id),
            )
        return tuple(
            Promotion(
                signup_id=entry.signup_id,
                day_id=day_id,
                volunteer_id=entry.volunteer_id,
                user_id=entry.user_id,
                signed_up_at=entry.signed_up_at,
            )
            for entry in moving
        )
