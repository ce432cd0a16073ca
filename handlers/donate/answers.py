"""The donor's answers, one handler per kind of answer; each stores it and asks the next step."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.keyboards import main_menu
from domain.offer_draft import OfferDraft, PhotoOutcome, Step
from domain.offers import (
    Invalid,
    Problem,
    check_address,
    check_description,
    check_phone,
    check_pickup_postcode,
    check_quantity,
    check_size,
    parse_condition,
)
from domain.phone import display_phone
from handlers.common import user_text
from handlers.donate import actions, texts
from handlers.donate import keyboards as keys
from handlers.donate.steps import (
    DRAFT_KEY,
    advance,
    arg,
    category_of,
    go_back,
    refuse,
    save_draft,
    send,
    show,
    text_of,
    upcoming_days,
    with_draft,
)


async def _pressed(update: Update) -> None:
    # The old buttons stay: a press on them later is answered as "an earlier step".
    if update.callback_query is not None:
        await update.callback_query.answer()


@with_draft
async def category_chosen(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Stores the category, or kindly says why we do not take it right now."""
    services = context.services
    category = services.organisation.category(arg(update))
    if category is None:
        await refuse(update, context, "unknown category")
        return Step.CATEGORY.value
    entry = await services.repos.not_now.get(
        category.key, services.clock.now(), services.settings.zone
    )
    await _pressed(update)
    if entry is not None:
        return await show(
            update, context, draft, Step.CATEGORY, texts.not_now(entry, category, context.t)
        )
    return await advance(update, context, draft.with_category(category), Step.CATEGORY)


