"""Group chats: nothing personal happens there; point people to a private chat instead."""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import BotContext
from bot.keyboards import open_private_chat
from bot.settings import Settings
from handlers.journey import Handler

GROUPS = filters.ChatType.GROUPS


async def go_private(update: Update, context: BotContext) -> None:
    """Answers a command in a group with a button that opens the private chat."""
    _ = context.t.gettext
    chat = update.effective_chat
    if chat is None:
        return
    await context.bot.send_message(
        chat.id,
        _("Let us talk in private, so your details stay between us. Tap the button."),
        reply_markup=open_private_chat(context.t, context.bot.username),
    )


def build(settings: Settings) -> list[Handler]:
    """Tried after every journey: a command in a group that no admin handler took."""
    return [MessageHandler(GROUPS & filters.COMMAND, go_private)]
