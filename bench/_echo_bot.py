"""The baseline: a bare python-telegram-bot echo bot (no database, defaults everywhere)."""

from __future__ import annotations

import os
import sys

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

MENU = InlineKeyboardMarkup([[InlineKeyboardButton("Giv ting", callback_data="give")]])


async def start(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("Velkommen", reply_markup=MENU)


async def echo(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(update.effective_message.text or "?")


async def press(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.callback_query is not None
    await update.callback_query.answer()
    await update.callback_query.edit_message_text("Tak, fordi du vil give")


def main() -> None:
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    app = (
        ApplicationBuilder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(os.environ["BOT_API_BASE_URL"])
        .base_file_url(os.environ["BOT_API_BASE_FILE_URL"])
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(press))
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(poll_interval=0, timeout=10)


if __name__ == "__main__":
    sys.exit(main())
