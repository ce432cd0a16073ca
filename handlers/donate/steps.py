"""The steps of /donate: ask a step's question, take its answer, go on (domain.offer_draft)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import BadRequest

from bot.context import BotContext
from domain.days import DropoffDay
from domain.offer_draft import OfferDraft, Step, next_step, step_back
from domain.organisation import Category
from handlers.common import cancel_conversation
from handlers.donate import keyboards as keys
from handlers.donate import texts

logger = logging.getLogger(__name__)

DRAFT_KEY = "donate_draft"
MAX_DAYS_SHOWN = 4

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, str | int]]
StepCallback = Callable[[Update, BotContext, OfferDraft], Awaitable[str | int]]


def load_draft(context: BotContext) -> OfferDraft | None:
    return OfferDraft.from_dict((context.user_data or {}).get(DRAFT_KEY))


def save_draft(context: BotContext, draft: OfferDraft) -> None:
    if context.user_data is not None:
        context.user_data[DRAFT_KEY] = draft.to_dict()


def category_of(context: BotContext, draft: OfferDraft) -> Category | None:
    key = draft.category_key
    return context.services.organisation.category(key) if key else None


async def upcoming_days(context: BotContext) -> list[DropoffDay]:
    now = context.services.clock.now()
    return await context.services.repos.days.upcoming(now, limit=MAX_DAYS_SHOWN)


async def show(
    update: Update, context: BotContext, draft: OfferDraft, step: Step, note: str | None = None
) -> str:
    """Sends the step's question (after a note, if any) with its buttons; returns the state."""
    t = context.t
    organisation = context.services.organisation
    category = category_of(context, draft)
    days = await upcoming_days(context) if step is Step.HANDOVER else []
    chosen = None
    if step is Step.SUMMARY:
        draft = draft.at_summary()  # a change starts from here (change_part)
        if draft.dropoff_day_id is not None:
            chosen = await context.services.repos.days.get(draft.dropoff_day_id)
    save_draft(context, draft)
    text = texts.question(step, draft, category, days, chosen, organisation, t)
    if note:
        text = f"{note}\n\n{text}"
    await send(update, context, text, keyboard(step, draft, category, days, context))
    return step.value


def keyboard(
    step: Step,
    draft: OfferDraft,
    category: Category | None,
    days: list[DropoffDay],
    context: BotContext,
) -> InlineKeyboardMarkup | ReplyKeyboardMarkup:
    t = context.t
    if step is Step.CATEGORY:
        return keys.categories(context.services.organisation, t)
    if step is Step.SIZE:
        return keys.size(category, t)
    if step is Step.QUANTITY:
        return keys.quantity(t)
    if step is Step.CONDITION:
        return keys.condition(t)
    if step is Step.PHOTOS:
        return keys.photos(draft, t)
    if step is Step.HANDOVER:
        return keys.handover(category, days, t)
    if step is Step.CONTACT:
        return keys.contact(t)
    if step is Step.SUMMARY:
        return keys.summary(draft, category, t)
    return InlineKeyboardMarkup([keys.back_row(t)])


async def send(
    update: Update,
    context: BotContext,
    text: str,
    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None = None,
) -> None:
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def advance(
    update: Update, context: BotContext, draft: OfferDraft, current: Step, note: str | None = None
) -> str:
    """Stores the answered draft and asks the next step (or the summary when reviewing)."""
    return await show(
        update, context, draft, next_step(draft, current, category_of(context, draft)), note
    )


async def show_as_sent(
    update: Update, context: BotContext, draft: OfferDraft, reference: str
) -> None:
    """Turns the summary just sent into a plain record: its number, no question, no buttons."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    day_id = draft.dropoff_day_id
    day = await context.services.repos.days.get(day_id) if day_id else None
    text = texts.summary(draft, day, context.services.organisation, context.t, sent_as=reference)
    try:
        await query.edit_message_text(text, reply_markup=None)
    except BadRequest as error:  # not modified (a doubled send), or too old to edit: harmless
        logger.debug("Summary not edited: %s", error)


async def refuse(update: Update, context: BotContext, why: str) -> None:
    """A stale or forged press: a short alert, and a log line (never the person's data)."""
    query = update.callback_query
    if query is None:
        return
    user = update.effective_user
    logger.warning(
        "Refused button %r from user %s: %s",
        (query.data or "")[:64],
        user.id if user else None,
        why,
    )
    await query.answer(
        context.t.gettext("That button belongs to an earlier step."), show_alert=True
    )


def with_draft(handler: StepCallback) -> Callback:
    """Loads the draft first; a lost draft (e.g. a changed format) starts the offer afresh."""

    async def wrapped(update: Update, context: BotContext) -> str | int:
        draft = load_draft(context)
        if draft is None:
            if update.callback_query is not None:
                await update.callback_query.answer()
            note = context.t.gettext("Sorry, I lost track of your offer. Let us start again.")
            return await show(update, context, OfferDraft(), Step.CATEGORY, note)
        return await handler(update, context, draft)

    wrapped.__doc__ = handler.__doc__
    return wrapped


def arg(update: Update) -> str:
    """The last part of the pressed button's data ("donate:qty:3" → "3")."""
    data = update.callback_query.data if update.callback_query else None
    return (data or "").rsplit(":", 1)[-1]


def text_of(update: Update) -> str:
    message = update.effective_message
    return (message.text or "") if message else ""


def go_back(step: Step) -> Callback:
    async def back(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
        """Goes to the step before; during a change, to the summary as it was."""
        kept, target = step_back(draft, step, category_of(context, draft))
        if target is None:
            return await cancel_conversation(update, context)
        if update.callback_query is not None:
            await update.callback_query.answer()
        note = None
        if target is Step.SUMMARY and step is not Step.SUMMARY:
            note = context.t.gettext("Okay, I kept it as it was.")
            if step is Step.CONTACT:
                # The phone keyboard goes with this message; the summary carries its own buttons.
                await send(update, context, note, ReplyKeyboardRemove())
                note = None
            elif kept == draft.at_summary():
                note = None  # nothing was changed yet: no need to say so
        # Back in order from the contact step: its one-time keyboard has hidden itself, and the
        # contact step shows a fresh one when the donor gets there again.
        return await show(update, context, kept, target, note)

    return with_draft(back)


def unexpected(step: Step) -> Callback:
    async def hint(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
        """Answers input this step cannot use with a short hint and the question again."""
        if update.callback_query is not None:
            await refuse(update, context, f"not a button of {step}")
            return step.value
        message = update.effective_message
        kind = "other"
        if message is not None and message.text:
            kind = "text"
        elif message is not None and message.photo:
            kind = "photo"
        elif (
            message is not None
            and message.document
            and ((message.document.mime_type or "").startswith("image/"))
        ):
            kind = "image_file"
        note = texts.hint(step, kind, context.t, photos_full=draft.photos_full)
        return await show(update, context, draft, step, note)

    return with_draft(hint)
