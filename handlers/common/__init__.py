"""Pieces every journey shares: the private-chat filter, /cancel and the kind fallbacks."""

from __future__ import annotations

import logging
from html import escape

from telegram import CallbackQuery, InlineKeyboardMarkup, ReplyKeyboardRemove, Update
from telegram.error import BadRequest
from telegram.ext import CommandHandler, ConversationHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from bot.keyboards import main_menu
from bot.settings import Settings
from domain.days import DropoffDay
from handlers.journey import Handler

logger = logging.getLogger(__name__)

PRIVATE = filters.ChatType.PRIVATE
# /cancel, and the Danish words people try first.
CANCEL_COMMANDS = ("cancel", "annuller", "stop")


def admin_places(settings: Settings) -> filters.BaseFilter:
    """Where admin commands and buttons work: a private chat (the handler then checks the
    person's role) and the admins' group, ADMIN_CHAT_ID; no other group."""
    if settings.admin_chat_id is None:
        return PRIVATE
    return PRIVATE | filters.Chat(chat_id=settings.admin_chat_id)


def day_lines(t: Translator, day: DropoffDay, mark: str = "📅") -> list[str]:
    """When and where a drop-off day is, as two lines: '📅 lørdag den 6. december kl.
    10.00-13.00' and '📍 Teglvænget 97' (the place escaped: an admin typed it)."""
    return [f"{mark} {t.span(day.starts_at, day.ends_at)}", f"📍 {user_text(day.place)}"]


def user_text(value: str | None) -> str:
    """Escapes text a person wrote before it is shown inside our HTML messages."""
    return escape(value or "", quote=False)


async def edit_in_place(
    query: CallbackQuery, text: str, buttons: InlineKeyboardMarkup | None = None
) -> None:
    """Shows the new text (and buttons) in the pressed message; an unchanged one stays as it is
    (a doubled press), any other refusal is raised."""
    try:
        await query.edit_message_text(text, reply_markup=buttons)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def send_menu(update: Update, context: BotContext, text: str) -> None:
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, text, reply_markup=main_menu(context.t))


def forget_drafts(context: BotContext) -> None:
    """Each journey keeps its draft under "<journey>_draft" in user_data."""
    if context.user_data is not None:
        for key in [key for key in context.user_data if key.endswith("_draft")]:
            context.user_data.pop(key, None)


async def cancel_conversation(update: Update, context: BotContext) -> int:
    """Leaves the current journey, forgets its draft and shows the menu."""
    _ = context.t.gettext
    forget_drafts(context)
    if update.callback_query is not None:
        await update.callback_query.answer()
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(
            chat.id, _("Okay, I stopped. Nothing was sent."), reply_markup=ReplyKeyboardRemove()
        )
        await send_menu(update, context, _("What would you like to do?"))
    return ConversationHandler.END


def cancel_handler(places: filters.BaseFilter = PRIVATE) -> Handler:
    """The /cancel every conversation lists among its fallbacks: in a private chat, or for the
    board's conversations in admin_places(settings). Typed as a plain Handler, so it goes into
    any ConversationHandler's fallbacks without a cast."""
    return CommandHandler(list(CANCEL_COMMANDS), cancel_conversation, filters=places)


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    """Says there is nothing to stop when no journey is under way."""
    _ = context.t.gettext
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id,
            _("There is nothing to stop. Send /start to see the menu."),
            reply_markup=ReplyKeyboardRemove(),
        )


async def unknown_command(update: Update, context: BotContext) -> None:
    """Answers a command the bot does not know."""
    _ = context.t.gettext
    await send_menu(
        update, context, _("I do not know that command. Send /help to see what I can do.")
    )


async def unexpected_text(update: Update, context: BotContext) -> None:
    """Answers free text outside any journey with the menu."""
    _ = context.t.gettext
    await send_menu(
        update, context, _("I did not quite get that. Choose below, and I will help you.")
    )


async def unexpected_media(update: Update, context: BotContext) -> None:
    """Answers a sticker, voice note, photo … outside any journey."""
    _ = context.t.gettext
    await send_menu(
        update, context, _("I cannot use that here. Please write, or use the buttons below.")
    )


async def stale_button(update: Update, context: BotContext) -> None:
    """Answers a button no handler knows: an old menu, or forged data."""
    query = update.callback_query
    if query is None:
        return
    _ = context.t.gettext
    logger.warning(
        "Unknown button %r from user %s",
        (query.data or "")[:64],
        update.effective_user.id if update.effective_user else None,
    )
    await query.answer(
        _("That button no longer works. Send /start to begin again."), show_alert=True
    )
