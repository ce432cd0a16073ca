"""Buttons of »Write to us«."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.keyboards import with_write_to_us


def pass_on_choice(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t.gettext("✉️ Yes, send it"), callback_data="inbox:send"),
                InlineKeyboardButton(t.gettext("No, thanks"), callback_data="inbox:drop"),
            ]
        ]
    )


def write_to_us(t: Translator) -> InlineKeyboardMarkup:
    """The button under every status message to a family, donor or volunteer."""
    return with_write_to_us(t)


def answer_again(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t.gettext("✉️ Answer"), callback_data="inbox:write")]]
    )


def card_buttons(thread_id: int, t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t.gettext("↩️ Reply"), callback_data=f"inbox:reply:{thread_id}"
                ),
                InlineKeyboardButton(
                    t.gettext("✔️ Close"), callback_data=f"inbox:close:{thread_id}"
                ),
            ]
        ]
    )


def thread_list(threads: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"inbox:show:{tid}")] for tid, label in threads]
    )
