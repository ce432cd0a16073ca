"""Volunteers: registration, the admins' approval, and erasure of their personal data."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from domain.clock import to_db
from domain.shifts import LeaveOutcome, Promotion
from domain.volunteers import (
    Decision,
    Registration,
    Volunteer,
    VolunteerStatus,
    may_be_decided,
    registration,
)
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
        """Stores the /volunteer form; what it means is domain.volunteers.registration: new and
        once-declined people wait for an admin, others keep their status.

        The caller checks the phone number (phonenumbers) and asks for consent first.
        """
        cleaned = [skill.strip()[:MAX_SKILL_LENGTH] for skill in skills if skill.strip()]
        skills_json = json.dumps(list(dict.fromkeys(cleaned))[:MAX_SKILLS], ensure_ascii=False)
        stamp = to_db(now)
        async with self.db.transaction():
            before = await self.get_by_user(user_id)
            outcome = registration(before)
            # A resubmitted request is undecided again; an update keeps status and decision.
            undecided = outcome is Registration.RESUBMITTED
            await self.db.execute(
                "INSERT INTO volunteers (user_id, name, phone, skills, consent_at, created_at,"
                " updated_at, status) VALUES (:user, :name, :phone, :skills, :consent, :now,"
                " :now, :pending) ON CONFLICT (user_id) DO UPDATE SET"
                " name = excluded.name, phone = excluded.phone, skills = excluded.skills,"
                " consent_at = excluded.consent_at, updated_at = excluded.updated_at,"
                " status = CASE WHEN :undecided THEN :pending ELSE status END,"
                " decided_by = CASE WHEN :undecided THEN NULL ELSE decided_by END,"
                " decided_at = CASE WHEN :undecided THEN NULL ELSE decided_at END",
                {
                    "user": user_id,
                    "name": name.strip(),
                    "phone": phone.strip(),
                    "skills": skills_json,
                    "consent": to_db(consent_at),
                    "now": stamp,
                    "pending": VolunteerStatus.PENDING.value,
                    "undecided": undecided,
                },
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
        return await self._decide(volunteer_id, VolunteerStatus.APPROVED, admin_id, now)

    async def decline(self, volunteer_id: int, admin_id: int, now: datetime) -> Decision | None:
        return await self._decide(volunteer_id, VolunteerStatus.DECLINED, admin_id, now)

    async def list_approved(self) -> list[Volunteer]:
        return await self._with_status(VolunteerStatus.APPROVED)

    async def list_pending(self) -> list[Volunteer]:
        return await self._with_status(VolunteerStatus.PENDING)

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
                " status = ?, updated_at = ? WHERE id = ?",
                (VolunteerStatus.ERASED.value, to_db(now), volunteer.id),
            )
        return tuple(promoted)

    async def _decide(
        self, volunteer_id: int, status: VolunteerStatus, admin_id: int, now: datetime
    ) -> Decision | None:
        # When two admins press at once, the first wins and the second learns what was decided
        # (domain.volunteers.may_be_decided).
        async with self.db.transaction():
            before = await self.get(volunteer_id)
            if before is None:
                return None
            if not may_be_decided(before):
                return Decision(changed=False, volunteer=before)
            await self.db.execute(
                "UPDATE volunteers SET status = ?, decided_by = ?, decided_at = ?, updated_at = ?"
                " WHERE id = ?",
                (status.value, admin_id, to_db(now), to_db(now), volunteer_id),
            )
            volunteer = await self.get(volunteer_id)
        assert volunteer is not None
        return Decision(changed=True, volunteer=volunteer)

    async def _with_status(self, status: VolunteerStatus) -> list[Volunteer]:
        rows = await self.db.fetchall(
            "SELECT * FROM volunteers WHERE status = ? ORDER BY name COLLATE NOCASE, id",
            (status.value,),
        )
        return [Volunteer.model_validate(dict(row)) for row in rows]
