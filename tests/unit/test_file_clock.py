"""The clock end-to-end tests move by a file: a file caught half-written never breaks it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from domain.clock import FileClock, write_clock_file

NOON = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def test_the_clock_runs_on_from_the_time_written(tmp_path: Path):
    path = tmp_path / "now.txt"
    write_clock_file(path, NOON)
    now = FileClock(path).now()
    assert NOON <= now < NOON + timedelta(seconds=5)
    assert not (tmp_path / "now.txt.partial").exists()


def test_a_file_caught_empty_while_written_keeps_the_time_read_before(tmp_path: Path):
    path = tmp_path / "now.txt"
    write_clock_file(path, NOON)
    clock = FileClock(path)
    clock.now()
    path.write_text("", encoding="utf-8")  # another program's write, between truncate and fill
    assert NOON <= clock.now() < NOON + timedelta(seconds=5)
    write_clock_file(path, NOON + timedelta(days=1))
    assert clock.now() >= NOON + timedelta(days=1)  # and read again once it is whole


def test_an_empty_file_before_any_time_is_the_real_time(tmp_path: Path):
    path = tmp_path / "now.txt"
    path.write_text("", encoding="utf-8")
    assert abs(FileClock(path).now() - datetime.now(UTC)) < timedelta(seconds=5)
