"""/donate (alias /doner, menu button): a donor offers things in a short chat (donate.mmd).

The draft lives in user_data (handlers.donate.steps); each state is a domain.offer_draft.Step.
Sending (actions.send_offer) stores the offer once per draft id and queues the admins' cards in
one transaction, then confirms. build() puts together the donor's handlers: this conversation,
the buttons after it, and the withdraw buttons of /mine (mine.py).
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.keyboards import main_menu
from bot.settings import Settings
from domain.offer_draft import OfferDraft, Step, applies, missing_steps
from domain.offers import Handover
from handlers.common import PRIVATE, cancel_handler
from handlers.donate import actions, answers, mine, texts
from handlers.donate import keyboards as keys
from handlers.donate.steps import (
    DRAFT_KEY,
    Callback,
    arg,
    category_of,
    go_back,
    refuse,
    send,
    show,
    show_as_sent,
    unexpected,
    with_draft,
)
from handlers.journey import Handler
from handlers.wanted.press import offer_topic, start_offer
from storage.offers import DropoffDayUnavailable

SENT_KEY = "donate_sent"  # the last offer sent, to answer a doubled "send" kindly


async def begin(update: Update, context: BotContext) -> str:
    """Starts a new offer (a new draft id) and asks for the category."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    intro = context.t.gettext(
        "Thank you for wanting to give! 💚 It takes two minutes. You can go back at any time,"
        " or stop with /cancel."
    )
    return await show(update, context, OfferDraft(), Step.CATEGORY, intro)


async def begin_prefilled(update: Update, context: BotContext) -> str | None:
    """ "🙋 I have it" under an efterlysning: a new offer with its category and size filled in
    (handlers.wanted.press); a closed one is answered kindly there and nothing changes here."""
    started = await start_offer(update, context)
    if started is None:
        return None
    draft, note = started
    missing = missing_steps(draft, category_of(context, draft))
    return await show(update, context, draft, missing[0] if missing else Step.SUMMARY, note)


@with_draft
async def change_part(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """From the summary: asks one part again; the answer leads back to the summary."""
    try:
        step = Step(arg(update))
    except ValueError:
        step = Step.SUMMARY
    category = category_of(context, draft)
    if step not in dict(keys.CHANGEABLE) or not applies(step, draft, category):
        await refuse(update, context, f"cannot change {step}")
        return Step.SUMMARY.value
    if update.callback_query is not None:
        await update.callback_query.answer()
    return await show(update, context, draft.for_change(), step)


@with_draft
async def send_offer(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Stores the offer (once per draft), tells the admins, and confirms with its number."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return Step.SUMMARY.value
    services = context.services
    missing = missing_steps(draft, category_of(context, draft))
    await query.answer()
    if missing:
        return await show(update, context, draft.for_change(), missing[0])
    try:
        offer, created = await actions.send_offer(services, draft, user.id, user.first_name)
    except DropoffDayUnavailable:
        note = context.t.gettext(
            "Sorry, that drop-off day is no longer open. Please choose another."
        )
        draft = draft.with_(dropoff_day_id=None).for_change()
        return await show(update, context, draft, Step.HANDOVER, note)
    await show_as_sent(update, context, draft, offer.reference)
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)
        context.user_data[SENT_KEY] = {"draft_id": draft.draft_id, "reference": offer.reference}
    pickup = offer.handover is Handover.PICKUP
    await send(
        update,
        context,
        texts.sent(offer.reference, pickup, services.organisation, context.t),
        main_menu(context.t),
    )
    first = len(await services.repos.offers.list_for_donor(user.id, limit=2)) == 1
    subscribed = "dropoff" in await services.repos.subscriptions.topics_of(user.id)
    if created and first and not subscribed:
        _ = context.t.gettext
        await send(
            update,
            context,
            _("Would you like a message when we plan a drop-off day?"),
            keys.subscribe(context.t),
        )
    if created and first:
        await offer_topic(update, context)
    return ConversationHandler.END


async def already_sent(update: Update, context: BotContext) -> None:
    """A second press of "send" after the offer was stored: says so, stores nothing."""
    query = update.callback_query
    if query is None:
        return
    last = (context.user_data or {}).get(SENT_KEY) or {}
    if not last:
        await refuse(update, context, "send without a draft")
        return
    text = context.t.gettext("Your offer {reference} is already sent. ✓")
    await query.answer(text.format(reference=last.get("reference", "")), show_alert=True)


async def subscription_answer(update: Update, context: BotContext) -> None:
    """Yes: subscribes to drop-off day news. No: nothing. Never without a yes."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    _ = context.t.gettext
    await query.answer()
    if arg(update) == "yes":
        await actions.subscribe_to_dropoff_days(context.services, user.id)
        text = _("🔔 Fine. I will tell you when we plan a drop-off day.")
    else:
        text = _("Okay, no messages. 👍")
    await query.edit_message_text(text)


def state(step: Step, *handlers: BaseHandler) -> list[BaseHandler]:
    """A state's own handlers, then back, then a kind hint for anything else."""
    return [
        *handlers,
        CallbackQueryHandler(go_back(step), pattern=r"^donate:back$"),
        MessageHandler(PRIVATE & ~filters.COMMAND & ~filters.StatusUpdate.ALL, unexpected(step)),
        # An old button of this journey (not the subscription question, which works any time).
        CallbackQueryHandler(unexpected(step), pattern=r"^donate:(?!sub:)"),
    ]


def _typed(callback: Callback) -> MessageHandler:
    return MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, callback)


