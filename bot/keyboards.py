"""Small builders for the buttons people press. Callback data is short and language-free."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import N_, NATIVE_NAMES, SUPPORTED, Translator


@dataclass(frozen=True)
class MenuEntry:
    data: str
    label: str  # N_() marked; translated when shown


WRITE_TO_US = N_("✉️ Write to us")

# The main menu. Each journey's entry point answers its callback data.
MAIN_MENU: list[MenuEntry] = [
    # donor journey
    MenuEntry("menu:donate", N_("📦 Give things")),
    MenuEntry("menu:mine", N_("🗂 My things")),
    # recipient journey
    MenuEntry("menu:request", N_("🤝 Ask for help")),
    # volunteer journey
    MenuEntry("menu:volunteer", N_("🙋 Volunteer")),
    # drop-off days
    MenuEntry("menu:dates", N_("📅 Drop-off days")),
    MenuEntry("menu:write", WRITE_TO_US),
    MenuEntry("menu:language", N_("🌐 Language / Sprog")),
]


COLLECT_MY_THINGS = N_("📅 Collect my things")  # »drop-off days« for a person who asked for help


def main_menu(t: Translator, *, family: bool = False) -> InlineKeyboardMarkup:
    """The menu; a family's »drop-off days« button is about their own times to collect."""
    return t.made_once(("main_menu", family), lambda: _main_menu(t, family))


def _main_menu(t: Translator, family: bool) -> InlineKeyboardMarkup:
    def label(entry: MenuEntry) -> str:
        if family and entry.data == "menu:dates":
            return t.gettext(COLLECT_MY_THINGS)
        return t.gettext(entry.label)

    buttons = [InlineKeyboardButton(label(e), callback_data=e.data) for e in MAIN_MENU]
    return InlineKeyboardMarkup(rows(buttons, per_row=2))


def with_write_to_us(
    t: Translator, markup: InlineKeyboardMarkup | None = None
) -> InlineKeyboardMarkup:
    """The buttons of a status message to a family, donor or volunteer, with »Write to us« as
    the last row (handlers/inbox starts the message to the board)."""
    kept = [list(row) for row in markup.inline_keyboard] if markup is not None else []
    button = InlineKeyboardButton(t.gettext(WRITE_TO_US), callback_data="inbox:write")
    return InlineKeyboardMarkup([*kept, [button]])


def rows(buttons: Sequence[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


FLAGS = {"da": "🇩🇰", "en": "🇬🇧", "uk": "🇺🇦", "ar": "🌍"}


def language_chooser() -> InlineKeyboardMarkup:
    # Each language is named in itself and its own script, so anyone can find theirs.
    buttons = [
        InlineKeyboardButton(f"{FLAGS[code]} {NATIVE_NAMES[code]}", callback_data=f"lang:{code}")
        for code in SUPPORTED
    ]
    return InlineKeyboardMarkup(rows(buttons, per_row=2))


def open_private_chat(t: Translator, bot_username: str) -> InlineKeyboardMarkup:
    url = f"https://t.me/{bot_username}?start=group"
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t.gettext("💬 Write to me privately"), url=url)]]
    )
