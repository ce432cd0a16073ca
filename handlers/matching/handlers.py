"""The board's one press that sets an offered thing aside for a family's need.

Callback data "match:res:<offer id>:<need id>" (keyboards.py), under an accepted offer's card
and under a request's card. Only admins (families' needs are theirs to see); anything forged or
stale is refused with an alert and a log line. After the action commits, every card of the
offer and of the request is drawn anew: the need is met there, and the reserved items leave the
other requests' matches.
"""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.context import BotContext
from bot.settings import Settings
from domain.offers import OfferStatus
from handlers.common.access import admin_only
from handlers.journey import Handler
from handlers.matching.actions import reserve
from handlers.matching.texts import not_reserved_answer, reserved_answer
from handlers.offers.decisions import refresh_accepted
from handlers.requests.board_cards import refresh_cards as refresh_request_cards

logger = logging.getLogger(__name__)

PRESS = re.compile(r"^match:res:(\d{1,9}):(\d{1,9})$")


async def reserve_press(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    if not await admin_only(update, context, f"match button {(query.data or '')[:64]!r}"):
        return
    found = PRESS.match(query.data or "")
    if found is None:
        logger.warning("Refused match button %r: malformed", (query.data or "")[:64])
        await query.answer(context.t.gettext("That button is not valid."), show_alert=True)
        return
    offer_id, need_id = int(found.group(1)), int(found.group(2))
    admin = update.effective_user.id if update.effective_user else 0
    reserved = await reserve(context.services, offer_id, need_id, admin)
    if reserved is None:
        logger.info("Match %s → need %s refused: not open any more", offer_id, need_id)
        await query.answer(not_reserved_answer(context.t), show_alert=True)
    else:
        await query.answer(
            reserved_answer(context.t, reserved.offer.reference, reserved.request.reference)
        )
    # Drawn anew either way: a refused press came from a card that was out of date.
    offer = await context.services.repos.offers.get(offer_id)
    if offer is not None and offer.status is OfferStatus.ACCEPTED:
        await refresh_accepted(context, offer)
    request_id = reserved.request.id if reserved else None
    if request_id is None:
        need = await context.services.repos.needs.get(need_id)
        request_id = need.request_id if need else None
    if request_id is not None:
        # Pressed under a request's card shown by /requests (not one the outbox sent): that
        # one is drawn anew too. Under an offer's card, refresh_accepted drew it.
        pressed = query.message
        also = None
        offers = context.services.repos.offers
        if (
            pressed is not None
            and await offers.offer_for_admin_message(pressed.chat.id, pressed.message_id) is None
        ):
            also = (pressed.chat.id, pressed.message_id)
        await refresh_request_cards(context, request_id, also=also)


def build(settings: Settings) -> list[Handler]:
    return [CallbackQueryHandler(reserve_press, pattern=r"^match:")]
