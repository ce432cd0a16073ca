"""build_application(): the one place where python-telegram-bot is put together."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    TypeHandler,
)

import handlers
from bot.context import BotContext
from bot.errors import on_error
from bot.journeys import one_journey_at_a_time
from bot.middleware import FloodGuard, remember_user
from bot.persistence import SQLitePersistence
from bot.services import Services
from handlers.common import ADMIN_CHAT

logger = logging.getLogger(__name__)

GROUP_REMEMBER_USER = -100
GROUP_FLOOD = -90
GROUP_JOURNEYS = -80


class HjaelpeApplication(Application[Any, BotContext, Any, Any, Any, Any]):
    """PTB's Application, plus: each update handled once, and its state saved right after."""

    services: Services

    async def process_update(self, update: object) -> None:
        if isinstance(update, Update):
            fresh = await self.services.updates.claim(update.update_id, self.services.clock.now())
            if not fresh:
                logger.info("Update %s was delivered again; already handled", update.update_id)
                return
        await super().process_update(update)
        self.services.health.update_handled()
        # PTB would save on a timer; saving now means a kill -9 loses at most this update.
        await self.update_persistence()


def build_application(services: Services) -> HjaelpeApplication:
    settings = services.settings
    application = (
        ApplicationBuilder()
        .application_class(HjaelpeApplication)
        .token(settings.token)
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.bot_api_base_file_url)
        .persistence(SQLitePersistence(services.persistence_store))
        .context_types(ContextTypes(context=BotContext))
        .defaults(Defaults(parse_mode="HTML", tzinfo=settings.zone))
        # 429s are handled by the outbox sender; direct replies are paced by the limiter.
        .rate_limiter(AIORateLimiter(max_retries=2))
        .concurrent_updates(False)
        .build()
    )
    assert isinstance(application, HjaelpeApplication)
    application.services = services
    if settings.admin_chat_id is not None:
        ADMIN_CHAT.add_chat_ids(settings.admin_chat_id)
    flood = FloodGuard(settings.flood_max_updates, settings.flood_window_seconds)
    application.add_handler(TypeHandler(Update, remember_user), group=GROUP_REMEMBER_USER)
    application.add_handler(TypeHandler(Update, flood), group=GROUP_FLOOD)
    handlers.register(application, settings)
    application.add_handler(TypeHandler(Update, one_journey_at_a_time), group=GROUP_JOURNEYS)
    application.add_error_handler(on_error)
    return application
