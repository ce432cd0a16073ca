"""When the owners are told that something needs attention, and when they hear nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.health import HealthReport, Problem, problems

ZONE = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=ZONE)
WELL = HealthReport(
    now=NOW,
    started_at=NOW - timedelta(days=10),
    last_update_at=NOW - timedelta(minutes=3),
    outbox_waiting=0,
    outbox_failed=0,
    outbox_oldest_due=None,
    unreachable=4,
    backups_on=True,
    last_backup=date(2026, 12, 2),
    last_backup_bytes=400_000,
    database_bytes=2_000_000,
    errors_24h=1,
)


def test_all_well_means_silence() -> None:
    assert problems(WELL) == []


def test_a_missing_backup_counts_once_the_night_has_passed() -> None:
    assert problems(replace(WELL, last_backup=date(2026, 12, 1))) == [Problem.BACKUP_MISSING]
    early = replace(WELL, now=NOW.replace(hour=5), last_backup=date(2026, 12, 1))
    assert problems(early) == []
    fresh = replace(WELL, started_at=NOW - timedelta(hours=1), last_backup=None)
    assert problems(fresh) == []  # started this morning: no night yet
    assert problems(replace(WELL, backups_on=False, last_backup=None)) == []


def test_a_stuck_outbox_failed_sends_and_repeating_errors() -> None:
    stuck = replace(WELL, outbox_waiting=40, outbox_oldest_due=NOW - timedelta(hours=2))
    assert problems(stuck) == [Problem.OUTBOX_STUCK]
    busy = replace(WELL, outbox_waiting=40, outbox_oldest_due=NOW - timedelta(minutes=5))
    assert problems(busy) == []
    assert problems(replace(WELL, outbox_failed=2)) == [Problem.SENDS_FAILING]
    assert problems(replace(WELL, errors_24h=7)) == [Problem.ERRORS_REPEATING]
