"""Needs meet offers: a request's needs as structured items, and which offers fit which needs.

Pure: no SQL, no Telegram. A need fits an offer when it is of the same category, its size is
within the category's tolerance of the offer's (organisation.toml: size_tolerance, in steps of
the category's scale: one child size, one shoe size), and the offer still has an item free.
An unknown size on either side (a bag of mixed sizes, "I don't know") fits any size: the admin
sees the sizes on the card and decides. Needs that are met (reserved) are not open, and an
offer whose items are all reserved has none free, so reserved items never match again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.days import DropoffDay
from domain.offers import ADULT_SIZES, CHILD_SIZES, MIXED_SIZE
from domain.organisation import Organisation

# Letter sizes sit far from the child sizes on the clothes scale, so no tolerance joins them.
_LETTER_OFFSET = 100.0
# Letters the scale knows beyond XS-XXL (another helper may add them to the parsing).
_LETTERS: tuple[str, ...] = ("XXS", *ADULT_SIZES, "XXXL", "4XL")
MAX_SHOWN = 5  # matches shown on one card


class NeedStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    CANCELLED = "cancelled"


class NeedSource(StrEnum):
    """How a need was met (counted by /stats)."""

    MATCHING = "matching"  # an offer reserved for it
    EFTERLYSNING = "efterlysning"  # a wanted post to donors
    DROPOFF = "dropoff"  # found on a drop-off day


class NeedSpec(BaseModel):
    """A need as a request records it (before it has an id)."""

    model_config = ConfigDict(frozen=True)
    category_key: str
    size: str | None = None
    child_age: int | None = None
    quantity: int = 1

    def size_rank(self, organisation: Organisation) -> float | None:
        span = size_span(organisation, self.category_key, self.size)
        return None if span is None else span[0]


class Need(BaseModel):
    """A stored need, with its request's reference."""

    model_config = ConfigDict(frozen=True)
    id: int
    request_id: int
    reference: str  # the request's, "H-1001"
    category_key: str
    size: str | None
    size_rank: float | None
    child_age: int | None
    quantity: int
    status: NeedStatus
    source: NeedSource | None
    offer_id: int | None
    created_at: datetime
    met_at: datetime | None

    @property
    def is_open(self) -> bool:
        return self.status is NeedStatus.OPEN


class OfferItems(BaseModel):
    """An offer as the matching sees it: what, which size, and how many items are still free."""

    model_config = ConfigDict(frozen=True)
    offer_id: int
    reference: str  # "G-1001"
    category_key: str
    size: str | None
    free: int  # quantity minus the reserved items
    accepted: bool = False  # only an accepted offer's items can be reserved


def size_span(
    organisation: Organisation, category_key: str, size: str | None
) -> Sequence[float] | None:
    """The size's place on the category's scale: (low, high); '110/116' spans two child sizes.
    None for no size, mixed sizes, a category without sizes, or a size the scale does not know."""
    category = organisation.category(category_key)
    if category is None or category.sizes == "none" or not size or size == MIXED_SIZE:
        return None
    if category.sizes == "shoes":
        try:
            value = float(size.replace(",", "."))
        except ValueError:
            return None
        return (value, value)
    ranks = [_clothes_rank(part.strip()) for part in size.split("/")]
    if not ranks or any(rank is None for rank in ranks):
        return None
    known = [rank for rank in ranks if rank is not None]
    return (min(known), max(known))


def _clothes_rank(size: str) -> float | None:
    if size.isdecimal() and int(size) in CHILD_SIZES:
        return float(CHILD_SIZES.index(int(size)))
    letter = size.upper()
    if letter in _LETTERS:
        return _LETTER_OFFSET + _LETTERS.index(letter)
    return None


def tolerance(organisation: Organisation, category_key: str) -> float:
    category = organisation.category(category_key)
    return 0.0 if category is None else category.size_tolerance


def rank_window(organisation: Organisation, offer: OfferItems) -> tuple[float, float] | None:
    """The size ranks of the needs the offer may fit (for an index range); None: any size."""
    span = size_span(organisation, offer.category_key, offer.size)
    if span is None:
        return None
    slack = tolerance(organisation, offer.category_key)
    return (span[0] - slack, span[1] + slack)


