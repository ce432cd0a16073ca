"""Fixtures for integration tests: the real services on a real SQLite file, and crash points."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot import crash_points
from bot.services import Services, open_services
from bot.settings import Settings
from domain.clock import FixedClock

ROOT = Path(__file__).resolve().parents[2]
ACTION_NOW = datetime(2026, 12, 1, 11, 0, tzinfo=UTC)


@pytest.fixture
async def app_services(tmp_path: Path) -> AsyncIterator[Services]:
    """The services the bot runs on (a real database file), with the clock fixed at ACTION_NOW."""
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        database_path=tmp_path / "t.sqlite3",
        organisation_file=ROOT / "organisation.toml",
        admin_ids=[9001],
    )
    opened = await open_services(settings)
    clock = FixedClock(ACTION_NOW)
    opened.clock = clock
    opened.notifier.clock = clock
    yield opened
    await opened.close()


@pytest.fixture
def crash_at() -> Iterator[Callable[[str], None]]:
    """crash_at("offer.decided") makes that crash point raise CrashPointReached once."""
    yield lambda name: crash_points.arm(name, raising=True)
    crash_points.disarm()


async def table_counts(services: Services, *tables: str) -> dict[str, int]:
    """Rows per table: what an action left behind."""
    return {
        table: int(await services.db.fetchval(f"SELECT COUNT(*) FROM {table}")) for table in tables
    }
