"""The one-press buttons that set an offered thing aside for a family's need.

Callback data: "match:res:<offer id>:<need id>" (handlers.py checks every press).
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton

from bot.i18n import Translator
from domain.matching import Need, OfferItems
from domain.organisation import Organisation
from handlers.matching.texts import reserve_label, reserve_offer_label


def reserve_data(offer_id: int, need_id: int) -> str:
    return f"match:res:{offer_id}:{need_id}"


def reserve_rows(
    t: Translator, offer_id: int, needs: Sequence[Need]
) -> list[list[InlineKeyboardButton]]:
    """Under an accepted offer's card: one button per need it fits."""
    return [
        [
            InlineKeyboardButton(
                reserve_label(t, need.reference), callback_data=reserve_data(offer_id, need.id)
            )
        ]
        for need in needs
    ]


def reserve_offer_rows(
    t: Translator, org: Organisation, pairs: Sequence[tuple[Need, OfferItems]]
) -> list[list[InlineKeyboardButton]]:
    """Under a request's card: one button per accepted offer that fits one of its needs."""
    return [
        [
            InlineKeyboardButton(
                reserve_offer_label(t, org, need, offer),
                callback_data=reserve_data(offer.offer_id, need.id),
            )
        ]
        for need, offer in pairs
        if offer.accepted
    ]
