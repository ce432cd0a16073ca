"""Buttons of the help request. Callback data: "rq:<action>[:<arg>]", short and language-free."""

from __future__ import annotations

from datetime import datetime

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.i18n import N_, I18n, Translator
from bot.keyboards import rows
from domain.organisation import Organisation
from domain.request_draft import Part, RequestDraft
from domain.requests import Referral

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | None

BACK = N_("⬅️ Back")
YES = N_("✅ Yes, go on")
NO = N_("No thanks")
DONT_KNOW = N_("I don't know")
SKIP = N_("Skip")
SHARE_PHONE = N_("📱 Share my number")
ONLY_TELEGRAM = N_("Only Telegram")
SEND = N_("✅ Send")
CHANGE = N_("✏️ Change something")
FIX_POSTCODE = N_("✏️ Change postcode")
POSTCODE_RIGHT = N_("Yes, it is right")
REFERRAL_BUTTONS: dict[Referral, str] = {
    Referral.CASEWORKER: N_("Caseworker"),
    Referral.ASSOCIATION: N_("Another association"),
    Referral.SELF: N_("I came myself"),
    Referral.OTHER: N_("Other"),
}
PART_BUTTONS: dict[Part, str] = {
    Part.KIND: N_("Help with"),
    Part.HOUSEHOLD: N_("Who lives at home"),
    Part.NEEDS: N_("What you need"),
    Part.POSTCODE: N_("Postcode"),
    Part.REFERRAL: N_("Who sent you"),
    Part.CONTACT: N_("Contact"),
}
NUMBER_CHOICES = {"adults": range(1, 5), "children_count": range(0, 5)}


def button(t: Translator, label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(t.gettext(label), callback_data=data)


def back_row(t: Translator) -> list[InlineKeyboardButton]:
    return [button(t, BACK, "rq:back")]


def inline(*lines: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([line for line in lines if line])


def kinds(t: Translator, org: Organisation, now: datetime) -> InlineKeyboardMarkup:
    """Every kind of help; a closed seasonal one is marked, and says when it opens if pressed."""
    today = t.local(now).date()
    buttons = [
        InlineKeyboardButton(
            ("" if help_type.is_open(today) else "🔒 ") + help_type.label(t.language),
            callback_data=f"rq:kind:{help_type.key}",
        )
        for help_type in org.help_types
    ]
    return InlineKeyboardMarkup([*rows(buttons, per_row=2), back_row(t)])


def numbers(t: Translator, choices: range) -> InlineKeyboardMarkup:
    digits = [InlineKeyboardButton(str(n), callback_data=f"rq:n:{n}") for n in choices]
    return inline(digits, back_row(t))


def contact(t: Translator) -> ReplyKeyboardMarkup:
    """A reply keyboard: Telegram asks the person before it shares their number."""
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(t.gettext(SHARE_PHONE), request_contact=True)],
            [KeyboardButton(t.gettext(ONLY_TELEGRAM))],
            [KeyboardButton(t.gettext(BACK))],
        ],
        resize_keyboard=True,
    )


def is_label(i18n: I18n, label: str, text: str) -> bool:
    """A reply-keyboard press arrives as its text, in whichever language it was shown in."""
    return text.strip() in {translator.gettext(label) for translator in i18n.all()}


def for_state(
    t: Translator, org: Organisation, draft: RequestDraft, state: str, now: datetime
) -> Markup:
    if state == "consent":
        return inline([button(t, YES, "rq:yes"), button(t, NO, "rq:no")])
    if state == "kind":
        return kinds(t, org, now)
    if state in NUMBER_CHOICES:
        return numbers(t, NUMBER_CHOICES[state])
    if state == "child_size":
        return inline([button(t, DONT_KNOW, "rq:unknown")], back_row(t))
    if state == "referral":
        choices = [
            button(t, label, f"rq:ref:{referral.value}")
            for referral, label in REFERRAL_BUTTONS.items()
        ]
        return inline(*rows(choices, per_row=2), [button(t, SKIP, "rq:skip")], back_row(t))
    if state == "referral_note":
        return inline([button(t, SKIP, "rq:skip")], back_row(t))
    if state == "contact":
        return contact(t)
    if state == "postcode_check":
        return inline(
            [button(t, FIX_POSTCODE, "rq:pc:fix"), button(t, POSTCODE_RIGHT, "rq:pc:yes")]
        )
    if state == "summary":
        return inline([button(t, SEND, "rq:send")], [button(t, CHANGE, "rq:change")], back_row(t))
    if state == "change_part":
        parts = [button(t, label, f"rq:part:{part.value}") for part, label in PART_BUTTONS.items()]
        return inline(*rows(parts, per_row=2), back_row(t))
    return inline(back_row(t))