def conversation() -> ConversationHandler[BotContext]:
    """The /donate conversation: one state per step (donate.mmd)."""
    return ConversationHandler(
        name="donate",
        persistent=True,
        allow_reentry=True,
        entry_points=[
            CommandHandler(["donate", "doner"], begin, filters=PRIVATE),
            CallbackQueryHandler(begin, pattern=r"^menu:donate$"),
            CallbackQueryHandler(begin_prefilled, pattern=r"^wanted:have:"),
        ],
        states={
            Step.CATEGORY.value: state(
                Step.CATEGORY,
                CallbackQueryHandler(answers.category_chosen, pattern=r"^donate:cat:"),
            ),
            Step.DESCRIPTION.value: state(Step.DESCRIPTION, _typed(answers.description_written)),
            Step.SIZE.value: state(
                Step.SIZE,
                _typed(answers.size_written),
                CallbackQueryHandler(answers.mixed_sizes, pattern=r"^donate:size:mixed$"),
            ),
            Step.QUANTITY.value: state(
                Step.QUANTITY,
                _typed(answers.quantity_given),
                CallbackQueryHandler(answers.quantity_given, pattern=r"^donate:qty:\d+$"),
            ),
            Step.CONDITION.value: state(
                Step.CONDITION,
                CallbackQueryHandler(answers.condition_chosen, pattern=r"^donate:cond:"),
            ),
            Step.PHOTOS.value: state(
                Step.PHOTOS,
                MessageHandler(PRIVATE & filters.PHOTO, answers.photo_sent),
                CallbackQueryHandler(answers.photos_done, pattern=r"^donate:photos:done$"),
                CallbackQueryHandler(answers.photos_cleared, pattern=r"^donate:photos:clear$"),
            ),
            Step.HANDOVER.value: state(
                Step.HANDOVER,
                CallbackQueryHandler(answers.day_chosen, pattern=r"^donate:day:\d+$"),
                CallbackQueryHandler(answers.pickup_chosen, pattern=r"^donate:pickup$"),
                CallbackQueryHandler(
                    answers.come_back_later, pattern=r"^donate:later(:subscribe)?$"
                ),
            ),
            Step.PICKUP_ADDRESS.value: state(Step.PICKUP_ADDRESS, _typed(answers.address_written)),
            Step.PICKUP_POSTCODE.value: state(
                Step.PICKUP_POSTCODE,
                _typed(answers.postcode_written),
                CallbackQueryHandler(answers.bring_instead, pattern=r"^donate:bring$"),
                CallbackQueryHandler(answers.postcode_again, pattern=r"^donate:postcode$"),
            ),
            Step.CONTACT.value: state(
                Step.CONTACT,
                MessageHandler(PRIVATE & filters.CONTACT, answers.contact_shared),
                _typed(answers.contact_typed),
            ),
            Step.SUMMARY.value: state(
                Step.SUMMARY,
                CallbackQueryHandler(send_offer, pattern=r"^donate:send$"),
                CallbackQueryHandler(change_part, pattern=r"^donate:edit:[A-Z_]+$"),
            ),
        },
        # Other commands and buttons pass on to their own handlers while the offer waits where it
        # was (ConversationHandler passes on what its state does not match); starting another
        # journey ends this one (bot/journeys.py).
        fallbacks=[cancel_handler()],
    )


def build(settings: Settings) -> list[Handler]:
    """The donor's handlers. The board's side of offers (handlers/offers) is registered before
    these: its typed answers about an offer must win over a /donate in progress."""
    return [
        conversation(),
        CallbackQueryHandler(already_sent, pattern=r"^donate:send$"),
        CallbackQueryHandler(subscription_answer, pattern=r"^donate:sub:(yes|no)$"),
        *mine.build(settings),
    ]
