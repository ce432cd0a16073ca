"""All handlers, in the order they are tried. One module per journey."""

from __future__ import annotations

import warnings

from telegram.warnings import PTBUserWarning

# Our conversations mix message and button steps on purpose (per_message=False), which PTB
# warns about once per ConversationHandler; the behaviour is what we want. Set before the
# journeys below build their handlers.
warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)

from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from handlers import (
    admins,
    announce,
    announce_scheduled,
    announce_sending,
    backups,
    board,
    common,
    donate,
    dropoff_broadcasts,
    dropoff_days,
    group,
    language,
    mine,
    privacy,
    request_help,
    shifts,
    start,
    subscriptions,
    volunteer,
)

# Order matters: journeys first, the group guard and kind fallbacks last.
# A journey module has HANDLERS (a list), and may have START: an async function run at every
# start with the application (to rebuild its scheduled jobs from the database), and
# ANSWER_TYPED: async (update, context) -> bool, offered free text that no journey took.
JOURNEYS: list[ModuleType] = [
    start,
    language,
    # donors (issue 3)
    donate,
    mine,
    # recipients and their data (issue 4)
    request_help,
    privacy,
    # volunteers and drop-off days (issue 5)
    volunteer,
    shifts,
    dropoff_days,
    # announcements and subscriptions (issue 6)
    subscriptions,
    announce,
    announce_scheduled,
    announce_sending,
    dropoff_broadcasts,
    # the board's overview (issue 7)
    board,
    admins,
    backups,
]


def start_hooks() -> list[Callable[[Any], Awaitable[None]]]:
    return [journey.START for journey in JOURNEYS if hasattr(journey, "START")]


async def free_text(update: Update, context: BotContext) -> None:
    """Text no journey took: maybe the answer to a question the board asked (a journey's
    ANSWER_TYPED takes it), else the kind "I did not quite get that" with the menu."""
    for journey in JOURNEYS:
        answer = getattr(journey, "ANSWER_TYPED", None)
        if answer is not None and await answer(update, context):
            return
    await common.unexpected_text(update, context)


def register(application: Application) -> None:
    for journey in JOURNEYS:
        for handler in journey.HANDLERS:
            application.add_handler(handler)
    application.add_handlers(group.HANDLERS)
    application.add_handlers(fallbacks())


def fallbacks() -> list[BaseHandler]:
    private = common.PRIVATE
    return [
        CommandHandler(list(common.CANCEL_COMMANDS), common.nothing_to_cancel, filters=private),
        MessageHandler(private & filters.COMMAND, common.unknown_command),
        MessageHandler(private & filters.TEXT, free_text),
        MessageHandler(private & ~filters.StatusUpdate.ALL, common.unexpected_media),
        CallbackQueryHandler(common.stale_button),
    ]
