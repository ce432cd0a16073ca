"""Admins' decisions on offers as the board sees them: every card of the offer updated.

The decision itself (record, audit row, the donor's notice) is one action in actions.py; here
it shows on every card of the offer (the 🆕 goes, the outcome comes, the buttons go).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.i18n import Translator
from domain.days import DropoffDay
from domain.offer_models import Offer
from handlers.common import user_text
from handlers.offers import actions
from handlers.offers.cards import Matches, card_parts, donor_of, matches_of
from handlers.offers.texts import (
    admin_card,
    day_text,
    decline_reason,
)
from handlers.requests.board_cards import refresh_cards as refresh_request_cards

logger = logging.getLogger(__name__)

Outcome = Callable[[Translator], str]


async def refresh_cards(context: BotContext, offer: Offer, outcome: Outcome) -> Matches:
    """Shows the decision on every card of the offer; an accepted one keeps a button for each
    family's need it fits (one press sets it aside), any other loses its buttons. Returns the
    matches it drew."""
    services = context.services
    photos, day = await card_parts(services, offer)
    matches = await matches_of(services, offer)
    translators = dict(await services.notifier.admin_targets())
    shown_in = await services.repos.offers.admin_messages(offer.id)
    donor = await donor_of(services, offer, context.bot) if shown_in else None
    for shown in shown_in:
        t = translators.get(shown.chat_id, services.i18n(None))
        text = admin_card(
            offer,
            len(photos),
            day,
            services.organisation,
            t,
            outcome(t),
            donor=donor,
            matched=matches.lines(services, t),
        )
        rows = matches.buttons(offer, t)
        try:
            await context.bot.edit_message_text(
                text,
                chat_id=shown.chat_id,
                message_id=shown.message_id,
                reply_markup=InlineKeyboardMarkup(rows) if rows else None,
            )
        except BadRequest as error:  # not modified, or deleted meanwhile
            logger.debug("Card %s/%s not edited: %s", shown.chat_id, shown.message_id, error)
    return matches


def accepted_outcome(name: str, day: DropoffDay | None) -> Outcome:
    def outcome(t: Translator) -> str:
        if day is None:
            return t.gettext("✅ Accepted by {name}: we contact the donor about pickup.").format(
                name=name
            )
        return t.gettext("✅ Accepted by {name}: drop-off day {day}.").format(
            name=name, day=day_text(day, t)
        )

    return outcome


async def refresh_accepted(context: BotContext, offer: Offer) -> None:
    """An accepted offer's cards after one of its items was set aside: the decision line as
    it was (the name of who accepted is asked from Telegram; we do not store names)."""
    name = "–"
    if offer.decided_by is not None:
        try:
            name = user_text((await context.bot.get_chat(offer.decided_by)).first_name) or "–"
        except TelegramError as error:
            logger.info("No first name for the admin who accepted %s: %s", offer.reference, error)
    day = (
        await context.services.repos.days.get(offer.accepted_day_id)
        if offer.accepted_day_id
        else None
    )
    await refresh_cards(context, offer, accepted_outcome(name, day))


async def accept_offer(
    context: BotContext, offer: Offer, admin: int, name: str, day: DropoffDay | None
) -> bool:
    """Accepts (for a day, or pickup) and shows it on the cards; False if already decided."""
    decided = await actions.accept_offer(context.services, offer, admin, day)
    if decided is None:
        return False
    matches = await refresh_cards(context, decided, accepted_outcome(name, day))
    # The requests it fits now show it with a button to set it aside.
    for need in matches.fits:
        await refresh_request_cards(context, need.request_id)
    return True


async def decline_offer(
    context: BotContext, offer: Offer, admin: int, name: str, preset: int | None, typed: str | None
) -> bool:
    """Declines (a preset reason or a typed one) and shows it on the cards; False if decided."""
    decided = await actions.decline_offer(context.services, offer, admin, preset, typed)
    if decided is None:
        return False
    organisation = context.services.organisation

    def outcome(t: Translator) -> str:
        reason = decline_reason(decided, organisation, t)
        return t.gettext("❌ Declined by {name}: {reason}").format(name=name, reason=reason or "–")

    await refresh_cards(context, decided, outcome)
    return True


def admin_name(update: Update) -> str:
    user = update.effective_user
    return user_text(user.first_name) if user else "?"
