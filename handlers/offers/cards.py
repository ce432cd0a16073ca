"""Admins' cards about offers: the new-offer notice (outbox), who the donor is, and checks.

Callback data: "offer:<action>:<offer id>[:<arg>]". Every press is checked: only admins, only
while the offer awaits an answer; anything else is refused with an alert and a log line.
The decisions themselves live in handlers/offer_decisions.py.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.i18n import Translator
from bot.notify import PRIORITY_ADMIN, text_message
from bot.roles import is_admin
from bot.services import Services
from domain.days import DropoffDay
from domain.offer_models import Offer, OfferPhoto
from domain.offers import OfferStatus
from handlers.offers.texts import Donor, admin_card
from storage.dropoff_days import DropoffDayRepository
from storage.models import OutboxMessage
from storage.offers import OfferRepository
from storage.outbox import NewMessage

logger = logging.getLogger(__name__)

CARD_KEY = re.compile(r"^offer:(\d+):card:")


async def card_parts(
    services: Services, offer: Offer
) -> tuple[list[OfferPhoto], DropoffDay | None]:
    photos = await OfferRepository(services.db).photos(offer.id)
    day_id = offer.accepted_day_id or offer.dropoff_day_id
    day = await DropoffDayRepository(services.db).get(day_id) if day_id else None
    return photos, day


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


def photo_rows(chat_id: int, photos: list[OfferPhoto], dedup_key: str) -> list[NewMessage]:
    """The photos as one album (Telegram wants 2-10 for an album; one goes alone)."""
    if len(photos) == 1:
        payload: dict[str, object] = {"photo": photos[0].file_id}
        return [NewMessage(chat_id, "sendPhoto", payload, dedup_key, PRIORITY_ADMIN)]
    if photos:
        media = [{"type": "photo", "media": photo.file_id} for photo in photos]
        return [NewMessage(chat_id, "sendMediaGroup", {"media": media}, dedup_key, PRIORITY_ADMIN)]
    return []


async def announce_new_offer(services: Services, offer: Offer, donor: Donor | None) -> None:
    """Photos (one album) and the card with buttons to every admin place; once per offer."""
    photos, day = await card_parts(services, offer)
    rows: list[NewMessage] = []
    for chat_id, t in await services.notifier.admin_targets():
        rows += photo_rows(chat_id, photos, f"offer:{offer.id}:photos:{chat_id}")
        text = admin_card(offer, len(photos), day, services.organisation, t, donor=donor, new=True)
        buttons = card_buttons(offer, len(photos), t, photos=False)
        key = f"offer:{offer.id}:card:new:{chat_id}"
        rows.append(text_message(chat_id, text, buttons, dedup_key=key, priority=PRIORITY_ADMIN))
    await services.notifier.queue(rows)


def card_recorder(services: Services) -> Callable[[OutboxMessage, str], object]:
    """An outbox listener: remembers where each card was shown, to edit it after a decision."""

    async def on_finished(row: OutboxMessage, status: str) -> None:
        match = CARD_KEY.match(row.dedup_key or "")
        if status != "sent" or match is None:
            return
        sent = await services.outbox.get(row.id)
        if sent is not None and sent.message_id is not None:
            repo = OfferRepository(services.db)
            await repo.record_admin_message(int(match.group(1)), row.chat_id, sent.message_id)

    return on_finished


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
    await refuse(update, context, text, f"{offer.reference} is {offer.status}")
    query = update.callback_query
    if query is not None and query.message is not None:
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(None)


async def admin_offer(update: Update, context: BotContext) -> Offer | None:
    """The offer a button is about, when an admin pressed it and the offer awaits an answer."""
    query = update.callback_query
    user = update.effective_user
    _ = context.t.gettext
    if query is None:
        return None
    if not await is_admin(context.services, user.id if user else None):
        await refuse(update, context, _("Only the association's admins can do that."), "not admin")
        return None
    parts = (query.data or "").split(":")
    offer_id = int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else None
    offer = await OfferRepository(context.services.db).get(offer_id) if offer_id else None
    if offer is None:
        await refuse(update, context, _("That button is not valid."), "unknown offer")
        return None
    if offer.status is not OfferStatus.PENDING:
        await refuse_decided(update, context, offer)
        return None
    return offer