def fits(organisation: Organisation, offer: OfferItems, need: Need) -> bool:
    """Same category, size within the tolerance (or unknown on either side), an item free."""
    if not need.is_open or offer.free < 1 or offer.category_key != need.category_key:
        return False
    window = rank_window(organisation, offer)
    need_span = size_span(organisation, need.category_key, need.size)
    if window is None or need_span is None:
        return True
    return window[0] <= need_span[0] and need_span[1] <= window[1]


def needs_for_offer(
    organisation: Organisation, offer: OfferItems, needs: Iterable[Need], limit: int = MAX_SHOWN
) -> list[Need]:
    """The open needs the offer fits, oldest request first, one per request, at most `limit`."""
    chosen: list[Need] = []
    seen: set[int] = set()
    for need in sorted(needs, key=lambda item: (item.created_at, item.id)):
        if need.request_id in seen or not fits(organisation, offer, need):
            continue
        seen.add(need.request_id)
        chosen.append(need)
        if len(chosen) >= limit:
            break
    return chosen


def offers_for_need(
    organisation: Organisation, need: Need, offers: Iterable[OfferItems], limit: int = MAX_SHOWN
) -> list[OfferItems]:
    """The offers with a free item that fit the need, oldest first, at most `limit`."""
    fitting = [offer for offer in offers if fits(organisation, offer, need)]
    return sorted(fitting, key=lambda offer: offer.offer_id)[:limit]


def offers_for_request(
    organisation: Organisation,
    needs: Iterable[Need],
    offers: Sequence[OfferItems],
    limit: int = MAX_SHOWN,
) -> list[tuple[Need, OfferItems]]:
    """For each open need of a request, the offers that fit it, as (need, offer) pairs."""
    pairs: list[tuple[Need, OfferItems]] = []
    for need in needs:
        for offer in offers_for_need(organisation, need, offers, limit):
            pairs.append((need, offer))
    return pairs[:limit]


def needs_for_request(
    organisation: Organisation, kind: str, children: Iterable[tuple[int | None, str | None]]
) -> list[NeedSpec]:
    """What a request records as needs, from the answers it already has: a kind that is also an
    offer category (clothes, shoes, toys …) gives one need per child (their age, and their size
    where the category has sizes), or one for the household without children. Other kinds
    (Christmas help …) are not things one offer can meet: no structured needs."""
    category = organisation.category(kind)
    if category is None or kind == "other":
        return []
    sized = category.sizes != "none"
    specs = [
        NeedSpec(category_key=kind, size=size if sized else None, child_age=age)
        for age, size in children
    ]
    return specs or [NeedSpec(category_key=kind)]


def all_met(needs: Iterable[Need]) -> bool:
    """Every need of a request is met (and it has some): it can be closed with one press."""
    listed = list(needs)
    return (
        bool(listed)
        and all(need.status in (NeedStatus.MET, NeedStatus.CANCELLED) for need in listed)
        and any(need.status is NeedStatus.MET for need in listed)
    )


def pick_need(needs: Iterable[Need], category_key: str, size: str | None) -> Need | None:
    """The open need an efterlysning for (category, size) met: the same size first, then any
    size of the category, oldest first; None when the request has no open need of it."""
    fitting = [need for need in needs if need.is_open and need.category_key == category_key]
    fitting.sort(key=lambda need: (need.size != size, need.id))
    return fitting[0] if fitting else None


def collection_day(
    request_day: DropoffDay | None,
    offer_day: DropoffDay | None,
    received: bool,
    upcoming: Sequence[DropoffDay],
    now: datetime,
) -> DropoffDay | None:
    """When the family can collect what was reserved for them: their own appointment if the
    thing is there by then; else the day the donor brings it; else the first coming day after
    that (or after now, when it is in the house already). None when the thing has no day yet
    (the board arranges a pickup from the donor): the family is told they will hear when."""
    if not received and offer_day is None:
        return None
    ready = None if received or offer_day is None else offer_day.starts_at

    def usable(day: DropoffDay | None) -> bool:
        return (
            day is not None
            and not day.cancelled
            and day.ends_at > now
            and (ready is None or day.starts_at >= ready)
        )

    for day in (request_day, offer_day):
        if usable(day):
            return day
    later = [day for day in upcoming if usable(day)]
    return min(later, key=lambda day: (day.starts_at, day.id)) if later else None
