"""All handlers, in the order they are tried. One module per journey."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any

from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers import common, group, language, start

# Order matters: journeys first, the group guard and kind fallbacks last.
# A journey module has HANDLERS (a list), and may have START: an async function run at every
# start with the application (to rebuild its scheduled jobs from the database).
JOURNEYS: list[ModuleType] = [
    start,
    language,
    # donor journey
    # recipient journey
    # privacy
    # volunteer journey
    # announcements and subscriptions
    # board overview
]


def start_hooks() -> list[Callable[[Any], Awaitable[None]]]:
    return [journey.START for journey in JOURNEYS if hasattr(journey, "START")]


def register(application: Application) -> None:
    for journey in JOURNEYS:
        for handler in journey.HANDLERS:
            application.add_handler(handler)
    application.add_handlers(group.HANDLERS)
    application.add_handlers(fallbacks())


def fallbacks() -> list[BaseHandler]:
    private = common.PRIVATE
    return [
        CommandHandler("cancel", common.nothing_to_cancel, filters=private),
        MessageHandler(private & filters.COMMAND, common.unknown_command),
        MessageHandler(private & filters.TEXT, common.unexpected_text),
        MessageHandler(private & ~filters.StatusUpdate.ALL, common.unexpected_media),
        CallbackQueryHandler(common.stale_button),
    ]
