"""Admins answer offers: the new-offer notice (outbox), /offers, and the buttons on both.

Callback data: "offer:<action>:<offer id>[:<arg>]". Every press is checked: only admins, only
while the offer awaits an answer; anything else is refused with an alert and a log line.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.i18n import Translator
from bot.notify import PRIORITY_ADMIN, text_message
from bot.roles import is_admin
from bot.services import Services
from domain.offers import Handover, OfferStatus
from handlers.common import user_text
from handlers.offer_texts import (
    accepted_for_donor,
    admin_card,
    day_button,
    day_text,
    decline_reason,
    declined_for_donor,
)
from storage.audit import AuditLog
from storage.dropoff_days import DropoffDayRepository
from storage.models import OutboxMessage
from storage.offer_models import Offer, OfferPhoto
from storage.offers import OfferRepository
from storage.outbox import NewMessage
from storage.volunteer_models import DropoffDay

logger = logging.getLogger(__name__)

CARD_KEY = re.compile(r"^offer:(\d+):card:")
DAYS_TO_OFFER = 4
Outcome = Callable[[Translator], str]


async def card_parts(
    services: Services, offer: Offer
) -> tuple[list[OfferPhoto], DropoffDay | None]:
    photos = await OfferRepository(services.db).photos(offer.id)
    day_id = offer.accepted_day_id or offer.dropoff_day_id
    day = await DropoffDayRepository(services.db).get(day_id) if day_id else None
    return photos, day


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


async def announce_new_offer(services: Services, offer: Offer) -> None:
    """Photos (one album) and the card with buttons to every admin place; once per offer."""
    photos, day = await card_parts(services, offer)
    rows: list[NewMessage] = []
    for chat_id, t in await services.notifier.admin_targets():
        rows += photo_rows(chat_id, photos, f"offer:{offer.id}:photos:{chat_id}")
        text = "🆕 " + admin_card(offer, len(photos), day, services.organisation, t)
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


async def refresh_cards(context: BotContext, offer: Offer, outcome: Outcome) -> None:
    """Shows the decision on every card of the offer and takes their buttons away."""
    services = context.services
    photos, day = await card_parts(services, offer)
    translators = dict(await services.notifier.admin_targets())
    for shown in await OfferRepository(services.db).admin_messages(offer.id):
        t = translators.get(shown.chat_id, services.i18n(None))
        text = admin_card(offer, len(photos), day, services.organisation, t, outcome(t))
        try:
            await context.bot.edit_message_text(
                text, chat_id=shown.chat_id, message_id=shown.message_id, reply_markup=None
            )
        except BadRequest as error:  # not modified, or deleted meanwhile
            logger.debug("Card %s/%s not edited: %s", shown.chat_id, shown.message_id, error)


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


async def accept_offer(
    context: BotContext, offer: Offer, admin: int, name: str, day: DropoffDay | None
) -> bool:
    """Accepts (for a day, or pickup), tells the donor, logs it and updates the cards."""
    services = context.services
    now = services.clock.now()
    if not await OfferRepository(services.db).accept(offer.id, admin, now, day.id if day else None):
        return False
    details = f"day:{day.id}" if day else Handover.PICKUP.value
    await AuditLog(services.db).record(admin, "offer.accept", now, offer.reference, details)
    decided = await OfferRepository(services.db).get(offer.id)
    assert decided is not None
    if decided.donor_id is not None:
        await services.notifier.send_to_user(
            decided.donor_id,
            lambda t: (accepted_for_donor(decided, day, services.organisation, t), None),
            dedup_key=f"offer:{offer.id}:decision",
        )

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
    """Declines (a preset reason or a typed one), tells the donor, logs it, updates the cards."""
    services = context.services
    now = services.clock.now()
    repo = OfferRepository(services.db)
    if not await repo.decline(offer.id, admin, now, preset=preset, text=typed):
        return False
    details = f"preset:{preset}" if preset is not None else "typed"
    await AuditLog(services.db).record(admin, "offer.decline", now, offer.reference, details)
    decided = await repo.get(offer.id)
    assert decided is not None
    organisation = services.organisation
    if decided.donor_id is not None:
        await services.notifier.send_to_user(
            decided.donor_id,
            lambda t: (
                declined_for_donor(
                    decided, decline_reason(decided, organisation, t), organisation, t
                ),
                None,
            ),
            dedup_key=f"offer:{offer.id}:decision",
        )

    def outcome(t: Translator) -> str:
        reason = decline_reason(decided, organisation, t)
        return t.gettext("❌ Declined by {name}: {reason}").format(name=name, reason=reason or "–")

    await refresh_cards(context, decided, outcome)
    return True


def admin_name(update: Update) -> str:
    user = update.effective_user
    return user_text(user.first_name) if user else "?"


async def accept_choices(context: BotContext, offer: Offer) -> InlineKeyboardMarkup:
    t = context.t
    _ = t.gettext
    days = await DropoffDayRepository(context.services.db).upcoming(
        context.services.clock.now(), limit=DAYS_TO_OFFER
    )
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


def decline_choices(context: BotContext, offer: Offer) -> InlineKeyboardMarkup:
    t = context.t
    _ = t.gettext
    rows = [
        [
            InlineKeyboardButton(
                reason.in_(t.language)[:60], callback_data=f"offer:why:{offer.id}:{index}"
            )
        ]
        for index, reason in enumerate(context.services.organisation.decline_reasons)
    ]
    rows.append(
        [InlineKeyboardButton(_("✍️ Write a reason"), callback_data=f"offer:own:{offer.id}")]
    )
    rows.append([InlineKeyboardButton(_("⬅️ Back"), callback_data=f"offer:menu:{offer.id}")])
    return InlineKeyboardMarkup(rows)
