"""What a request's card shows of matching: its needs (met or open) and the offers that fit the
open ones, with a one-press button for each accepted one."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton

from bot.i18n import Translator
from domain.matching import Need, OfferItems, offers_for_request
from domain.organisation import Organisation
from domain.request_models import HelpRequest
from domain.requests import RequestStatus
from handlers.matching.keyboards import reserve_offer_rows
from handlers.matching.texts import request_lines
from storage.needs import NeedRepository
from storage.offers import OfferRepository


@dataclass(frozen=True)
class RequestMatches:
    needs: list[Need]
    fitting: list[tuple[Need, OfferItems]]
    found: dict[int, str]  # need id → the reference of the offer set aside for it
    approved: bool = False

    def lines(self, t: Translator, org: Organisation) -> list[str]:
        return request_lines(t, org, self.needs, self.fitting, self.found, self.approved)

    def rows(self, t: Translator, org: Organisation) -> list[list[InlineKeyboardButton]]:
        return reserve_offer_rows(t, org, self.fitting)


NONE = RequestMatches([], [], {})


async def fitting_offers(
    needs: NeedRepository, org: Organisation, requests: list[HelpRequest]
) -> dict[int, list[str]]:
    """For /requests: each open request's fitting offers (references), with two queries for
    the whole list rather than two for each request."""
    shown = [request for request in requests if request.is_open and not request.is_anonymised]
    recorded = await needs.for_requests([request.id for request in shown])
    open_needs = {rid: [need for need in found if need.is_open] for rid, found in recorded.items()}
    categories = {need.category_key for found in open_needs.values() for need in found}
    candidates = await needs.matchable_offers(categories)
    fitting: dict[int, list[str]] = {}
    for request_id, found in open_needs.items():
        pairs = offers_for_request(org, found, candidates)
        fitting[request_id] = list(
            {offer.offer_id: offer.reference for _n, offer in pairs}.values()
        )
    return fitting


async def request_matches(
    needs: NeedRepository, offers: OfferRepository, org: Organisation, request: HelpRequest
) -> RequestMatches:
    """The request's needs and the offers that fit its open ones (none once it is closed)."""
    if request.is_anonymised:
        return NONE
    recorded = await needs.for_request(request.id)
    found: dict[int, str] = {}
    for need in recorded:
        if need.offer_id is not None:
            offer = await offers.get(need.offer_id)
            if offer is not None:
                found[need.id] = offer.reference
    fitting: list[tuple[Need, OfferItems]] = []
    open_needs = [need for need in recorded if need.is_open]
    if open_needs and request.is_open:
        candidates = await needs.matchable_offers(need.category_key for need in open_needs)
        fitting = offers_for_request(org, open_needs, candidates)
    approved = request.status is RequestStatus.APPROVED
    return RequestMatches(recorded, fitting, found, approved)
