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