@with_draft
async def description_written(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Stores the description, or says why it is too short or too long."""
    checked = check_description(text_of(update))
    if isinstance(checked, Invalid):
        note = texts.problem(Step.DESCRIPTION, checked, None, context.t)
        return await show(update, context, draft, Step.DESCRIPTION, note)
    return await advance(update, context, draft.with_(description=checked.value), Step.DESCRIPTION)


@with_draft
async def size_written(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Stores a size from the category's range, or tells the range."""
    category = category_of(context, draft)
    if category is None:
        return await show(update, context, draft, Step.CATEGORY)
    checked = check_size(category, text_of(update))
    if isinstance(checked, Invalid):
        note = texts.problem(Step.SIZE, checked, category, context.t)
        return await show(update, context, draft, Step.SIZE, note)
    return await advance(update, context, draft.with_(size=checked.value), Step.SIZE)


@with_draft
async def mixed_sizes(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Stores "mixed sizes" (a bag of clothes)."""
    category = category_of(context, draft)
    if category is None or category.sizes != "clothes":
        await refuse(update, context, "mixed sizes without clothes")
        return Step.SIZE.value
    await _pressed(update)
    return await advance(update, context, draft.with_(size="mixed"), Step.SIZE)


@with_draft
async def quantity_given(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Stores how many (typed, or a number button)."""
    pressed = update.callback_query is not None
    checked = check_quantity(arg(update) if pressed else text_of(update))
    if isinstance(checked, Invalid):
        if pressed:
            await refuse(update, context, "bad quantity button")
            return Step.QUANTITY.value
        note = texts.problem(Step.QUANTITY, checked, None, context.t)
        return await show(update, context, draft, Step.QUANTITY, note)
    await _pressed(update)
    return await advance(update, context, draft.with_(quantity=checked.value), Step.QUANTITY)


@with_draft
async def condition_chosen(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Stores the condition and asks for photos."""
    condition = parse_condition(arg(update))
    if condition is None:
        await refuse(update, context, "unknown condition")
        return Step.CONDITION.value
    await _pressed(update)
    return await advance(update, context, draft.with_(condition=condition), Step.CONDITION)


@with_draft
async def photo_sent(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Adds a photo (up to five), says how many so far; a sixth is kindly refused."""
    message = update.effective_message
    if message is None or not message.photo:
        return Step.PHOTOS.value
    largest = message.photo[-1]
    draft, outcome = draft.add_photo(largest.file_id, largest.file_unique_id, message.caption)
    _ = context.t.gettext
    note = None
    if outcome is PhotoOutcome.DUPLICATE:
        note = _("I already have that photo.")
    elif outcome is PhotoOutcome.FULL:
        note = _("Sorry, I can take at most 5 photos. I kept the first 5.")
    return await show(update, context, draft, Step.PHOTOS, note)


@with_draft
async def photos_done(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Ends the photo step (done or skipped)."""
    await _pressed(update)
    return await advance(update, context, draft.with_(photos_done=True), Step.PHOTOS)


@with_draft
async def photos_cleared(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Forgets the photos so far and asks again."""
    await _pressed(update)
    return await show(update, context, draft.with_(photos=()), Step.PHOTOS)


@with_draft
async def day_chosen(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Stores the drop-off day, if it is still one of the upcoming days."""
    days = {day.id: day for day in await upcoming_days(context)}
    day_id = int(arg(update)) if arg(update).isdigit() else -1
    if day_id not in days:
        await refuse(update, context, f"day {day_id} is not open")
        return await show(update, context, draft, Step.HANDOVER)
    await _pressed(update)
    return await advance(update, context, draft.with_dropoff(day_id), Step.HANDOVER)


@with_draft
async def pickup_chosen(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Pickup (large things only): asks for the address."""
    category = category_of(context, draft)
    if category is None or not category.large:
        await refuse(update, context, "pickup for a small category")
        return Step.HANDOVER.value
    await _pressed(update)
    # Asked afresh each time, so "change hand-over" can also change the address.
    draft = draft.with_pickup().with_(pickup_address=None, pickup_postcode=None)
    return await advance(update, context, draft, Step.HANDOVER)


async def come_back_later(update: Update, context: BotContext) -> int:
    """No drop-off day planned: ends for now, and subscribes only when asked to."""
    services = context.services
    _ = context.t.gettext
    await _pressed(update)
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)
    text = _("Okay! Send /donate again when you are ready. 👋")
    user = update.effective_user
    if user is not None and arg(update) == "subscribe":
        await actions.subscribe_to_dropoff_days(services, user.id)
        text = _("🔔 Fine. I will tell you when we plan a drop-off day. Then send /donate again.")
    await send(update, context, text, main_menu(context.t))
    return ConversationHandler.END


@with_draft
async def address_written(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Stores the pickup address."""
    checked = check_address(text_of(update))
    if isinstance(checked, Invalid):
        note = texts.problem(Step.PICKUP_ADDRESS, checked, None, context.t)
        return await show(update, context, draft, Step.PICKUP_ADDRESS, note)
    return await advance(
        update, context, draft.with_(pickup_address=checked.value), Step.PICKUP_ADDRESS
    )


@with_draft
async def postcode_written(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Stores the pickup postcode, if it is in our area; elsewhere offers to bring it instead."""
    area = context.services.organisation.service_area
    checked = check_pickup_postcode(text_of(update), area)
    if isinstance(checked, Invalid) and checked.problem is Problem.OUTSIDE_AREA:
        save_draft(context, draft)
        await send(update, context, texts.outside_area(context.t), keys.outside_area(context.t))
        return Step.PICKUP_POSTCODE.value
    if isinstance(checked, Invalid):
        note = texts.problem(Step.PICKUP_POSTCODE, checked, None, context.t)
        return await show(update, context, draft, Step.PICKUP_POSTCODE, note)
    return await advance(
        update, context, draft.with_(pickup_postcode=checked.value), Step.PICKUP_POSTCODE
    )


@with_draft
async def bring_instead(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Outside our pickup area: the donor brings it on a drop-off day; the days again."""
    await _pressed(update)
    draft = draft.with_(handover=None, pickup_address=None, pickup_postcode=None)
    return await show(update, context, draft, Step.HANDOVER)


@with_draft
async def postcode_again(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Outside our pickup area: asks for the postcode once more."""
    await _pressed(update)
    return await show(update, context, draft, Step.PICKUP_POSTCODE)


def _labels(context: BotContext, label: str) -> set[str]:
    """A reply-keyboard label in every language (the person may have switched meanwhile)."""
    return {translator.gettext(label) for translator in context.services.i18n.all()}


@with_draft
async def contact_typed(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """'Only Telegram', 'Back', or a typed phone number (checked)."""
    text = text_of(update).strip()
    if text in _labels(context, keys.BACK):
        return await go_back(Step.CONTACT)(update, context)
    if text in _labels(context, keys.ONLY_TELEGRAM):
        await send(
            update,
            context,
            context.t.gettext("Fine. We will write to you here."),
            ReplyKeyboardRemove(),
        )
        return await advance(update, context, draft.with_phone(None), Step.CONTACT)
    checked = check_phone(text)
    if isinstance(checked, Invalid):
        note = texts.problem(Step.CONTACT, checked, None, context.t)
        return await show(update, context, draft, Step.CONTACT, note)
    return await _phone_taken(update, context, draft, checked.value)


@with_draft
async def contact_shared(update: Update, context: BotContext, draft: OfferDraft) -> str | int:
    """Takes the number from Telegram's share-contact button (the person's own only)."""
    message = update.effective_message
    user = update.effective_user
    contact = message.contact if message else None
    if contact is None or user is None:
        return Step.CONTACT.value
    if contact.user_id != user.id:
        note = context.t.gettext("Please share your own number, or write it.")
        return await show(update, context, draft, Step.CONTACT, note)
    checked = check_phone(contact.phone_number, shared_contact=True)
    if isinstance(checked, Invalid):
        note = texts.problem(Step.CONTACT, checked, None, context.t)
        return await show(update, context, draft, Step.CONTACT, note)
    return await _phone_taken(update, context, draft, checked.value)


async def _phone_taken(
    update: Update, context: BotContext, draft: OfferDraft, phone: str
) -> str | int:
    thanks = context.t.gettext("Thank you. I noted {phone}.").format(
        phone=user_text(display_phone(phone))
    )
    await send(update, context, thanks, ReplyKeyboardRemove())
    return await advance(update, context, draft.with_phone(phone), Step.CONTACT)
