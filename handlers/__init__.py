"""All journeys, in the order their handlers are tried; then the group guard and the fallbacks."""

from __future__ import annotations

import warnings

from telegram.warnings import PTBUserWarning

# Our conversations mix message and button steps on purpose (per_message=False), which PTB
# warns about once per ConversationHandler; the behaviour is what we want. Set before the
# journeys below build their handlers.
warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.context import BotContext
from bot.settings import Settings
from handlers import (
    admins,
    announce,
    board,
    common,
    donate,
    dropoff,
    inbox,
    matching,
    mine,
    offers,
    privacy,
    requests,
    shifts,
    start,
    status,
    subscriptions,
    volunteers,
    wanted,
)
from handlers.journey import Handler, Journey, StartHook
from handlers.start import group

# Order matters: within a handler group the first handler that takes an update wins.
JOURNEYS: list[Journey] = [
    start.JOURNEY,
    # Before donate: the typed answers about an offer must win over a /donate in progress.
    offers.JOURNEY,
    donate.JOURNEY,
    mine.JOURNEY,
    requests.JOURNEY,
    privacy.JOURNEY,
    volunteers.JOURNEY,
    shifts.JOURNEY,
    dropoff.JOURNEY,
    subscriptions.JOURNEY,
    announce.JOURNEY,
    wanted.JOURNEY,
    matching.JOURNEY,
    board.JOURNEY,
    admins.JOURNEY,
    status.JOURNEY,
    # Last: it takes what no journey took (free text, a photo) and offers to pass it on.
    inbox.JOURNEY,
]


def start_hooks() -> list[StartHook]:
    return [hook for journey in JOURNEYS for hook in journey.on_start]


async def free_text(update: Update, context: BotContext) -> None:
    """Text no journey took: maybe the answer to a question the board asked (a journey's
    answers_typed takes it), else the kind "I did not quite get that" with the menu. After a
    press on »Write to us«, it is the message to the board."""
    if await inbox.handlers.take_written(update, context):
        return
    for journey in JOURNEYS:
        if journey.answers_typed is not None and await journey.answers_typed(update, context):
            return
    await common.unexpected_text(update, context)


def register(application: Application, settings: Settings) -> None:
    for journey in JOURNEYS:
        application.add_handlers(list(journey.handlers(settings)))
    application.add_handlers(group.build(settings))
    application.add_handlers(fallbacks())


def fallbacks() -> list[Handler]:
    private = common.PRIVATE
    return [
        CommandHandler(list(common.CANCEL_COMMANDS), common.nothing_to_cancel, filters=private),
        MessageHandler(private & filters.COMMAND, common.unknown_command),
        MessageHandler(private & filters.TEXT, free_text),
        MessageHandler(private & ~filters.StatusUpdate.ALL, common.unexpected_media),
        CallbackQueryHandler(common.stale_button),
    ]
