"""A month of the association's life (November 2026), written straight into the SQLite file.

The expected numbers below are worked out by hand from these rows; the board's statistics must
come to the same. Times are local (Europe/Copenhagen) and stored as UTC, as the bot does.
A few rows sit on purpose just outside November (in local time) or in October.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from domain.clock import from_db, to_db
from domain.matching import NeedSource, size_span
from domain.organisation import load_organisation
from storage.db import Database
from storage.needs import NeedRepository

ZONE = ZoneInfo("Europe/Copenhagen")
VOLUNTEERS = {7001: "Lone Frivillig", 7002: "Ahmad Hjælper", 7003: "Birthe Bærer"}

# What /stats must say for November 2026.
EXPECTED = {
    "offers": 6,
    "requests": 5,
    "households": 3,
    "children": 6,
    "christmas_families": 2,
    "shifts_attended": 3,
    "hours": 10,
    "dropoff_days": 2,
    "new_subscribers": 4,
    "feedback_average": "4,5",
    "feedback_answers": 2,
    # Needs: recorded in November, met in November (by source), median days to met.
    "needs_recorded": 5,
    "needs_met": 4,
    "needs_met_matching": 2,
    "needs_met_efterlysning": 1,
    "needs_met_dropoff": 1,
    "needs_median_days": "6,5",
}


def local(text: str) -> str:
    """'2026-11-07 10:00' local → the stored UTC text."""
    return to_db(datetime.fromisoformat(text).replace(tzinfo=ZONE))


def utc(text: str) -> str:
    return to_db(datetime.fromisoformat(text).replace(tzinfo=UTC))


# (category, status, created, anonymised)
OFFERS = [
    ("clothes", "accepted", local("2026-11-03 09:00"), False),
    ("clothes", "accepted", local("2026-11-05 18:00"), False),
    ("clothes", "received", local("2026-11-10 12:00"), False),
    ("furniture", "declined", local("2026-11-12 08:00"), False),
    ("shoes", "withdrawn", local("2026-11-15 08:00"), True),  # the donor erased their data
    ("toys", "pending", utc("2026-10-31 23:30"), False),  # 00:30 on 1 November in Denmark
    ("clothes", "accepted", local("2026-10-20 10:00"), False),  # October
    ("kitchen", "pending", utc("2026-11-30 23:30"), False),  # 00:30 on 1 December in Denmark
]

# (kind, status, adults, children, created, feedback score, feedback at, anonymised)
REQUESTS = [
    (
        "clothes",
        "handed_over",
        1,
        2,
        local("2026-11-02 10:00"),
        5,
        local("2026-11-20 10:00"),
        False,
    ),
    ("christmas", "approved", 2, 3, local("2026-11-04 10:00"), None, None, False),
    (
        "christmas",
        "handed_over",
        1,
        1,
        local("2026-11-06 10:00"),
        4,
        local("2026-11-25 10:00"),
        True,
    ),
    ("furniture", "declined", 2, 4, local("2026-11-08 10:00"), None, None, False),
    ("toys", "pending", 1, 1, local("2026-11-09 10:00"), None, None, False),
    (
        "clothes",
        "handed_over",
        1,
        2,
        local("2026-10-02 10:00"),
        1,
        local("2026-10-20 10:00"),
        False,
    ),
]

# (request number in REQUESTS, category, size, child age, quantity, created, met: (source, at))
# Met in November: 3, 5 and 8 days after the request, and one October need after 32 days;
# the median of those four waits is 6.5 days.
NEEDS = [
    (1, "clothes", "110", 4, 2, local("2026-11-02 10:00"), ("matching", local("2026-11-05 10:00"))),
    (1, "shoes", "28", 5, 1, local("2026-11-02 10:00"), ("dropoff", local("2026-11-07 10:00"))),
    (2, "toys", None, None, 1, local("2026-11-04 10:00"),
     ("efterlysning", local("2026-11-12 10:00"))),
    (2, "clothes", "128", 8, 1, local("2026-11-04 10:00"), None),
    (5, "toys", None, 3, 1, local("2026-11-09 10:00"), None),
    (6, "clothes", "98", 2, 1, local("2026-10-02 10:00"), ("matching", local("2026-11-03 10:00"))),
]  # fmt: skip

# (start, end, status) local; then the sign-ups (volunteer user id, status, attended)
DAYS = [
    ("2026-11-07 10:00", "2026-11-07 13:00", "planned",
     [(7001, "confirmed", 1), (7002, "confirmed", 1), (7003, "confirmed", 0)]),
    ("2026-11-14 10:00", "2026-11-14 13:00", "cancelled", []),
    ("2026-11-21 10:00", "2026-11-21 14:00", "planned",
     [(7001, "confirmed", 1), (7003, "waitlisted", None)]),
    ("2026-10-24 10:00", "2026-10-24 13:00", "planned", [(7002, "confirmed", 1)]),
]  # fmt: skip

# (user id, topic, subscribed) — 501 has two topics but is one new subscriber.
SUBSCRIPTIONS = [
    (501, "dropoff", local("2026-11-02 12:00")),
    (501, "christmas", local("2026-11-03 12:00")),
    (502, "news", local("2026-11-10 12:00")),
    (503, "dropoff", local("2026-11-11 12:00")),
    (504, "christmas", local("2026-11-29 12:00")),
    (505, "news", local("2026-10-29 12:00")),
]


async def seed(path: Path) -> None:
    """Creates the database (all migrations) with the month above in it."""
    db = Database(path)
    await db.connect()
    try:
        async with db.transaction():
            await _offers(db)
            await _requests(db)
            await _volunteers(db)
            await _needs(db)
            for user_id, topic, at in SUBSCRIPTIONS:
                await db.execute(
                    "INSERT INTO subscriptions (user_id, topic, subscribed_at) VALUES (?, ?, ?)",
                    (user_id, topic, at),
                )
    finally:
        await db.close()


async def _offers(db: Database) -> None:
    for n, (category, status, created, anonymised) in enumerate(OFFERS, start=1):
        accepted = "dropoff" if status in ("accepted", "received") else None
        personal = (None, None, None, None) if anonymised else (
            300 + n, f"Pæne ting nr. {n}", "+4520304050", f"offer-key-{n}"
        )  # fmt: skip
        await db.execute(
            "INSERT INTO offers (donor_id, category_key, description, quantity, condition,"
            " handover, phone, status, accepted_handover, idempotency_key, created_at,"
            " updated_at, anonymised_at) VALUES (?, ?, ?, 1, 'good', 'dropoff', ?, ?, ?, ?, ?,"
            " ?, ?)",
            (
                personal[0],
                category,
                personal[1],
                personal[2],
                status,
                accepted,
                personal[3],
                created,
                created,
                created if anonymised else None,
            ),
        )


async def _requests(db: Database) -> None:
    for n, row in enumerate(REQUESTS, start=1):
        kind, status, adults, children, created, score, feedback_at, anonymised = row
        closed = created if status in ("handed_over", "declined", "withdrawn") else None
        handed = created if status == "handed_over" else None
        personal = (
            (None, None, None, None)
            if anonymised
            else (400 + n, "+4561626364", f"Vi mangler vintertøj, familie {n}", f"req-key-{n}")
        )
        ages = (
            None
            if anonymised
            else json.dumps([{"age": 4 + i, "size": None} for i in range(children)])
        )
        await db.execute(
            "INSERT INTO help_requests (user_id, kind, adults, children_count, children, needs,"
            " postcode, phone, consent_at, status, handed_over_at, feedback_score, feedback_at,"
            " idempotency_key, created_at, updated_at, closed_at, anonymised_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                personal[0],
                kind,
                adults,
                children,
                ages,
                personal[2],
                None if anonymised else "7400",
                personal[1],
                created,
                status,
                handed,
                score,
                feedback_at,
                personal[3],
                created,
                created,
                closed,
                created if anonymised else None,
            ),
        )


async def _needs(db: Database) -> None:
    """The needs above; the met ones are marked met the way the bot does it."""
    needs = NeedRepository(db)
    org = load_organisation(Path(__file__).resolve().parents[2] / "organisation.toml")
    for request_number, category, size, age, quantity, created, met in NEEDS:
        need_id = await db.insert(
            "INSERT INTO needs (request_id, category_key, size, size_rank, child_age, quantity,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                request_number,
                category,
                size,
                None if (span := size_span(org, category, size)) is None else span[0],
                age,
                quantity,
                created,
            ),
        )
        assert need_id is not None
        if met is not None:
            source, at = met
            assert await needs.mark_met(need_id, NeedSource(source), from_db(at))


async def _volunteers(db: Database) -> None:
    ids = {}
    for user_id, name in VOLUNTEERS.items():
        at = local("2026-09-01 12:00")
        ids[user_id] = await db.insert(
            "INSERT INTO volunteers (user_id, name, phone, skills, consent_at, status,"
            " created_at, updated_at) VALUES (?, ?, '+4540506070', ?, ?, 'approved', ?, ?)",
            (user_id, name, json.dumps(["sorting", "driving"]), at, at, at),
        )
    for start, end, status, signups in DAYS:
        day_id = await db.insert(
            "INSERT INTO dropoff_days (starts_at, ends_at, place, volunteers_needed, status,"
            " created_at, updated_at) VALUES (?, ?, 'Teglvænget 97', 3, ?, ?, ?)",
            (
                local(start),
                local(end),
                status,
                local("2026-09-01 12:00"),
                local("2026-09-01 12:00"),
            ),
        )
        for user_id, signup_status, attended in signups:
            await db.execute(
                "INSERT INTO shift_signups (day_id, volunteer_id, status, signed_up_at, attended)"
                " VALUES (?, ?, ?, ?, ?)",
                (day_id, ids[user_id], signup_status, local("2026-10-01 12:00"), attended),
            )
