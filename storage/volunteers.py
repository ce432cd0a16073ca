"""Volunteers: registration, the admins' approval, and erasure of their personal data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from domain.clock import to_db
from domain.shifts import LeaveOutcome, Promotion
from domain.volunteers import Decision, Registration, Volunteer, VolunteerStatus
from storage.db import Database
from storage.shifts import ShiftRepository

MAX_SKILLS = 12
MAX_SKILL_LENGTH = 40


class VolunteerRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def register(
        self,
        *,
        user_id: int,
        name: str,
        phone: str,
        skills: Sequence[str],
        consent_at: datetime,
        now: datetime,
    ) -> tuple[Volunteer, Registration]:
        """Stores the /volunteer form; new and once-declined people wait for an admin.

        Someone already pending or approved just updates their details and keeps the status.
        The caller checks the phone number (phonenumbers) and asks for consent first.
        """
        cleaned = [skill.strip()[:MAX_SKILL_LENGTH] for skill in skills if skill.strip()]
        skills_json = json.dumps(list(dict.fromkeys(cleaned))[:MAX_SKILLS], ensure_ascii=False)
        stamp = to_db(now)
        async with self.db.transaction():
            before = await self.get_by_user(user_id)
            if before is None:
                outcome = Registration.NEW
            elif before.status == "declined":
                outcome = Registration.RESUBMITTED
            else:
                outcome = Registration.UPDATED
            await self.db.execute(
                "INSERT INTO volunteers (user_id, name, phone, skills, consent_at, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                " name = excluded.name, phone = excluded.phone, skills = excluded.skills,"
                " consent_at = excluded.consent_at, updated_at = excluded.updated_at,"
                " status = CASE status WHEN 'declined' THEN 'pending' ELSE status END,"
                " decided_by = CASE status WHEN 'declined' THEN NULL ELSE decided_by END,"
                " decided_at = CASE status WHEN 'declined' THEN NULL ELSE decided_at END",
                (
                    user_id,
                    name.strip(),
                    phone.strip(),
                    skills_json,
                    to_db(consent_at),
                    stamp,
                    stamp,
                ),
            )
            volunteer = await self.get_by_user(user_id)
        assert volunteer is not None
        return volunteer, outcome

    async def get(self, volunteer_id: int) -> Volunteer | None:
        row = await self.db.fetchone("SELECT * FROM volunteers WHERE id = ?", (volunteer_id,))
        return None if row is None else Volunteer.model_validate(dict(row))

    async def get_by_user(self, user_id: int) -> Volunteer | None:
        row = await self.db.fetchone("SELECT * FROM volunteers WHERE user_id = ?", (user_id,))
        return None if row is None else Volunteer.model_validate(dict(row))

    async def approve(self, volunteer_id: int, admin_id: int, now: datetime) -> Decision | None:
        return await self._decide(volunteer_id, "approved", admin_id, now)

    async def decline(self, volunteer_id: int, admin_id: int, now: datetime) -> Decision | None:
        return await self._decide(volunteer_id, "declined", admin_id, now)

    async def list_approved(self) -> list[Volunteer]:
        return await self._with_status("approved")

    async def list_pending(self) -> list[Volunteer]:
        return await self._with_status("pending")

    async def erase(self, user_id: int, now: datetime) -> tuple[Promotion, ...] | None:
        """Forgets a volunteer: leaves their coming shifts, then blanks their details.

        Returns who moved up from the waitlists (tell them), or None when there was no such
        volunteer. The row stays, anonymous ('erased', no name, phone or Telegram id), so past
        shifts and hours still count in the board's statistics.
        """
        shifts = ShiftRepository(self.db)
        promoted: list[Promotion] = []
        async with self.db.transaction():
            volunteer = await self.get_by_user(user_id)
            if volunteer is None:
                return None
            for shift in await shifts.shifts_of(volunteer.id, now):
                result = await shifts.leave(shift.day.id, volunteer.id, now)
                if result.outcome is not LeaveOutcome.DAY_STARTED:
                    promoted += result.promoted
            # -id cannot be a Telegram user (their ids are positive) and links to nobody.
            await self.db.execute(
                "UPDATE volunteers SET user_id = -id, name = '', phone = '', skills = '[]',"
                " status = 'erased', updated_at = ? WHERE id = ?",
                (to_db(now), volunteer.id),
            )
        return tuple(promoted)

    async def _decide(
        self, volunteer_id: int, status: VolunteerStatus, admin_id: int, now: datetime
    ) -> Decision | None:
        # Only a pending request is decided: when two admins press at once, the first wins
        # and the second learns what was decided.
        async with self.db.transaction():
            changed = await self.db.execute(
                "UPDATE volunteers SET status = ?, decided_by = ?, decided_at = ?, updated_at = ?"
                " WHERE id = ? AND status = 'pending'",
                (status, admin_id, to_db(now), to_db(now), volunteer_id),
            )
            volunteer = await self.get(volunteer_id)
        return None if volunteer is None else Decision(changed=bool(changed), volunteer=volunteer)

    async def _with_status(self, status: VolunteerStatus) -> list[Volunteer]:
        rows = await self.db.fetchall(
            "SELECT * FROM volunteers WHERE status = ? ORDER BY name COLLATE NOCASE, id", (status,)
        )
        return [Volunteer.model_validate(dict(row)) for row in rows]
