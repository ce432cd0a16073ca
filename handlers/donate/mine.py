"""The offers section of /mine: each offer's status in the donor's language, and withdrawing
(actions.withdraw_offer). handlers/mine shows the section; its buttons are registered by donate."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.context import BotContext
from bot.i18n import Translator
from bot.settings import Settings
from domain.offer_models import Offer, OfferQuestion
from domain.offers import Handover, OfferStatus
from handlers.common import user_text
from handlers.donate import actions
from handlers.journey import Handler
from handlers.offers.decisions import refresh_cards
from handlers.offers.texts import category_label, day_text, status_label
from handlers.requests.board_cards import refresh_cards as refresh_request_cards
from storage.unit_of_work import Repositories

logger = logging.getLogger(__name__)

SHOWN = 10
WITHDRAWABLE = (OfferStatus.PENDING, OfferStatus.ACCEPTED)
SNIPPET = 60


async def offers_section(
    context: BotContext, user_id: int
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The donor's offers, newest first, with a withdraw button for those still in play."""
    offers = await context.services.repos.offers.list_for_donor(user_id, limit=SHOWN)
    if not offers:
        return []
    return [await render(context, offers)]


async def render(
    context: BotContext, offers: list[Offer]
) -> tuple[str, InlineKeyboardMarkup | None]:
    t = context.t
    _ = t.gettext
    repos = context.services.repos
    lines = [_("<b>Your offers</b>")]
    buttons = []
    for offer in offers:
        category = category_label(context.services.organisation, offer.category_key, t)
        lines.append(
            f"\n<b>{offer.reference}</b> · {user_text(category)} · {status_label(offer, t)}"
        )
        if offer.description:
            snippet = offer.description[:SNIPPET] + (
                "…" if len(offer.description) > SNIPPET else ""
            )
            lines.append(f"<i>{user_text(snippet)}</i>")
        lines += await _next_step(offer, repos, t)
        for question in await _open_questions(repos, offer):
            lines.append(
                _("❓ We asked: <i>{question}</i>").format(question=user_text(question.question))
            )
            label = _("✍️ Answer about {reference}").format(reference=offer.reference)
            buttons.append(
                [InlineKeyboardButton(label, callback_data=f"offer:answer:{question.id}")]
            )
        if offer.status in WITHDRAWABLE:
            label = _("↩️ Withdraw {reference}").format(reference=offer.reference)
            buttons.append([InlineKeyboardButton(label, callback_data=f"mine:wd:{offer.id}")])
    return "\n".join(lines), InlineKeyboardMarkup(buttons) if buttons else None


async def _open_questions(repos: Repositories, offer: Offer) -> list[OfferQuestion]:
    """The board's unanswered questions on an offer still in play."""
    if not offer.is_open:
        return []
    return [
        question
        for question in await repos.offers.questions(offer.id)
        if question.question is not None and not question.answered
    ]


async def _next_step(offer: Offer, repos: Repositories, t: Translator) -> list[str]:
    if offer.status is not OfferStatus.ACCEPTED:
        return []
    if offer.accepted_handover is Handover.PICKUP or offer.accepted_day_id is None:
        return [t.gettext("We will contact you about the pickup.")]
    day = await repos.days.get(offer.accepted_day_id)
    return [t.gettext("Bring it on {day}.").format(day=day_text(day, t))] if day else []


async def _own_open_offer(update: Update, context: BotContext) -> Offer | None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return None
    data = (query.data or "").rsplit(":", 1)[-1]
    offer = await context.services.repos.offers.get(int(data)) if data.isdigit() else None
    if offer is None or offer.donor_id != user.id:
        logger.warning(
            "User %s pressed %r for an offer not theirs", user.id, (query.data or "")[:64]
        )
        await query.answer(context.t.gettext("That button is not valid."), show_alert=True)
        return None
    if offer.status not in WITHDRAWABLE:
        text = context.t.gettext("{reference} can no longer be withdrawn.")
        await query.answer(text.format(reference=offer.reference), show_alert=True)
        await _refresh(update, context)
        return None
    return offer


async def withdraw_pressed(update: Update, context: BotContext) -> None:
    """Asks once more before withdrawing."""
    offer = await _own_open_offer(update, context)
    query = update.callback_query
    if offer is None or query is None:
        return
    _ = context.t.gettext
    await query.answer()
    confirm = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("Yes, withdraw {reference}").format(reference=offer.reference),
                    callback_data=f"mine:wdyes:{offer.id}",
                ),
                InlineKeyboardButton(_("No, keep it"), callback_data="mine:keep"),
            ]
        ]
    )
    if offer.status is not OfferStatus.ACCEPTED:
        await query.edit_message_reply_markup(confirm)
        return
    # Accepted: we count on it, so say so before they say yes.
    day = await context.services.repos.days.get(offer.accepted_day_id or 0)
    if offer.accepted_handover is Handover.DROPOFF and day is not None:
        warning = _("Are you sure? We are counting on {reference} on {day}.").format(
            reference=offer.reference, day=day_text(day, context.t)
        )
    else:
        warning = _("Are you sure? We are counting on {reference}.").format(
            reference=offer.reference
        )
    offers = await context.services.repos.offers.list_for_donor(offer.donor_id or 0, limit=SHOWN)
    text, _buttons = await render(context, offers)
    try:
        await query.edit_message_text(f"{text}\n\n<b>{warning}</b>", reply_markup=confirm)
    except BadRequest as error:
        logger.debug("/mine not edited: %s", error)


async def withdraw_confirmed(update: Update, context: BotContext) -> None:
    """Withdraws the offer, tells the admins, and shows the list again."""
    offer = await _own_open_offer(update, context)
    query, user = update.callback_query, update.effective_user
    if offer is None or query is None or user is None:
        return
    _ = context.t.gettext
    # The requests it was set aside for (their cards show it): drawn anew afterwards.
    reserved = await context.services.repos.needs.reservations_for_offer(offer.id)
    withdrawn = await actions.withdraw_offer(context.services, offer, user.id)
    if withdrawn is None:
        await query.answer(
            _("{reference} can no longer be withdrawn.").format(reference=offer.reference),
            show_alert=True,
        )
        return
    await query.answer(_("{reference} is withdrawn.").format(reference=offer.reference))
    await refresh_cards(context, withdrawn, lambda t: t.gettext("↩️ Withdrawn by the donor."))
    for request_id in sorted({reservation.request_id for reservation in reserved}):
        await refresh_request_cards(context, request_id)
    await _refresh(update, context)


async def keep(update: Update, context: BotContext) -> None:
    """Changed their mind: the list again."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await _refresh(update, context)


async def _refresh(update: Update, context: BotContext) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    offers = await context.services.repos.offers.list_for_donor(user.id, limit=SHOWN)
    if offers:
        text, buttons = await render(context, offers)
        try:
            await query.edit_message_text(text, reply_markup=buttons)
        except BadRequest as error:  # "not modified" is fine
            logger.debug("/mine not refreshed: %s", error)


def build(settings: Settings) -> list[Handler]:
    """The withdraw buttons under the offers section of /mine."""
    return [
        CallbackQueryHandler(withdraw_pressed, pattern=r"^mine:wd:\d+$"),
        CallbackQueryHandler(withdraw_confirmed, pattern=r"^mine:wdyes:\d+$"),
        CallbackQueryHandler(keep, pattern=r"^mine:keep$"),
    ]
