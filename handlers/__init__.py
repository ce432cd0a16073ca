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
    __import__("handlers.donate", fromlist=["HANDLERS"]),
    __import__("handlers.mine", fromlist=["HANDLERS"]),
    # recipient journey
    __import__("handlers.request_help", fromlist=["HANDLERS"]),
    # privacy
    __import__("handlers.privacy", fromlist=["HANDLERS"]),
    # volunteer journey
    __import__("handlers.volunteer", fromlist=["HANDLERS"]),
    __import__("handlers.shifts", fromlist=["HANDLERS"]),
    __import__("handlers.dropoff_days", fromlist=["HANDLERS"]),
    # announcements and subscriptions
    __import__("handlers.subscriptions", fromlist=["HANDLERS"]),
    __import__("handlers.announce", fromlist=["HANDLERS"]),
    __import__("handlers.announce_scheduled", fromlist=["HANDLERS"]),
    __import__("handlers.announce_sending", fromlist=["HANDLERS"]),
    __import__("handlers.dropoff_broadcasts", fromlist=["HANDLERS"]),
    # board overview
    __import__("handlers.board", fromlist=["HANDLERS"]),
    __import__("handlers.admins", fromlist=["HANDLERS"]),
    __import__("handlers.backups", fromlist=["HANDLERS"]),
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
