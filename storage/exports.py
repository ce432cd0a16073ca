"""Rows for the board's CSV exports: offers, requests, needs, volunteers and shifts with
attendance.

Personal columns are only selected when the caller asks for them (the admin chose "with
personal data", which is written to the audit log by the handler). Rows are plain dicts of the
stored values, in id order; turning them into a spreadsheet is the handler's business.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from domain.clock import to_db
from storage.db import Database

OFFER_COLUMNS = (
    "id, reference, created_at, category_key, size, quantity, condition, handover, status,"
    " decided_at, accepted_handover, received_at, anonymised_at"
)
OFFER_PERSONAL = "donor_id, description, pickup_address, pickup_postcode, phone, decline_text"

REQUEST_COLUMNS = (
    "id, reference, created_at, kind, adults, children_count, referred_by, status, season,"
    " handed_over_at, closed_at, feedback_score, feedback_at, anonymised_at"
)
REQUEST_PERSONAL = (
    "user_id, postcode, phone, children, needs, referral_text, collect_text, decline_text,"
    " feedback_comment"
)

# One row per need recorded or met in the period (so the file adds up to /stats' numbers),
# with its request's reference. Size and child age are personal (migration 0013): together
# with the reference they describe one child of one household.
NEED_COLUMNS = (
    "n.id, r.reference, n.category_key, n.quantity, n.status, n.source, n.created_at, n.met_at"
)
NEED_PERSONAL = "n.size, n.child_age"

# Volunteers with what they did in the period: places held, shifts attended, hours.
_VOLUNTEERS = """
SELECT v.id, v.status, v.created_at{personal},
  COUNT(d.id) AS shifts,
  COALESCE(SUM(d.id IS NOT NULL AND s.attended = 1), 0) AS attended,
  COALESCE(SUM(CASE WHEN d.id IS NOT NULL AND s.attended = 1
    THEN (julianday(d.ends_at) - julianday(d.starts_at)) * 24 END), 0) AS hours
FROM volunteers v
LEFT JOIN shift_signups s ON s.volunteer_id = v.id AND s.status = 'confirmed'
LEFT JOIN dropoff_days d ON d.id = s.day_id AND d.status = 'planned'
  AND d.starts_at >= :start AND d.starts_at < :end
WHERE v.created_at < :end
GROUP BY v.id ORDER BY v.id
"""
VOLUNTEER_PERSONAL = ", v.user_id, v.name, v.phone, v.skills"

# Every day in the period with each sign-up (a day nobody signed up for still gets a row).
_SHIFTS = """
SELECT d.id AS day_id, d.starts_at, d.ends_at, d.place, d.status AS day_status,
  d.volunteers_needed, s.volunteer_id{personal}, s.status AS signup_status, s.attended
FROM dropoff_days d
LEFT JOIN shift_signups s ON s.day_id = d.id
LEFT JOIN volunteers v ON v.id = s.volunteer_id
WHERE d.starts_at >= :start AND d.starts_at < :end
ORDER BY d.starts_at, d.id, s.status, s.signed_up_at, s.id
"""
SHIFT_PERSONAL = ", v.name"


# The export's files, in the order they are sent.
TABLES = ("offers", "requests", "needs", "volunteers", "shifts")


def export_sql(table: str, personal: bool) -> str:
    """One table's query: its columns, and the personal ones only when asked for."""
    if table == "offers":
        columns = OFFER_COLUMNS + (", " + OFFER_PERSONAL if personal else "")
        return (
            f"SELECT {columns} FROM offers WHERE created_at >= :start AND created_at < :end"
            " ORDER BY id"
        )
    if table == "requests":
        columns = REQUEST_COLUMNS + (", " + REQUEST_PERSONAL if personal else "")
        return (
            f"SELECT {columns} FROM help_requests"
            " WHERE created_at >= :start AND created_at < :end ORDER BY id"
        )
    if table == "needs":
        columns = NEED_COLUMNS + (", " + NEED_PERSONAL if personal else "")
        return (
            f"SELECT {columns} FROM needs n JOIN help_requests r ON r.id = n.request_id"
            " WHERE (n.created_at >= :start AND n.created_at < :end)"
            " OR (n.met_at >= :start AND n.met_at < :end) ORDER BY n.id"
        )
    if table == "volunteers":
        return _VOLUNTEERS.format(personal=VOLUNTEER_PERSONAL if personal else "")
    if table == "shifts":
        return _SHIFTS.format(personal=SHIFT_PERSONAL if personal else "")
    raise ValueError(f"no export table {table!r}")


ExportRows = dict[str, list[dict[str, Any]]]


class ExportRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def everything(self, start: datetime, end: datetime, personal: bool) -> ExportRows:
        """Every table's rows (TABLES), read in one snapshot apart from everyone else's work
        (Database.read_apart): the files agree with each other, and a year's export holds up
        nobody."""
        return await self._read(TABLES, start, end, personal)

    async def table(
        self, table: str, start: datetime, end: datetime, personal: bool
    ) -> list[dict[str, Any]]:
        """One table's rows (one of TABLES)."""
        return (await self._read((table,), start, end, personal))[table]

    async def _read(
        self, tables: tuple[str, ...], start: datetime, end: datetime, personal: bool
    ) -> ExportRows:
        params = {"start": to_db(start), "end": to_db(end)}

        def read(raw: sqlite3.Connection) -> ExportRows:
            return {
                table: [dict(row) for row in raw.execute(export_sql(table, personal), params)]
                for table in tables
            }

        return await self.db.read_apart(read)
