"""The buttons of /donate. Callback data: "donate:<action>[:<arg>]", short and language-free."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.i18n import N_, Translator
from bot.keyboards import rows
from domain.days import DropoffDay
from domain.offer_draft import OfferDraft, Step, applies
from domain.offers import Condition
from domain.organisation import Category, Organisation
from handlers.offers.texts import CONDITION_LABELS, day_button

BACK = N_("⬅️ Back")
SHARE_PHONE = N_("📱 Share my phone number")
ONLY_TELEGRAM = N_("💬 Only Telegram")
QUANTITY_BUTTONS = (1, 2, 3, 4, 5, 10)
# The parts the summary can change, with their button labels.
CHANGEABLE: tuple[tuple[Step, str], ...] = (
    (Step.CATEGORY, N_("✏️ Category")),
    (Step.DESCRIPTION, N_("✏️ Description")),
    (Step.SIZE, N_("✏️ Size")),
    (Step.QUANTITY, N_("✏️ Quantity")),
    (Step.CONDITION, N_("✏️ Condition")),
    (Step.PHOTOS, N_("✏️ Photos")),
    (Step.HANDOVER, N_("✏️ Hand-over")),
    (Step.CONTACT, N_("✏️ Contact")),
)


def button(t: Translator, label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(t.gettext(label), callback_data=data)


def back_row(t: Translator) -> list[InlineKeyboardButton]:
    return [button(t, BACK, "donate:back")]


def with_back(
    t: Translator, buttons: Sequence[InlineKeyboardButton], per_row: int = 2
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([*rows(buttons, per_row), back_row(t)])


def categories(organisation: Organisation, t: Translator) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(category.label(t.language), callback_data=f"donate:cat:{category.key}")
        for category in organisation.categories
    ]
    return with_back(t, buttons)


def size(category: Category | None, t: Translator) -> InlineKeyboardMarkup:
    if category is not None and category.sizes == "clothes":
        return with_back(t, [button(t, N_("Mixed sizes"), "donate:size:mixed")])
    return InlineKeyboardMarkup([back_row(t)])


def quantity(t: Translator) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(str(number), callback_data=f"donate:qty:{number}")
        for number in QUANTITY_BUTTONS
    ]
    return with_back(t, buttons, per_row=6)


def condition(t: Translator) -> InlineKeyboardMarkup:
    buttons = [button(t, CONDITION_LABELS[code], f"donate:cond:{code.value}") for code in Condition]
    return with_back(t, buttons, per_row=1)


def photos(draft: OfferDraft, t: Translator) -> InlineKeyboardMarkup:
    if not draft.photos:
        return with_back(t, [button(t, N_("Skip ➡️"), "donate:photos:done")])
    return with_back(
        t,
        [
            button(t, N_("✅ Done"), "donate:photos:done"),
            button(t, N_("🗑 Remove the photos"), "donate:photos:clear"),
        ],
    )


def handover(
    category: Category | None, days: Sequence[DropoffDay], t: Translator
) -> InlineKeyboardMarkup:
    """One button per upcoming drop-off day; pickup for large things; later when no day."""
    buttons = [
        InlineKeyboardButton(f"📅 {day_button(day, t)}", callback_data=f"donate:day:{day.id}")
        for day in days
    ]
    if category is not None and category.large:
        buttons.append(button(t, N_("🚚 Please pick it up"), "donate:pickup"))
    if not days:
        if category is None or not category.large:
            buttons.append(button(t, N_("🔔 Yes, tell me"), "donate:later:subscribe"))
        buttons.append(button(t, N_("👋 I will come back later"), "donate:later"))
    return with_back(t, buttons, per_row=1)


def outside_area(t: Translator) -> InlineKeyboardMarkup:
    """A pickup postcode outside our area: bring it on a drop-off day, or another postcode."""
    return with_back(
        t,
        [
            button(t, N_("📅 I will bring it"), "donate:bring"),
            button(t, N_("✏️ Another postcode"), "donate:postcode"),
        ],
        per_row=1,
    )


def contact(t: Translator) -> ReplyKeyboardMarkup:
    """A reply keyboard: Telegram's share-contact button, Telegram only, and back."""
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(t.gettext(SHARE_PHONE), request_contact=True)],
            [KeyboardButton(t.gettext(ONLY_TELEGRAM))],
            [KeyboardButton(t.gettext(BACK))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def summary(draft: OfferDraft, category: Category | None, t: Translator) -> InlineKeyboardMarkup:
    buttons = [
        button(t, label, f"donate:edit:{step.value}")
        for step, label in CHANGEABLE
        if applies(step, draft, category)
    ]
    return InlineKeyboardMarkup(
        [
            [button(t, N_("✅ Send"), "donate:send")],
            *rows(buttons, 2),
            back_row(t),
        ]
    )


def subscribe(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(t, N_("🔔 Yes, please"), "donate:sub:yes"),
                button(t, N_("No, thanks"), "donate:sub:no"),
            ]
        ]
    )
