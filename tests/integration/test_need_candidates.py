"""NeedRepository.candidates as one walk along needs_open_oldest (migration 0016)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from domain.matching import OfferItems
from domain.organisation import load_organisation
from storage.db import Database
from storage.needs import NeedRepository
from tests.e2e.board_data import seed

ORG = load_organisation(Path(__file__).resolve().parents[2] / "organisation.toml")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    await seed(tmp_path / "t.sqlite3")
    database = Database(tmp_path / "t.sqlite3")
    await database.connect()
    yield database
    await database.close()


def offer(category: str, size: str | None) -> OfferItems:
    return OfferItems(offer_id=1, reference="G-1001", category_key=category, size=size, free=1)


async def test_sizes_in_the_window_and_unknown_sizes_come_oldest_first_open_only(db: Database):
    needs = NeedRepository(db)
    # The open clothes need is size 128: a 122 offer fits within one size, a 98 one does not.
    assert [n.size for n in await needs.candidates(ORG, offer("clothes", "122"))] == ["128"]
    assert await needs.candidates(ORG, offer("clothes", "98")) == []
    await db.execute(
        "INSERT INTO needs (request_id, category_key, quantity, created_at)"
        " VALUES (2, 'clothes', 1, '2026-11-01T08:00:00+00:00')"
    )
    found = await needs.candidates(ORG, offer("clothes", "122"))
    assert [n.size for n in found] == [None, "128"]  # the older need, of any size, first
    plan = await db.fetchall(
        "EXPLAIN QUERY PLAN SELECT * FROM needs WHERE status = 'open' AND category_key = ?"
        " ORDER BY created_at, id",
        ("clothes",),
    )
    assert any("needs_open_oldest" in row["detail"] for row in plan)
