"""What shift reminders and short-staffed alerts need, and the record that they went out.

The handler queues the messages in the outbox and records them here in one transaction, so a
crash leaves either both or neither, and a restart never sends one twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from domain.clock import to_db
from domain.days import DayStatus
from domain.shift_reminders import SHORT_STAFFED_WINDOW, is_short_staffed
from domain.shifts import DayStaffing, ReminderCandidate, SignupStatus
from domain.volunteers import Volunteer, VolunteerStatus
from storage.db import Database
from storage.shifts import STAFFING_SQL, staffing_from_row

SHORT_STAFFED = "short_staffed"


class ShiftNoticeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def volunteers_not_on(self, day_id: int) -> list[Volunteer]:
        """Approved volunteers not on the day at all: whom to ask for help when it is short."""
        rows = await self.db.fetchall(
            "SELECT v.* FROM volunteers v WHERE v.status = ? AND NOT EXISTS"
            " (SELECT 1 FROM shift_signups s WHERE s.day_id = ? AND s.volunteer_id = v.id)"
            " ORDER BY v.id",
            (VolunteerStatus.APPROVED.value, day_id),
        )
        return [Volunteer.model_validate(dict(row)) for row in rows]

    async def short_staffed(
        self, now: datetime, window: timedelta = SHORT_STAFFED_WINDOW, *, unalerted: bool = True
    ) -> list[DayStaffing]:
        """Planned days starting within window with fewer places taken than needed.

        unalerted leaves out days already announced for their current start time.
        """
        rows = await self.db.fetchall(
            STAFFING_SQL + " WHERE d.status = :planned AND d.starts_at > :now"
            " AND d.starts_at <= :until AND (NOT :unalerted OR NOT EXISTS"
            " (SELECT 1 FROM dropoff_day_alerts a WHERE a.day_id = d.id AND a.kind = :kind"
            " AND a.for_starts_at = d.starts_at)) ORDER BY d.starts_at, d.id",
            {
                "me": None,
                "planned": DayStatus.PLANNED.value,
                "now": to_db(now),
                "until": to_db(now + window),
                "unalerted": unalerted,
                "kind": SHORT_STAFFED,
            },
        )
        found = [staffing_from_row(row) for row in rows]
        return [
            item
            for item in found
            if is_short_staffed(
                item.day.starts_at, item.places.needed, item.places.taken, now, window
            )
        ]

    async def claim_short_staffed_alert(
        self, day_id: int, starts_at: datetime, now: datetime
    ) -> bool:
        """Records the alert for the day at this start time; False if it was already sent.

        Call it in the same transaction that queues the messages in the outbox.
        """
        changed = await self.db.execute(
            "INSERT INTO dropoff_day_alerts (day_id, kind, for_starts_at, sent_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (day_id, SHORT_STAFFED, to_db(starts_at), to_db(now)),
        )
        return bool(changed)

    async def reminder_candidates(self, now: datetime) -> list[ReminderCandidate]:
        """Every place on a planned day not yet begun, with reminders sent for its start time."""
        rows = await self.db.fetchall(
            "SELECT s.id AS signup_id, s.day_id, s.volunteer_id, v.user_id, s.signed_up_at,"
            " d.starts_at,"
            " d.ends_at, d.place, MAX(COALESCE(s.promoted_at, s.signed_up_at), d.updated_at)"
            " AS not_before,"
            " (SELECT group_concat(r.offset_minutes) FROM shift_reminders_sent r"
            "   WHERE r.signup_id = s.id AND r.for_starts_at = d.starts_at) AS sent"
            " FROM shift_signups s JOIN dropoff_days d ON d.id = s.day_id"
            " JOIN volunteers v ON v.id = s.volunteer_id"
            " WHERE s.status = ? AND d.status = ? AND d.starts_at > ?"
            " ORDER BY d.starts_at, s.id",
            (SignupStatus.CONFIRMED.value, DayStatus.PLANNED.value, to_db(now)),
        )
        candidates = []
        for row in rows:
            data = dict(row)
            sent = (data.pop("sent") or "").split(",")
            data["sent_offsets"] = frozenset(timedelta(minutes=int(m)) for m in sent if m)
            candidates.append(ReminderCandidate.model_validate(data))
        return candidates

    async def mark_reminders_sent(
        self, signup_id: int, starts_at: datetime, offsets: Iterable[timedelta], now: datetime
    ) -> bool:
        """Records reminders as sent for this start time; False if all already were.

        Call it in the same transaction that queues the reminder in the outbox.
        """
        added = 0
        async with self.db.transaction():
            for offset in offsets:
                added += await self.db.execute(
                    "INSERT INTO shift_reminders_sent (signup_id, offset_minutes, for_starts_at,"
                    " sent_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (signup_id, int(offset.total_seconds() // 60), to_db(starts_at), to_db(now)),
                )
        return added > 0
