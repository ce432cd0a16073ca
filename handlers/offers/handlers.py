"""/offers (open offers, oldest first) and the admins' buttons under each offer; build() puts
together every handler of the board's side of offers, in the order they are tried."""

from __future__ import annotations

import logging

from telegram import InputMediaPhoto, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.settings import Settings
from handlers.common import admin_places
from handlers.common.access import admin_only
from handlers.journey import Handler
from handlers.offers import not_now, questions
from handlers.offers.cards import (
    admin_offer,
    card_parts,
    donor_of,
    matches_of,
    refuse,
    refuse_decided,
)
from handlers.offers.decisions import accept_offer, admin_name, decline_offer
from handlers.offers.keyboards import (
    DAYS_TO_OFFER,
    accept_choices,
    card_buttons,
    confirm_decline,
    decline_choices,
)
from handlers.offers.notices import caption_of
from handlers.offers.texts import admin_card, question_lines

logger = logging.getLogger(__name__)

LIST_LIMIT = 10


async def list_offers(update: Update, context: BotContext) -> None:
    """Shows the offers awaiting an answer, oldest first, each with its buttons."""
    _ = context.t.gettext
    chat = update.effective_chat
    if chat is None or not await admin_only(update, context, "/offers"):
        return
    repo = context.services.repos.offers
    offers = await repo.list_open(limit=50)
    if not offers:
        await context.bot.send_message(chat.id, _("No offers are waiting for an answer. 🎉"))
        return
    count = len(offers)
    header = _("Offers waiting for an answer: {count}. Oldest first:").format(count=count)
    await context.bot.send_message(chat.id, header)
    for offer in offers[:LIST_LIMIT]:
        photos, day = await card_parts(context.services, offer)
        donor = await donor_of(context.services, offer, context.bot)
        matches = await matches_of(context.services, offer)
        text = admin_card(
            offer,
            len(photos),
            day,
            context.services.organisation,
            context.t,
            donor=donor,
            matched=matches.lines(context.services, context.t),
        )
        asked = question_lines(await repo.questions(offer.id), context.t)
        if asked:
            text += "\n\n" + "\n".join(asked)
        buttons = card_buttons(offer, len(photos), context.t, photos=True)
        sent = await context.bot.send_message(chat.id, text, reply_markup=buttons)
        async with context.services.unit_of_work() as uow:
            await uow.offers.record_admin_message(offer.id, chat.id, sent.message_id)
    if count > LIST_LIMIT:
        await context.bot.send_message(
            chat.id, _("There are more. Answer these first, then send /offers again.")
        )


# The presses that decide: handled again after a crash, the action finds its own decision.
DECIDING = ("day", "pick", "decok")


async def offer_button(update: Update, context: BotContext) -> None:
    """Accept (choose a day or pickup), decline (a reason, then yes), back, photos."""
    query = update.callback_query
    parts = ((query.data if query else None) or "").split(":")
    action, extra = parts[1] if len(parts) > 1 else "", parts[3] if len(parts) > 3 else ""
    offer = await admin_offer(update, context, decided_too=action in DECIDING)
    if query is None or offer is None:
        return
    _ = context.t.gettext
    user = update.effective_user
    admin = user.id if user else 0
    if action in ("acc", "dec", "menu"):
        await query.answer()
        if action == "acc":
            now = context.services.clock.now()
            days = await context.services.repos.days.upcoming(now, limit=DAYS_TO_OFFER)
            markup = accept_choices(offer, days, context.t)
        elif action == "dec":
            markup = decline_choices(offer, context.services.organisation, context.t)
        else:
            photos, _day = await card_parts(context.services, offer)
            markup = card_buttons(offer, len(photos), context.t, photos=True)
        try:
            await query.edit_message_reply_markup(markup)
        except BadRequest as error:
            logger.debug("Offer buttons not changed: %s", error)
        return
    reason = _reason_index(context, extra) if action in ("why", "decok") else None
    if action in ("why", "decok") and reason is None:
        await refuse(update, context, _("That button is not valid."), "no such reason")
        return
    if action == "why" and reason is not None:
        await query.answer()  # one more tap before it takes effect
        try:
            await query.edit_message_reply_markup(
                confirm_decline(offer, reason, context.services.organisation, context.t)
            )
        except BadRequest as error:
            logger.debug("Offer buttons not changed: %s", error)
        return
    if action == "pics":
        await show_photos(update, context, offer.id)
        return
    if action == "day":
        now = context.services.clock.now()
        upcoming = await context.services.repos.days.upcoming(now, limit=50)
        day = next((d for d in upcoming if extra.isdigit() and d.id == int(extra)), None)
        if day is None:
            await refuse(update, context, _("That drop-off day is no longer open."), "day gone")
            return
        done = await accept_offer(context, offer, admin, admin_name(update), day)
    elif action == "pick":
        done = await accept_offer(context, offer, admin, admin_name(update), None)
    elif action == "decok" and reason is not None:
        done = await decline_offer(context, offer, admin, admin_name(update), reason, None)
    else:
        await refuse(update, context, _("That button is not valid."), "unknown action")
        return
    if not done:
        await refuse_decided(update, context, offer)
        return
    await query.answer(_("Done. The donor is told."))
    # The cards were updated (an accepted one keeps its buttons to set it aside for a
    # family); a relayed answer carrying the same buttons just loses them.
    shown = await context.services.repos.offers.admin_messages(offer.id)
    pressed = query.message
    if pressed is not None and (pressed.chat.id, pressed.message_id) not in {
        (card.chat_id, card.message_id) for card in shown
    }:
        try:
            await query.edit_message_reply_markup(None)
        except BadRequest as error:
            logger.debug("Buttons already gone: %s", error)


def _reason_index(context: BotContext, text: str) -> int | None:
    """A preset decline reason's index from a button, if the profile has it."""
    count = len(context.services.organisation.decline_reasons)
    return int(text) if text.isdigit() and int(text) < count else None


async def show_photos(update: Update, context: BotContext, offer_id: int) -> None:
    """Sends the offer's photos into this chat (an album, or the one photo)."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or chat is None:
        return
    photos = await context.services.repos.offers.photos(offer_id)
    if not photos:
        await query.answer(context.t.gettext("There are no photos."), show_alert=True)
        return
    await query.answer()
    if len(photos) == 1:
        caption = caption_of(photos[0]).get("caption")
        await context.bot.send_photo(chat.id, photos[0].file_id, caption=caption)
    else:
        await context.bot.send_media_group(
            chat.id,
            [
                InputMediaPhoto(photo.file_id, caption=caption_of(photo).get("caption"))
                for photo in photos
            ],
        )


def build(settings: Settings) -> list[Handler]:
    return [
        # Typed answers about an offer first: they must win over a /donate in progress (the
        # offers journey is registered before donate in handlers/__init__.py).
        *questions.build(settings),
        CommandHandler("offers", list_offers, filters=admin_places(settings)),
        CallbackQueryHandler(
            offer_button, pattern=r"^offer:(acc|dec|menu|pics|day|pick|why|decok):"
        ),
        *not_now.build(settings),
    ]
