"""Drop-off days: created one by one or by a repeating plan, moved, cancelled, listed.

Who to tell about a change: the volunteers come from ShiftRepository.user_ids_on(day_id); the
donors booked on the day from the offers (migration 0004, offers.dropoff_day_id).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.clock import to_db
from domain.days import DayStatus, DropoffDay
from domain.dropoff import DayDraft, Slot
from storage.db import Database

PLANNED, CANCELLED = DayStatus.PLANNED.value, DayStatus.CANCELLED.value


class DropoffDayRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        *,
        starts_at: datetime,
        ends_at: datetime,
        place: str,
        volunteers_needed: int,
        created_by: int | None,
        now: datetime,
    ) -> DropoffDay:
        stamp = to_db(now)
        async with self.db.transaction():
            day_id = await self.db.insert(
                "INSERT INTO dropoff_days (starts_at, ends_at, place, volunteers_needed,"
                " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    to_db(starts_at),
                    to_db(ends_at),
                    place,
                    volunteers_needed,
                    created_by,
                    stamp,
                    stamp,
                ),
            )
            assert day_id is not None
            day = await self.get(day_id)
        assert day is not None
        return day

    async def create_from_draft(
        self, draft: DayDraft, default_place: str, created_by: int | None, now: datetime
    ) -> tuple[DropoffDay, bool]:
        """Stores a checked /newdate draft; no place typed means the profile's address.

        Returns (day, True) for a new day, or (the existing day, False) when a planned day
        already starts at that moment: an exact duplicate is never made.
        """
        async with self.db.transaction():
            existing = await self.planned_at(draft.starts_at)
            if existing is not None:
                return existing, False
            day = await self.create(
                starts_at=draft.starts_at,
                ends_at=draft.ends_at,
                place=draft.place or default_place,
                volunteers_needed=draft.volunteers_needed,
                created_by=created_by,
                now=now,
            )
        return day, True

    async def planned_at(self, starts_at: datetime) -> DropoffDay | None:
        """The planned (not cancelled) day starting exactly then, if any."""
        row = await self.db.fetchone(
            "SELECT * FROM dropoff_days WHERE status = ? AND starts_at = ? ORDER BY id LIMIT 1",
            (PLANNED, to_db(starts_at)),
        )
        return None if row is None else DropoffDay.model_validate(dict(row))

    async def get(self, day_id: int) -> DropoffDay | None:
        row = await self.db.fetchone("SELECT * FROM dropoff_days WHERE id = ?", (day_id,))
        return None if row is None else DropoffDay.model_validate(dict(row))

    async def upcoming(self, now: datetime, limit: int = 10, offset: int = 0) -> list[DropoffDay]:
        """Planned days that have not ended yet (a day in progress still counts), soonest first."""
        rows = await self.db.fetchall(
            "SELECT * FROM dropoff_days WHERE status = ? AND ends_at > ?"
            " ORDER BY starts_at, id LIMIT ? OFFSET ?",
            (PLANNED, to_db(now), limit, offset),
        )
        return [DropoffDay.model_validate(dict(row)) for row in rows]

    async def between(
        self, start: datetime, end: datetime, *, include_cancelled: bool = False
    ) -> list[DropoffDay]:
        """Days starting at or after start and before end, in order."""
        rows = await self.db.fetchall(
            "SELECT * FROM dropoff_days WHERE starts_at >= ? AND starts_at < ?"
            " AND (status = ? OR ?) ORDER BY starts_at, id",
            (to_db(start), to_db(end), PLANNED, include_cancelled),
        )
        return [DropoffDay.model_validate(dict(row)) for row in rows]

    async def on_date(self, local_date: date, zone: ZoneInfo) -> list[DropoffDay]:
        """Planned days starting on a local calendar date (/roster 2026-12-06)."""
        start = datetime.combine(local_date, time(0), tzinfo=zone).astimezone(UTC)
        next_day = local_date + timedelta(days=1)
        end = datetime.combine(next_day, time(0), tzinfo=zone).astimezone(UTC)
        return await self.between(start, end)

    async def update(
        self,
        day_id: int,
        *,
        now: datetime,
        starts_at: datetime | None = None,
        ends_at: datetime | None = None,
        place: str | None = None,
    ) -> DropoffDay | None:
        """Moves a planned day or changes its place; a real change bumps version.

        None when the day is unknown or cancelled. Returned unchanged (same version) when
        nothing differs. Raises ValueError when the end would not be after the start.
        """
        async with self.db.transaction():
            day = await self.get(day_id)
            if day is None or day.cancelled:
                return None
            new_start, new_end = starts_at or day.starts_at, ends_at or day.ends_at
            new_place = place if place is not None else day.place
            if new_end <= new_start:
                raise ValueError("a drop-off day must end after it starts")
            if (new_start, new_end, new_place) == (day.starts_at, day.ends_at, day.place):
                return day
            await self.db.execute(
                "UPDATE dropoff_days SET starts_at = ?, ends_at = ?, place = ?,"
                " version = version + 1, updated_at = ? WHERE id = ?",
                (to_db(new_start), to_db(new_end), new_place, to_db(now), day_id),
            )
            return await self.get(day_id)

    async def cancel(self, day_id: int, now: datetime) -> DropoffDay | None:
        """Cancels a planned day once; None when unknown or already cancelled (tell people once).

        The sign-ups stay for the record; cancelled days get no reminders and count no hours.
        """
        async with self.db.transaction():
            changed = await self.db.execute(
                "UPDATE dropoff_days SET status = ?, version = version + 1,"
                " updated_at = ? WHERE id = ? AND status = ?",
                (CANCELLED, to_db(now), day_id, PLANNED),
            )
            return await self.get(day_id) if changed else None

    async def list_by_plan(self, plan_id: int, since: datetime | None = None) -> list[DropoffDay]:
        """The days a plan made (also moved and cancelled ones), optionally from since on."""
        rows = await self.db.fetchall(
            "SELECT * FROM dropoff_days WHERE plan_id = ? AND starts_at >= ?"
            " ORDER BY starts_at, id",
            (plan_id, to_db(since) if since is not None else ""),
        )
        return [DropoffDay.model_validate(dict(row)) for row in rows]

    async def ensure_from_plan(
        self,
        plan_id: int,
        slots: Iterable[Slot],
        *,
        place: str,
        volunteers_needed: int,
        created_by: int | None,
        now: datetime,
    ) -> list[DropoffDay]:
        """Creates the plan's days that do not exist yet; returns only the new ones.

        Safe to run again and again: a slot the plan already made is skipped even when an admin
        has since moved or cancelled that day (the unique plan_slot and plan start indexes).
        A planned day made by hand at the same start is taken over instead of copied.
        """
        stamp = to_db(now)
        created = []
        async with self.db.transaction():
            for slot in slots:
                existing = await self.planned_at(slot.starts_at)
                slot_key = to_db(slot.starts_at)
                if existing is not None:
                    if existing.plan_id is None:  # made by hand: from now on the plan's day
                        await self.db.execute(
                            "UPDATE dropoff_days SET plan_id = ?, plan_slot = ?"
                            " WHERE id = ? AND plan_id IS NULL AND NOT EXISTS (SELECT 1"
                            " FROM dropoff_days o WHERE o.plan_id = ? AND o.plan_slot = ?)",
                            (plan_id, slot_key, existing.id, plan_id, slot_key),
                        )
                    continue
                day_id = await self.db.insert(
                    "INSERT INTO dropoff_days (starts_at, ends_at, place, volunteers_needed,"
                    " plan_id, plan_slot, created_by, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (
                        to_db(slot.starts_at),
                        to_db(slot.ends_at),
                        place,
                        volunteers_needed,
                        plan_id,
                        to_db(slot.starts_at),
                        created_by,
                        stamp,
                        stamp,
                    ),
                )
                if day_id is not None:
                    day = await self.get(day_id)
                    assert day is not None
                    created.append(day)
        return created
