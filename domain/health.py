"""Is the bot well? The rules behind /status and the daily note to the owners.

Plain data in, problems out: the note is sent only when a rule finds something, so the owners
hear nothing while all is well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

# After the nightly copy at 03:00, give it until 06:00 before calling it missing.
BACKUP_DUE_BY = time(6, 0)
OUTBOX_STUCK_AFTER = timedelta(minutes=30)
ERRORS_REPEATING = 5  # errors in 24 hours


@dataclass(frozen=True)
class HealthReport:
    now: datetime  # local time
    started_at: datetime
    last_update_at: datetime | None
    outbox_waiting: int
    outbox_failed: int  # in the last 24 hours
    outbox_oldest_due: datetime | None  # the oldest row still waiting to be sent
    unreachable: int
    backups_on: bool
    last_backup: date | None
    last_backup_bytes: int | None
    database_bytes: int
    errors_24h: int


class Problem(StrEnum):
    BACKUP_MISSING = "backup_missing"
    OUTBOX_STUCK = "outbox_stuck"
    SENDS_FAILING = "sends_failing"
    ERRORS_REPEATING = "errors_repeating"


def backup_expected(now: datetime) -> date:
    """The newest nightly copy there should be by now (local time)."""
    today = now.date()
    return today if now.time() >= BACKUP_DUE_BY else today - timedelta(days=1)


def problems(report: HealthReport) -> list[Problem]:
    found = []
    if report.backups_on:
        expected = backup_expected(report.now)
        # A bot started after last night's copy was due has had no night to make one yet.
        had_a_night = report.started_at.date() < expected or (
            report.started_at.date() == expected and report.started_at.time() < BACKUP_DUE_BY
        )
        if had_a_night and (report.last_backup is None or report.last_backup < expected):
            found.append(Problem.BACKUP_MISSING)
    if (
        report.outbox_oldest_due is not None
        and report.now - report.outbox_oldest_due > OUTBOX_STUCK_AFTER
    ):
        found.append(Problem.OUTBOX_STUCK)
    if report.outbox_failed > 0:
        found.append(Problem.SENDS_FAILING)
    if report.errors_24h >= ERRORS_REPEATING:
        found.append(Problem.ERRORS_REPEATING)
    return found
