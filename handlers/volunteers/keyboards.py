"""The buttons of /frivillig: back, share my number, what I like to do, and consent."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from bot.i18n import Translator
from domain.organisation import Organisation


def back_button(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(t.gettext("⬅️ Back"), callback_data="vol:back")


def phone_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    """Share the Telegram number with one tap, or go back (a typed number works too)."""
    _ = t.gettext
    return ReplyKeyboardMarkup(
        [[KeyboardButton(_("📱 Send my number"), request_contact=True)], [_("⬅️ Back")]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def skills_keyboard(
    t: Translator, organisation: Organisation, chosen: Iterable[str]
) -> InlineKeyboardMarkup:
    """The profile's skills as toggles (✅ when chosen), then Done and Back."""
    picked = set(chosen)
    buttons = [
        InlineKeyboardButton(
            ("✅ " if skill.key in picked else "▫️ ") + skill.label(t.language),
            callback_data=f"vol:skill:{skill.key}",
        )
        for skill in organisation.volunteer_skills
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    done = InlineKeyboardButton(t.gettext("➡️ Done"), callback_data="vol:skills:done")
    return InlineKeyboardMarkup([*rows, [done], [back_button(t)]])


def consent_keyboard(t: Translator) -> InlineKeyboardMarkup:
    _ = t.gettext
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(_("✅ Yes, that is fine"), callback_data="vol:consent:yes")],
            [InlineKeyboardButton(_("No thanks"), callback_data="vol:consent:no")],
            [back_button(t)],
        ]
    )
