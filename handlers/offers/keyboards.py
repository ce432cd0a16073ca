"""The buttons under an admin's card of an offer. Callback data: "offer:<action>:<offer id>[:<arg>]"
(handlers.py reads it; cards.admin_offer checks every press)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from domain.days import DropoffDay
from domain.offer_models import Offer
from domain.offers import Handover
from domain.organisation import Organisation
from handlers.offers.texts import day_button

DAYS_TO_OFFER = 4  # drop-off days shown to choose from when accepting


def card_buttons(
    offer: Offer, photo_count: int, t: Translator, photos: bool
) -> InlineKeyboardMarkup:
    _ = t.gettext
    rows = [
        [
            InlineKeyboardButton(_("✅ Accept"), callback_data=f"offer:acc:{offer.id}"),
            InlineKeyboardButton(_("❌ Decline"), callback_data=f"offer:dec:{offer.id}"),
        ],
        [InlineKeyboardButton(_("❓ Ask the donor"), callback_data=f"offer:ask:{offer.id}")],
    ]
    if photos and photo_count:
        label = _("🖼 Photos ({count})").format(count=photo_count)
        rows.append([InlineKeyboardButton(label, callback_data=f"offer:pics:{offer.id}")])
    return InlineKeyboardMarkup(rows)


def accept_choices(offer: Offer, days: list[DropoffDay], t: Translator) -> InlineKeyboardMarkup:
    """The upcoming drop-off days (the donor's choice starred) and pickup, then back."""
    _ = t.gettext
    day_rows = [
        [
            InlineKeyboardButton(
                f"📅 {day_button(day, t)}" + (" ⭐" if day.id == offer.dropoff_day_id else ""),
                callback_data=f"offer:day:{offer.id}:{day.id}",
            )
        ]
        for day in days
    ]
    pickup = [
        [
            InlineKeyboardButton(
                _("🚚 We contact them about pickup"), callback_data=f"offer:pick:{offer.id}"
            )
        ]
    ]
    rows = pickup + day_rows if offer.handover is Handover.PICKUP else day_rows + pickup
    rows.append([InlineKeyboardButton(_("⬅️ Back"), callback_data=f"offer:menu:{offer.id}")])
    return InlineKeyboardMarkup(rows)


def decline_choices(
    offer: Offer, organisation: Organisation, t: Translator
) -> InlineKeyboardMarkup:
    """The profile's decline reasons, "write a reason", then back."""
    _ = t.gettext
    rows = [
        [
            InlineKeyboardButton(
                reason.in_(t.language)[:60], callback_data=f"offer:why:{offer.id}:{index}"
            )
        ]
        for index, reason in enumerate(organisation.decline_reasons)
    ]
    rows.append(
        [InlineKeyboardButton(_("✍️ Write a reason"), callback_data=f"offer:own:{offer.id}")]
    )
    rows.append([InlineKeyboardButton(_("⬅️ Back"), callback_data=f"offer:menu:{offer.id}")])
    return InlineKeyboardMarkup(rows)


def confirm_decline(
    offer: Offer, index: int, organisation: Organisation, t: Translator
) -> InlineKeyboardMarkup:
    """One more tap before a preset reason declines: "Yes, decline" or "Undo"."""
    _ = t.gettext
    reason = organisation.decline_reasons[index].in_(t.language)
    label = _("❌ Yes, decline: {reason}").format(reason=reason)
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label[:60], callback_data=f"offer:decok:{offer.id}:{index}")],
            [InlineKeyboardButton(_("↩️ Undo"), callback_data=f"offer:menu:{offer.id}")],
        ]
    )
