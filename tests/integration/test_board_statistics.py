"""The board's numbers, exports and roles on a real SQLite file with a seeded month."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from domain.matching import NeedSource
from domain.statistics import Month, Period
from storage.db import Database
from storage.exports import ExportRepository
from storage.needs import NeedRepository
from storage.offers import OfferRepository
from storage.requests import RequestRepository
from storage.roles import RoleRepository
from storage.statistics import StatisticsRepository
from tests.e2e.board_data import EXPECTED, seed

ZONE = ZoneInfo("Europe/Copenhagen")
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    await seed(tmp_path / "t.sqlite3")
    database = Database(tmp_path / "t.sqlite3")
    await database.connect()
    yield database
    await database.close()


async def test_november_numbers_match_the_hand_count(db: Database):
    stats = await StatisticsRepository(db).summary(*NOVEMBER.bounds(ZONE), NOW)
    assert stats.offers_total == EXPECTED["offers"]
    assert stats.requests_total == EXPECTED["requests"]
    assert stats.households_helped == EXPECTED["households"]
    assert stats.children_helped == EXPECTED["children"]
    assert stats.christmas_families == EXPECTED["christmas_families"]
    assert stats.shifts_attended == EXPECTED["shifts_attended"]
    assert stats.volunteer_hours == EXPECTED["hours"]
    assert stats.dropoff_days == EXPECTED["dropoff_days"]
    assert stats.new_subscribers == EXPECTED["new_subscribers"]
    assert stats.feedback_average == 4.5 and stats.feedback_count == 2
    assert stats.needs.recorded == EXPECTED["needs_recorded"]
    assert stats.needs.met == EXPECTED["needs_met"]
    assert stats.needs.met_from("matching") == EXPECTED["needs_met_matching"]
    assert stats.needs.met_from("efterlysning") == EXPECTED["needs_met_efterlysning"]
    assert stats.needs.met_from("dropoff") == EXPECTED["needs_met_dropoff"]
    assert stats.needs.median_days == 6.5


async def test_erasing_people_changes_no_count(db: Database):
    statistics = StatisticsRepository(db)
    before = await statistics.summary(*NOVEMBER.bounds(ZONE), NOW)
    # The families whose requests are closed (an open one is withdrawn on erasure: nobody
    # could be told the answer, so it is no longer "approved"), and every donor.
    for user_id in (401, 404, 406):
        await RequestRepository(db).erase_user(user_id, NOW)
    for donor_id in range(301, 309):
        await OfferRepository(db).erase_donor(donor_id, NOW)
    after = await statistics.summary(*NOVEMBER.bounds(ZONE), NOW)
    assert await db.fetchval("SELECT COUNT(*) FROM offers WHERE donor_id IS NOT NULL") == 0
    assert after.requests_total == before.requests_total
    assert after.households_helped == before.households_helped
    assert after.children_helped == before.children_helped
    assert after.feedback_average == before.feedback_average
    assert after.offers_total == before.offers_total


async def test_monthly_series_count_in_local_months(db: Database):
    months = NOVEMBER.chart_months()
    series = await StatisticsRepository(db).monthly(months, ZONE)
    assert months[-1] == Month(2026, 11) and len(months) == 6
    assert series.values["offers"][-2:] == [1, 6]  # October, November
    assert series.values["requests"][-2:] == [1, 5]
    assert series.values["households"][-2:] == [1, 3]
    assert series.values["shifts"][-2:] == [1, 3]
    assert sum(series.values["offers"][:-2]) == 0


async def test_exports_leave_out_personal_columns_unless_asked(db: Database):
    exports = ExportRepository(db)
    start, end = NOVEMBER.bounds(ZONE)
    plain = await exports.table("requests", start, end, personal=False)
    full = await exports.table("requests", start, end, personal=True)
    assert [row["reference"] for row in plain] == ["H-1001", "H-1002", "H-1003", "H-1004", "H-1005"]
    assert "phone" not in plain[0] and "needs" not in plain[0]
    assert full[0]["phone"] == "+4561626364"
    offers = await exports.table("offers", start, end, personal=False)
    assert len(offers) == EXPECTED["offers"] and "description" not in offers[0]


async def test_the_needs_export_holds_what_was_recorded_or_met_and_sizes_only_when_asked(
    db: Database,
):
    exports = ExportRepository(db)
    start, end = NOVEMBER.bounds(ZONE)
    plain = await exports.table("needs", start, end, personal=False)
    full = await exports.table("needs", start, end, personal=True)
    # Five recorded in November, and the October one met in November.
    assert len(plain) == EXPECTED["needs_recorded"] + 1
    assert [row["reference"] for row in plain] == [
        "H-1001", "H-1001", "H-1002", "H-1002", "H-1005", "H-1006"
    ]  # fmt: skip
    assert "size" not in plain[0] and "child_age" not in plain[0]
    assert (full[0]["size"], full[0]["child_age"]) == ("110", 4)
    october = Period(date(2026, 10, 1), date(2026, 10, 31))
    assert [
        row["reference"] for row in await exports.table("needs", *october.bounds(ZONE), False)
    ] == ["H-1006"]


async def test_volunteer_export_counts_only_the_period(db: Database):
    rows = await ExportRepository(db).table("volunteers", *NOVEMBER.bounds(ZONE), personal=True)
    by_name = {row["name"]: row for row in rows}
    assert by_name["Lone Frivillig"]["attended"] == 2
    assert round(by_name["Lone Frivillig"]["hours"], 2) == 7
    assert by_name["Ahmad Hjælper"]["attended"] == 1  # his October shift is not counted
    assert by_name["Birthe Bærer"]["shifts"] == 1 and by_name["Birthe Bærer"]["attended"] == 0


async def test_shift_export_lists_every_day_even_without_sign_ups(db: Database):
    rows = await ExportRepository(db).table("shifts", *NOVEMBER.bounds(ZONE), personal=False)
    assert len(rows) == 3 + 1 + 2  # Nov 7: three, Nov 14 (cancelled): none, Nov 21: two
    cancelled = [row for row in rows if row["day_status"] == "cancelled"]
    assert len(cancelled) == 1 and cancelled[0]["volunteer_id"] is None
    assert "name" not in rows[0]


async def test_roles_are_granted_replaced_and_revoked(db: Database):
    roles = RoleRepository(db)
    assert await roles.grant(7001, "coordinator", 9001, NOW)
    assert not await roles.grant(7001, "coordinator", 9001, NOW)  # a doubled press
    assert await roles.role_of(7001) == "coordinator"
    assert await roles.grant(7001, "admin", 9001, NOW)
    assert await roles.role_of(7001) == "admin"
    assert [grant.user_id for grant in await roles.all()] == [7001]
    assert await roles.names([7001, 9001]) == {7001: "Lone Frivillig"}
    assert (7001, "Lone Frivillig") not in await roles.volunteers_without_role()
    assert await roles.revoke(7001)
    assert not await roles.revoke(7001)
    assert await roles.role_of(7001) is None


async def test_only_days_that_are_over_count_and_a_doubled_day_counts_once(db: Database):
    async def add_day(starts: str, ends: str) -> None:
        await db.execute(
            "INSERT INTO dropoff_days (starts_at, ends_at, place, created_at, updated_at)"
            " VALUES (?, ?, 'Hallen', ?, ?)",
            (starts, ends, starts, starts),
        )

    await add_day("2026-11-28T09:00:00.000000Z", "2026-11-28T12:00:00.000000Z")
    await add_day("2026-11-28T09:00:00.000000Z", "2026-11-28T12:00:00.000000Z")  # twice
    await add_day("2026-11-29T09:00:00.000000Z", "2026-11-29T12:00:00.000000Z")  # still ahead
    statistics = StatisticsRepository(db)
    on_the_29th = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
    stats = await statistics.summary(*NOVEMBER.bounds(ZONE), on_the_29th)
    assert stats.dropoff_days == EXPECTED["dropoff_days"] + 1
    later = await statistics.summary(*NOVEMBER.bounds(ZONE), NOW)
    assert later.dropoff_days == EXPECTED["dropoff_days"] + 2


async def test_a_need_met_through_the_repository_counts_in_the_month_it_was_met(db: Database):
    """An open November need met on 1 December counts as recorded in November and met in
    December, with its wait from the request."""
    need_id = await db.fetchval("SELECT id FROM needs WHERE status = 'open' ORDER BY id LIMIT 1")
    december_first = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert await NeedRepository(db).mark_met(need_id, NeedSource.DROPOFF, december_first)
    statistics = StatisticsRepository(db)
    november = await statistics.summary(*NOVEMBER.bounds(ZONE), NOW)
    december = Period(date(2026, 12, 1), date(2026, 12, 31))
    later = await statistics.summary(*december.bounds(ZONE), datetime(2027, 1, 2, tzinfo=UTC))
    assert november.needs.recorded == EXPECTED["needs_recorded"]
    assert november.needs.met == EXPECTED["needs_met"]
    assert later.needs.recorded == 0
    assert later.needs.met == later.needs.met_from("dropoff") == 1
    assert later.needs.median_days == 27.0  # 4 November 10:00 local (09:00 UTC) to 1 December
