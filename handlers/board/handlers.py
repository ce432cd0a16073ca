"""/stats and /export for the board: pick a period (periods.py), then get a short text and a
chart of the months (here) or the CSV files (export.py).

/stats and /export share one conversation ("board"): its only step with typing is another
period ("2026-11-01 2026-11-30"); every button is an entry point, so a button pressed while
the dates are awaited simply takes over.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatAction
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.charts import render_png
from bot.context import BotContext
from bot.i18n import N_
from bot.off_loop import off_loop
from bot.settings import Settings
from domain.statistics import Period
from handlers.board import export as board_export
from handlers.board.periods import PRESETS, SPAN, PeriodPicker, PeriodUse
from handlers.board.texts import chart, chart_caption, summary_text
from handlers.common import admin_places, cancel_handler
from handlers.journey import Handler

logger = logging.getLogger(__name__)


async def send_stats(update: Update, context: BotContext, period: Period) -> None:
    """The short text first, then the chart, drawn in a worker thread."""
    chat = update.effective_chat
    if chat is None:
        return
    services = context.services
    zone = services.settings.zone
    statistics = services.repos.statistics
    start, end = period.bounds(zone)
    numbers = await statistics.summary(start, end, services.clock.now())
    series = await statistics.monthly(period.chart_months(), zone)
    await context.bot.send_message(
        chat.id, summary_text(context.t, services.organisation, period, numbers)
    )
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_PHOTO)
    figure = chart(context.t, services.organisation, period, series)
    png = await off_loop(render_png, figure)
    await context.bot.send_photo(
        chat.id, photo=png, caption=chart_caption(context.t, period), filename="stats.png"
    )
    logger.info("Statistics %s sent to chat %s", period.code, chat.id)


STATS = PeriodUse("stats", N_("📊 Which period?"), send_stats)
PICKER = PeriodPicker(STATS, board_export.EXPORT)


def build(settings: Settings) -> list[Handler]:
    """The board conversation: /stats, /export, their buttons and the typed period."""
    places = admin_places(settings)
    picker = PICKER
    return [
        ConversationHandler(
            name="board",
            persistent=True,
            allow_reentry=True,
            entry_points=[
                CommandHandler(["stats", "statistik"], picker.command("stats"), filters=places),
                CommandHandler(["export", "eksport"], picker.command("export"), filters=places),
                CallbackQueryHandler(
                    picker.preset_pressed, pattern=rf"^(stats|export):p:({PRESETS})$"
                ),
                CallbackQueryHandler(picker.ask_span, pattern=r"^(stats|export):custom$"),
                CallbackQueryHandler(picker.back, pattern=r"^board:back:(stats|export)$"),
                CallbackQueryHandler(
                    board_export.export_files, pattern=r"^export:go:[0-9-]{1,17}:[np]$"
                ),
            ],
            states={
                SPAN: [MessageHandler(places & filters.TEXT & ~filters.COMMAND, picker.got_span)]
            },
            fallbacks=[
                cancel_handler(places),
                MessageHandler(
                    places & ~filters.COMMAND & ~filters.StatusUpdate.ALL, picker.other_input
                ),
            ],
        )
    ]
