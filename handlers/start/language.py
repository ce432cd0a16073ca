"""/language: Danish, English, Ukrainian or Arabic, remembered per person."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot import journeys
from bot.context import BotContext
from bot.i18n import Language, supported
from bot.keyboards import language_chooser, main_menu
from bot.settings import Settings
from handlers.common import PRIVATE
from handlers.journey import Handler
from handlers.requests import family_pickups


async def ask_language(update: Update, context: BotContext) -> None:
    """Shows the languages, each named in itself."""
    _ = context.t.gettext
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id,
            # Translated into both languages at once, so a person lost in one can read it.
            _("Choose your language"),
            reply_markup=language_chooser(),
        )


async def set_language(update: Update, context: BotContext) -> None:
    """Stores the chosen language and answers in it."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    language: Language = supported((query.data or "").removeprefix("lang:")) or "da"
    await context.services.users.set_language(user.id, language)
    context.language = language
    _ = context.t.gettext
    await query.answer()
    # Each catalog says it in its own language ("… in English", "… українською" …).
    await query.edit_message_text(_("Done. I will write to you in English."))
    if journeys.active(context.application, update):
        # They switched language half-way through a journey: it is still waiting for them.
        await context.bot.send_message(
            user.id, _("Let us go on where we were. Answer the last question, or send /cancel.")
        )
        return
    family = bool(await family_pickups.requests_of(context.services, user.id))
    await context.bot.send_message(
        user.id, _("What would you like to do?"), reply_markup=main_menu(context.t, family=family)
    )


def build(settings: Settings) -> list[Handler]:
    return [
        CommandHandler(["language", "sprog"], ask_language, filters=PRIVATE),
        CallbackQueryHandler(ask_language, pattern=r"^menu:language$"),
        CallbackQueryHandler(set_language, pattern=r"^lang:(da|en|uk|ar)$"),
    ]
