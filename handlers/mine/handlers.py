"""/mine: a person's own things in one place, one section per journey (offers, shifts …).

A section is an async function (context, user id) -> messages; an empty list shows nothing.
Journeys add theirs to SECTIONS, in the order people should see them; a section's buttons
(withdrawing an offer, ...) are registered by its own journey.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.keyboards import main_menu
from bot.settings import Settings
from handlers.common import PRIVATE
from handlers.donate.mine import offers_section
from handlers.journey import Handler
from handlers.requests.mine import requests_section
from handlers.shifts.mine import shifts_section

SectionMessage = tuple[str, InlineKeyboardMarkup | None]
Section = Callable[[BotContext, int], Awaitable[list[SectionMessage]]]

SECTIONS: list[Section] = [offers_section, shifts_section, requests_section]


async def mine(update: Update, context: BotContext) -> None:
    """Shows every section that has something for this person, or says there is nothing yet."""
    user, chat = update.effective_user, update.effective_chat
    if update.callback_query is not None:
        await update.callback_query.answer()
    if user is None or chat is None:
        return
    messages: list[SectionMessage] = []
    for section in SECTIONS:
        messages += await section(context, user.id)
    if not messages:
        text = context.t.gettext(
            "There is nothing here yet. Choose below what you would like to do."
        )
        await context.bot.send_message(chat.id, text, reply_markup=main_menu(context.t))
        return
    for text, buttons in messages:
        await context.bot.send_message(chat.id, text, reply_markup=buttons)


def build(settings: Settings) -> list[Handler]:
    """/mine and its menu button; each section's own buttons come with its journey."""
    return [
        CommandHandler("mine", mine, filters=PRIVATE),
        CallbackQueryHandler(mine, pattern=r"^menu:mine$"),
    ]
