"""Needs of help requests, and the reservations of offered items for them.

Finding the needs a new offer fits is one range lookup on needs_open_match (category, size
rank) among the open needs of open requests; domain.matching.fits then decides (the SQL only
narrows). Reserving is one guarded write each: the need must still be open and the offer must
still have an item free, so two admins pressing at once reserve once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from domain.clock import to_db
from domain.matching import (
    Need,
    NeedSource,
    NeedSpec,
    NeedStatus,
    OfferItems,
    needs_for_offer,
    rank_window,
)
from domain.offers import OfferStatus
from domain.organisation import Organisation
from storage.db import Database
from storage.request_reads import OPEN, marks

# The needs a card can show are few; the SQL fetches more, as one request may hold several.
_CANDIDATES = 100
_NEEDS = "SELECT n.*, r.reference FROM needs n JOIN help_requests r ON r.id = n.request_id"
_OPEN_REQUEST = f"r.status IN ({marks(OPEN)})"
_MATCHABLE_OFFERS = (OfferStatus.PENDING.value, OfferStatus.ACCEPTED.value)
_ITEMS = (
    "SELECT o.id AS offer_id, o.reference, o.category_key, o.size,"
    " o.status = 'accepted' AS accepted,"
    " o.quantity - COALESCE((SELECT SUM(x.quantity) FROM reservations x"
    " WHERE x.offer_id = o.id), 0) AS free FROM offers o"
)


class Reservation(BaseModel):
    model_config = ConfigDict(frozen=True)
    id: int
    offer_id: int
    need_id: int
    request_id: int
    quantity: int
    reserved_by: int
    reserved_at: datetime


def to_need(row: Any) -> Need:
    return Need.model_validate(dict(row))


class NeedRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def add_for_request(
        self, request_id: int, specs: Iterable[NeedSpec], organisation: Organisation, now: datetime
    ) -> list[Need]:
        """Records a request's needs (in the request's transaction)."""
        stamp = to_db(now)
        async with self.db.transaction():
            for spec in specs:
                await self.db.insert(
                    "INSERT INTO needs (request_id, category_key, size, size_rank, child_age,"
                    " quantity, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        request_id,
                        spec.category_key,
                        spec.size,
                        spec.size_rank(organisation),
                        spec.child_age,
                        spec.quantity,
                        stamp,
                    ),
                )
        return await self.for_request(request_id)

    async def get(self, need_id: int) -> Need | None:
        row = await self.db.fetchone(f"{_NEEDS} WHERE n.id = ?", (need_id,))
        return None if row is None else to_need(row)

    async def for_request(self, request_id: int) -> list[Need]:
        rows = await self.db.fetchall(
            f"{_NEEDS} WHERE n.request_id = ? ORDER BY n.id", (request_id,)
        )
        return [to_need(row) for row in rows]

    async def for_requests(self, request_ids: list[int]) -> dict[int, list[Need]]:
        found: dict[int, list[Need]] = {request_id: [] for request_id in request_ids}
        if not request_ids:
            return found
        rows = await self.db.fetchall(
            f"{_NEEDS} WHERE n.request_id IN ({marks(request_ids)}) ORDER BY n.id",
            tuple(request_ids),
        )
        for row in rows:
            found[row["request_id"]].append(to_need(row))
        return found

    # --- matching -------------------------------------------------------------------------

    async def items_of(self, offer_id: int) -> OfferItems | None:
        """The offer as the matching sees it (its free items), whatever its status."""
        row = await self.db.fetchone(f"{_ITEMS} WHERE o.id = ?", (offer_id,))
        return None if row is None else OfferItems.model_validate(dict(row))

    async def matchable_offers(self, category_keys: Iterable[str]) -> list[OfferItems]:
        """Offers awaiting an answer or accepted, with an item free, of these categories."""
        keys = sorted(set(category_keys))
        if not keys:
            return []
        rows = await self.db.fetchall(
            f"SELECT * FROM ({_ITEMS} WHERE o.status IN ({marks(_MATCHABLE_OFFERS)})"
            f" AND o.category_key IN ({marks(keys)})) WHERE free > 0 ORDER BY offer_id",
            (*_MATCHABLE_OFFERS, *keys),
        )
        return [OfferItems.model_validate(dict(row)) for row in rows]

    async def candidates(self, organisation: Organisation, offer: OfferItems) -> list[Need]:
        """The open needs of open requests the offer may fit: its category, sizes in its
        window or unknown (the index needs_open_match narrows; fits decides)."""
        window = rank_window(organisation, offer)
        if window is None:
            sql = (
                f"{_NEEDS} WHERE n.status = 'open' AND n.category_key = ? AND {_OPEN_REQUEST}"
                " ORDER BY n.created_at, n.id LIMIT ?"
            )
            params: tuple[Any, ...] = (offer.category_key, *OPEN, _CANDIDATES)
        else:
            # Oldest first along needs_open_oldest (migration 0016): the walk stops at the
            # first _CANDIDATES needs that fit, with no sort (bench/match_needs.py).
            sql = (
                f"{_NEEDS} WHERE n.status = 'open'"
                " AND n.category_key = ? AND (n.size_rank BETWEEN ? AND ? OR n.size_rank IS NULL)"
                f" AND {_OPEN_REQUEST} ORDER BY n.created_at, n.id LIMIT ?"
            )
            params = (offer.category_key, *window, *OPEN, _CANDIDATES)
        rows = await self.db.fetchall(sql, params)
        return [to_need(row) for row in rows]

    async def matches_for_offer(self, organisation: Organisation, offer_id: int) -> list[Need]:
        """The open needs the offer fits, for its card (none once its items are reserved)."""
        items = await self.items_of(offer_id)
        if items is None or items.free < 1:
            return []
        return needs_for_offer(organisation, items, await self.candidates(organisation, items))

    # --- meeting needs --------------------------------------------------------------------

    async def reserve(
        self, offer_id: int, need_id: int, admin: int, now: datetime
    ) -> Reservation | None:
        """Sets aside the offer's items (as many as the need asks, up to what is free) for the
        need and marks it met by matching; None if the need is not open, its request closed,
        or the offer is not accepted or has nothing free."""
        async with self.db.transaction():
            need = await self.get(need_id)
            items = await self.items_of(offer_id)
            status = await self.db.fetchval("SELECT status FROM offers WHERE id = ?", (offer_id,))
            open_request = await self.db.fetchval(
                f"SELECT 1 FROM help_requests r WHERE r.id = ? AND {_OPEN_REQUEST}",
                (need.request_id if need else -1, *OPEN),
            )
            if (
                need is None
                or not need.is_open
                or not open_request
                or items is None
                or items.free < 1
                or status != OfferStatus.ACCEPTED.value
            ):
                return None
            quantity = min(need.quantity, items.free)
            if not await self.mark_met(need_id, NeedSource.MATCHING, now, offer_id=offer_id):
                return None
            reservation_id = await self.db.insert(
                "INSERT INTO reservations (offer_id, need_id, request_id, quantity, reserved_by,"
                " reserved_at) VALUES (?, ?, ?, ?, ?, ?)",
                (offer_id, need_id, need.request_id, quantity, admin, to_db(now)),
            )
            row = await self.db.fetchone(
                "SELECT * FROM reservations WHERE id = ?", (reservation_id,)
            )
        assert row is not None
        return Reservation.model_validate(dict(row))

    async def mark_met(
        self, need_id: int, source: NeedSource, now: datetime, *, offer_id: int | None = None
    ) -> bool:
        """Marks an open need met (by matching, an efterlysning or a drop-off); False if it was
        not open."""
        changed = await self.db.execute(
            "UPDATE needs SET status = ?, source = ?, offer_id = ?, met_at = ?"
            " WHERE id = ? AND status = ?",
            (NeedStatus.MET.value, source.value, offer_id, to_db(now), need_id, "open"),
        )
        return bool(changed)

    async def release_offer(self, offer_id: int) -> list[Need]:
        """The offer will not come (withdrawn): its reservations go and the needs they met are
        open again, to match other offers; returns those needs (as they are now)."""
        async with self.db.transaction():
            reserved = await self.reservations_for_offer(offer_id)
            for reservation in reserved:
                await self.db.execute(
                    "UPDATE needs SET status = 'open', source = NULL, offer_id = NULL,"
                    " met_at = NULL WHERE id = ? AND offer_id = ?",
                    (reservation.need_id, offer_id),
                )
            await self.db.execute("DELETE FROM reservations WHERE offer_id = ?", (offer_id,))
            needs = [await self.get(reservation.need_id) for reservation in reserved]
        return [need for need in needs if need is not None]

    async def reservations_for_offer(self, offer_id: int) -> list[Reservation]:
        rows = await self.db.fetchall(
            "SELECT * FROM reservations WHERE offer_id = ? ORDER BY id", (offer_id,)
        )
        return [Reservation.model_validate(dict(row)) for row in rows]
