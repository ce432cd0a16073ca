"""Admins' cards about offers: their parts, who the donor is, where each card was shown (to
edit it later), and the checks on every press of a card's button.

Callback data: "offer:<action>:<offer id>[:<arg>]". Every press is checked: only admins, only
while the offer awaits an answer; anything else is refused with an alert and a log line.
The buttons are in keyboards.py, the new-offer card is queued by notices.py, and the decisions
live in actions.py and decisions.py.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from telegram import Bot, InlineKeyboardButton, Update
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.i18n import Translator
from bot.services import Services
from domain.days import DropoffDay
from domain.matching import Need
from domain.offer_models import Offer, OfferPhoto
from domain.offers import OfferStatus
from handlers.common.access import admin_only
from handlers.matching.keyboards import reserve_rows
from handlers.matching.texts import fits_line, reserved_lines
from handlers.offers.texts import Donor
from storage.models import OutboxMessage

logger = logging.getLogger(__name__)

CARD_KEY = re.compile(r"^offer:(\d+):card:")


async def card_parts(
    services: Services, offer: Offer
) -> tuple[list[OfferPhoto], DropoffDay | None]:
    photos = await services.repos.offers.photos(offer.id)
    day_id = offer.accepted_day_id or offer.dropoff_day_id
    day = await services.repos.days.get(day_id) if day_id else None
    return photos, day


@dataclass(frozen=True)
class Matches:
    """The families' needs an offer fits (open ones), and those its items are set aside for."""

    fits: list[Need]
    reserved: list[Need]

    def lines(self, services: Services, t: Translator) -> list[str]:
        organisation = services.organisation
        return fits_line(t, organisation, self.fits) + reserved_lines(
            t, organisation, self.reserved
        )

    def buttons(self, offer: Offer, t: Translator) -> list[list[InlineKeyboardButton]]:
        """One press sets an accepted offer aside for a need it fits."""
        if offer.status is not OfferStatus.ACCEPTED:
            return []
        return reserve_rows(t, offer.id, self.fits)


async def matches_of(services: Services, offer: Offer) -> Matches:
    needs = services.repos.needs
    fits: list[Need] = []
    if offer.status in (OfferStatus.PENDING, OfferStatus.ACCEPTED):
        fits = await needs.matches_for_offer(services.organisation, offer.id)
    reserved = []
    for reservation in await needs.reservations_for_offer(offer.id):
        need = await needs.get(reservation.need_id)
        if need is not None:
            reserved.append(need)
    return Matches(fits, reserved)


async def donor_of(
    services: Services, offer: Offer, bot: Bot | None, first_name: str | None = None
) -> Donor | None:
    """The donor's first name and language for the card; the name is asked from Telegram
    (we do not store it), and left out when Telegram cannot tell."""
    if offer.donor_id is None:
        return None  # anonymised
    user = await services.users.get(offer.donor_id)
    language = user.language if user else services.settings.default_locale
    if first_name is None and bot is not None:
        try:
            first_name = (await bot.get_chat(offer.donor_id)).first_name
        except TelegramError as error:
            logger.info("No first name for the donor of %s: %s", offer.reference, error)
    return Donor(first_name, language)


def card_recorder(services: Services) -> Callable[[OutboxMessage, str], object]:
    """An outbox listener: remembers where each card was shown, to edit it after a decision."""

    async def on_finished(row: OutboxMessage, status: str) -> None:
        match = CARD_KEY.match(row.dedup_key or "")
        if match is None:
            return
        # Only a row Telegram took has a message id (a blocked or failed one has none).
        sent = await services.outbox.get(row.id)
        if sent is not None and sent.message_id is not None:
            async with services.unit_of_work() as uow:
                await uow.offers.record_admin_message(
                    int(match.group(1)), row.chat_id, sent.message_id
                )

    return on_finished


async def start(application: Any) -> None:
    """Remembers where each new-offer card was shown (to edit it after a decision)."""
    services = application.services
    if services.sender is not None:
        services.sender.add_listener(card_recorder(services))


async def refuse(update: Update, context: BotContext, text: str, why: str) -> None:
    query = update.callback_query
    user = update.effective_user
    logger.warning(
        "Refused offer button %r from user %s: %s",
        ((query.data if query else "") or "")[:64],
        user.id if user else None,
        why,
    )
    if query is not None:
        await query.answer(text, show_alert=True)


async def refuse_decided(update: Update, context: BotContext, offer: Offer) -> None:
    _ = context.t.gettext
    text = _("{reference} is already answered.").format(reference=offer.reference)
    if offer.status is OfferStatus.WITHDRAWN:
        text = _("{reference} was withdrawn by the donor: nothing to do.").format(
            reference=offer.reference
        )
    await refuse(update, context, text, f"{offer.reference} is {offer.status}")
    query = update.callback_query
    if query is not None and query.message is not None:
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(None)


async def admin_offer(
    update: Update, context: BotContext, *, decided_too: bool = False
) -> Offer | None:
    """The offer a button is about, when an admin pressed it and the offer awaits an answer
    (or, decided_too, has one already: the decision's own press again, after a crash or
    pressed twice, which the action recognises)."""
    query = update.callback_query
    _ = context.t.gettext
    if query is None:
        return None
    if not await admin_only(update, context, f"offer button {(query.data or '')[:64]!r}"):
        return None
    parts = (query.data or "").split(":")
    offer_id = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
    offer = await context.services.repos.offers.get(offer_id) if offer_id else None
    if offer is None:
        await refuse(update, context, _("That button is not valid."), "unknown offer")
        return None
    if offer.status is not OfferStatus.PENDING and not (
        decided_too and offer.status in (OfferStatus.ACCEPTED, OfferStatus.DECLINED)
    ):
        await refuse_decided(update, context, offer)
        return None
    return offer
