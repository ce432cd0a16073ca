"""Counts for the board's statistics, straight from the database.

Everything counted here survives erasure: offers and requests are anonymised in place (their
category, kind, status, dates, household size and feedback score stay), so erasing a person's
details never changes a number. Periods are UTC [start, end) spans (domain.statistics.Period).
Offers and requests count by when they arrived, with their outcome as it is now; shifts and
drop-off days by the day they took place (days that are over); subscribers by when they said
yes; feedback by when it was given.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from domain.clock import from_db, to_db
from domain.statistics import (
    HELPED_STATUSES,
    GroupCount,
    Month,
    MonthlySeries,
    NeedStatistics,
    PeriodStatistics,
    median_days,
    month_bounds,
)
from storage.db import Database

# The chart's series, in the order they are drawn.
SERIES = ("offers", "requests", "households", "shifts")
# The needs panel's series: needs recorded and needs met per month.
NEED_SERIES = ("needs_recorded", "needs_met")

_HELPED = tuple(sorted(HELPED_STATUSES))
_ATTENDED = (
    "FROM shift_signups s JOIN dropoff_days d ON d.id = s.day_id"
    " WHERE s.attended = 1 AND d.status = 'planned' AND d.starts_at >= ? AND d.starts_at < ?"
)


class StatisticsRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def summary(self, start: datetime, end: datetime, now: datetime) -> PeriodStatistics:
        """All the board's numbers for one span, read in one snapshot (Database.read_apart).

        Drop-off days count once they are over (planned days later in the span are not
        "held" yet), and two days at the same moment count as one.
        """
        span = (to_db(start), to_db(end))

        def read(raw: sqlite3.Connection) -> dict[str, Any]:
            def rows(sql: str, params: tuple[str, ...] = span) -> list[sqlite3.Row]:
                return raw.execute(sql, params).fetchall()

            return {
                "offers": rows(
                    "SELECT category_key AS key, status, COUNT(*) AS n FROM offers"
                    " WHERE created_at >= ? AND created_at < ? GROUP BY category_key, status"
                    " ORDER BY category_key, status"
                ),
                "requests": rows(
                    "SELECT kind AS key, status, COUNT(*) AS n, SUM(children_count) AS children"
                    " FROM help_requests WHERE created_at >= ? AND created_at < ?"
                    " GROUP BY kind, status ORDER BY kind, status"
                ),
                "days": rows(
                    "SELECT COUNT(DISTINCT starts_at) FROM dropoff_days WHERE status = 'planned'"
                    " AND starts_at >= ? AND starts_at < ? AND ends_at <= ?",
                    (*span, to_db(now)),
                )[0][0],
                "attended": rows(f"SELECT d.starts_at, d.ends_at {_ATTENDED}"),
                "subscribers": rows(
                    "SELECT COUNT(DISTINCT user_id) FROM subscriptions"
                    " WHERE subscribed_at >= ? AND subscribed_at < ?"
                )[0][0],
                "feedback": rows(
                    "SELECT AVG(feedback_score) AS average, COUNT(feedback_score) AS n"
                    " FROM help_requests WHERE feedback_score IS NOT NULL"
                    " AND feedback_at >= ? AND feedback_at < ?"
                )[0],
                "needs_recorded": rows(
                    "SELECT COUNT(*) FROM needs WHERE created_at >= ? AND created_at < ?"
                )[0][0],
                "met": rows(
                    "SELECT source, created_at, met_at FROM needs WHERE status = 'met'"
                    " AND met_at >= ? AND met_at < ? ORDER BY source"
                ),
            }

        found = await self.db.read_apart(read)
        met, attended, feedback = found["met"], found["attended"], found["feedback"]
        by_source: dict[str, int] = {}
        for row in met:
            by_source[row["source"]] = by_source.get(row["source"], 0) + 1
        needs = NeedStatistics(
            recorded=int(found["needs_recorded"] or 0),
            met_by_source=tuple(by_source.items()),
            median_days=median_days(
                (from_db(row["created_at"]), from_db(row["met_at"])) for row in met
            ),
        )
        hours = sum(
            (from_db(row["ends_at"]) - from_db(row["starts_at"]) for row in attended), timedelta()
        )
        return PeriodStatistics(
            offers=tuple(
                GroupCount(row["key"], row["status"], row["n"]) for row in found["offers"]
            ),
            requests=tuple(
                GroupCount(row["key"], row["status"], row["n"], row["children"] or 0)
                for row in found["requests"]
            ),
            dropoff_days=int(found["days"] or 0),
            shifts_attended=len(attended),
            volunteer_hours=hours.total_seconds() / 3600,
            new_subscribers=int(found["subscribers"] or 0),
            feedback_average=None if feedback["average"] is None else float(feedback["average"]),
            feedback_count=int(feedback["n"]),
            needs=needs,
        )

    async def monthly(self, months: list[Month], zone: ZoneInfo) -> MonthlySeries:
        """The chart's series (see SERIES), counted per local month."""
        series = MonthlySeries(months)
        if not months:
            return series
        start, end = _span(months, zone)
        span = (to_db(start), to_db(end))
        helped = ",".join("?" * len(_HELPED))
        queries: dict[str, tuple[str, tuple[str, ...]]] = {
            "offers": (
                "SELECT created_at AS at FROM offers WHERE created_at >= ? AND created_at < ?",
                span,
            ),
            "requests": (
                "SELECT created_at AS at FROM help_requests"
                " WHERE created_at >= ? AND created_at < ?",
                span,
            ),
            "households": (
                "SELECT created_at AS at FROM help_requests WHERE created_at >= ?"
                f" AND created_at < ? AND status IN ({helped})",
                (*span, *_HELPED),
            ),
            "shifts": (f"SELECT d.starts_at AS at {_ATTENDED}", span),
            "needs_recorded": (
                "SELECT created_at AS at FROM needs WHERE created_at >= ? AND created_at < ?",
                span,
            ),
            "needs_met": (
                "SELECT met_at AS at FROM needs WHERE status = 'met'"
                " AND met_at >= ? AND met_at < ?",
                span,
            ),
        }

        def read(raw: sqlite3.Connection) -> dict[str, list[sqlite3.Row]]:
            return {name: raw.execute(*queries[name]).fetchall() for name in SERIES + NEED_SERIES}

        for name, rows in (await self.db.read_apart(read)).items():
            series.add(name, (from_db(row["at"]) for row in rows), zone)
        return series


def _span(months: list[Month], zone: ZoneInfo) -> tuple[datetime, datetime]:
    return month_bounds(months[0], zone)[0], month_bounds(months[-1], zone)[1]
