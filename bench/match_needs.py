"""Finding the matches for a new offer among 20,000 open needs (50,000 offers on file), with
the production query (NeedRepository.matches_for_offer) on a real SQLite file: median and p95
over 200 offers against the same lookup with the indexes on needs not used (a full scan), and
the query plan. Target: <= 5 ms per offer."""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from domain.clock import to_db
from domain.matching import size_span
from domain.organisation import load_organisation
from storage.db import Database
from storage.needs import _NEEDS, _OPEN_REQUEST, NeedRepository
from storage.request_reads import OPEN

NEEDS, OFFERS, REQUESTS, PROBES = 20_000, 50_000, 8_000, 200
TARGET_MS = 5.0
ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
# Share of each category in what families ask for and donors give (mostly clothes and shoes).
SPREAD = {"clothes": 55, "shoes": 20, "toys": 10, "furniture": 5, "kitchen": 5, "other": 5}
CHILD_SIZES = [str(s) for s in range(50, 177, 6)]
SHOE_SIZES = [str(s) for s in range(16, 49)]


def a_size(rng: random.Random, category: str) -> str | None:
    if category == "clothes":
        return rng.choice(CHILD_SIZES) if rng.random() < 0.9 else None
    if category == "shoes":
        return rng.choice(SHOE_SIZES) if rng.random() < 0.9 else None
    return None


async def fill(db: Database) -> list[int]:
    org = load_organisation(ROOT / "organisation.toml")
    rng = random.Random(13)
    keys = [k for k in SPREAD for _ in range(SPREAD[k])]
    stamp = to_db(NOW)
    async with db.transaction():
        for n in range(REQUESTS):
            await db.execute(
                "INSERT INTO help_requests (user_id, kind, adults, children_count, status,"
                " consent_at, created_at, updated_at) VALUES (?, 'clothes', 1, 2, ?, ?, ?, ?)",
                (500_000 + n, rng.choice(["pending", "approved"]), stamp, stamp, stamp),
            )
        for n in range(NEEDS):
            category = rng.choice(keys)
            size = a_size(rng, category)
            span = size_span(org, category, size)
            created = to_db(NOW - timedelta(minutes=n))
            await db.execute(
                "INSERT INTO needs (request_id, category_key, size, size_rank, child_age,"
                " quantity, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)",
                (rng.randint(1, REQUESTS), category, size, span[0] if span else None,
                 rng.randint(0, 17), created),
            )  # fmt: skip
        for n in range(OFFERS):
            category = rng.choice(keys)
            status = rng.choice(["pending", "accepted", "received"])
            await db.execute(
                "INSERT INTO offers (donor_id, description, idempotency_key, category_key, size,"
                " quantity, condition, handover, status, accepted_handover, created_at, updated_at)"
                " VALUES (?, 'Tøj', ?, ?, ?, ?, 'good', 'dropoff', ?, ?, ?, ?)",
                (1000 + n, f"bench-{n}", category, a_size(rng, category), rng.randint(1, 5),
                 status, None if status == "pending" else "dropoff", stamp, stamp),
            )  # fmt: skip
    return rng.sample(range(1, OFFERS + 1), PROBES)


async def timed(db: Database, repo: NeedRepository, probes: list[int]) -> list[float]:
    org = load_organisation(ROOT / "organisation.toml")
    times = []
    for offer_id in probes:
        start = time.perf_counter()
        await repo.matches_for_offer(org, offer_id)
        times.append((time.perf_counter() - start) * 1000)
    return times


def p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


async def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "bench.sqlite3")
        await db.connect()
        try:
            probes = await fill(db)
            await db.execute("ANALYZE")
            repo = NeedRepository(db)
            indexed = await timed(db, repo, probes)
            plan = await db.fetchall(
                f"EXPLAIN QUERY PLAN {_NEEDS} WHERE n.status = 'open' AND n.category_key = ?"
                " AND (n.size_rank BETWEEN ? AND ? OR n.size_rank IS NULL)"
                f" AND {_OPEN_REQUEST} ORDER BY n.created_at, n.id LIMIT 100",
                ("clothes", 110.0, 122.0, *OPEN),
            )  # the production query of NeedRepository.candidates, for a size window
            for index in ("needs_open_oldest", "needs_open_match", "needs_created"):
                await db.execute(f"DROP INDEX {index}")
            scan = await timed(db, repo, probes)
        finally:
            await db.close()
    median, scan_median = statistics.median(indexed), statistics.median(scan)
    print(f"{NEEDS} open needs, {OFFERS} offers, {PROBES} new offers matched")
    print(f"  with the indexes: median {median:.2f} ms, p95 {p95(indexed):.2f} ms")
    print(f"  full scan:        median {scan_median:.2f} ms, p95 {p95(scan):.2f} ms")
    print(f"  ratio (scan / indexed, median): {scan_median / median:.1f}x")
    print(f"  target <= {TARGET_MS} ms: {'met' if p95(indexed) <= TARGET_MS else 'NOT met'}")
    print("  query plan (a size window):")
    for row in plan:
        print(f"    {row['detail']}")


def main() -> None:
    asyncio.run(run())


if __name__ == "__main__":
    main()
