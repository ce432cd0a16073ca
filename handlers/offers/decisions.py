"""Admins' decisions on offers as the board sees them: every card of the offer updated.

The decision itself (record, audit row, the donor's notice) is one action in actions.py; here
it shows on every card of the offer (the 🆕 goes, the outcome comes, the buttons go).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.i18n import Translator
from domain.days import DropoffDay
from domain.offer_models import Offer
from handlers.common import user_text
from handlers.offers import actions
from handlers.offers.cards import card_parts, donor_of
from handlers.offers.texts import (
    admin_card,
    day_text,
    decline_reason,
)

logger = logging.getLogger(__name__)

Outcome = Callable[[Translator], str]


async def refresh_cards(context: BotContext, offer: Offer, outcome: Outcome) -> None:
    """Shows the decision on every card of the offer and takes their buttons away."""
    services = context.services
    photos, day = await card_parts(services, offer)
    translators = dict(await services.notifier.admin_targets())
    shown_in = await services.repos.offers.admin_messages(offer.id)
    donor = await donor_of(services, offer, context.bot) if shown_in else None
    for shown in shown_in:
        t = translators.get(shown.chat_id, services.i18n(None))
        text = admin_card(
            offer, len(photos), day, services.organisation, t, outcome(t), donor=donor
        )
        try:
            await context.bot.edit_message_text(
                text, chat_id=shown.chat_id, message_id=shown.message_id, reply_markup=None
            )
        except BadRequest as error:  # not modified, or deleted meanwhile
            logger.debug("Card %s/%s not edited: %s", shown.chat_id, shown.message_id, error)


async def accept_offer(
    context: BotContext, offer: Offer, admin: int, name: str, day: DropoffDay | None
) -> bool:
    """Accepts (for a day, or pickup) and shows it on the cards; False if already decided."""
    decided = await actions.accept_offer(context.services, offer, admin, day)
    if decided is None:
        return False

    def outcome(t: Translator) -> str:
        if day is None:
            return t.gettext("✅ Accepted by {name}: we contact the donor about pickup.").format(
                name=name
            )
        return t.gettext("✅ Accepted by {name}: drop-off day {day}.").format(
            name=name, day=day_text(day, t)
        )

    await refresh_cards(context, decided, outcome)
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
