"""/stats for the board: pick a period, get a short text and a chart of the months.

/stats and /export share one conversation ("board"): its only step with typing is another
period ("2026-11-01 2026-11-30"); every button is an entry point, so a button pressed while
the dates are awaited simply takes over.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.charts import render_png
from bot.context import BotContext
from domain.statistics import BadSpan, Period, PeriodKind, parse_span, preset
from handlers.board import export as board_export
from handlers.board.texts import (
    chart,
    chart_caption,
    period_buttons,
    span_hint,
    span_problem,
    summary_text,
)
from handlers.common import ADMIN_PLACES, cancel_conversation
from handlers.common.access import admin_only, local_today
from storage.statistics import StatisticsRepository

logger = logging.getLogger(__name__)

END = ConversationHandler.END
SPAN = "span"
DRAFT = "board_draft"


async def stats_command(update: Update, context: BotContext) -> int:
    """Asks for the period, or shows the numbers at once for '/stats 2026-11-01 2026-11-30'."""
    if not await admin_only(update, context, "stats"):
        return END
    chat = update.effective_chat
    if chat is None:
        return END
    if context.args:
        parsed = parse_span(" ".join(context.args))
        if isinstance(parsed, BadSpan):
            await context.bot.send_message(chat.id, span_problem(context.t, parsed))
        else:
            await send_stats(update, context, parsed)
        return END
    await context.bot.send_message(
        chat.id,
        context.t.gettext("📊 Which period?"),
        reply_markup=period_buttons(context.t, "stats"),
    )
    return END


async def stats_period(update: Update, context: BotContext) -> int:
    """Shows the numbers for this month, last month or this year."""
    query = update.callback_query
    if query is None or not await admin_only(update, context, "stats"):
        return END
    period = preset(PeriodKind((query.data or "").rsplit(":", 1)[-1]), local_today(context))
    assert period is not None  # the pattern only lets the presets through
    await query.answer()
    await send_stats(update, context, period)
    return END


async def ask_span(update: Update, context: BotContext) -> str | int:
    """Asks for the first and the last day of another period."""
    query = update.callback_query
    if query is None or update.effective_chat is None:
        return END
    purpose = (query.data or "").split(":")[0]
    if not await admin_only(update, context, purpose):
        return END
    await query.answer()
    if context.user_data is not None:
        context.user_data[DRAFT] = {"for": purpose}
    back = InlineKeyboardMarkup(
        [[InlineKeyboardButton(context.t.gettext("⬅️ Back"), callback_data=f"board:back:{purpose}")]]
    )
    await context.bot.send_message(
        update.effective_chat.id, span_hint(context.t), reply_markup=back
    )
    return SPAN


async def got_span(update: Update, context: BotContext) -> str | int:
    """Reads the two dates, then shows the numbers or the export choice."""
    message = update.effective_message
    if message is None or update.effective_chat is None:
        return SPAN
    draft = (context.user_data or {}).get(DRAFT) or {}
    purpose = "export" if draft.get("for") == "export" else "stats"
    if not await admin_only(update, context, purpose):
        return END
    parsed = parse_span(message.text or "")
    if isinstance(parsed, BadSpan):
        await context.bot.send_message(update.effective_chat.id, span_problem(context.t, parsed))
        return SPAN
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    if purpose == "export":
        await board_export.ask_contents(update, context, parsed)
    else:
        await send_stats(update, context, parsed)
    return END


async def span_other_input(update: Update, context: BotContext) -> str:
    """Answers a sticker, photo or voice note while two dates are wanted."""
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id,
            context.t.gettext("I cannot read dates from that.") + "\n" + span_hint(context.t),
        )
    return SPAN


async def back(update: Update, context: BotContext) -> int:
    """Goes back to the period buttons."""
    query = update.callback_query
    if query is None or update.effective_chat is None:
        return END
    purpose = "export" if (query.data or "").endswith(":export") else "stats"
    if not await admin_only(update, context, purpose):
        return END
    await query.answer()
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    _ = context.t.gettext
    question = _("📤 Which period do you want to export?") if purpose == "export" else None
    await context.bot.send_message(
        update.effective_chat.id,
        question or _("📊 Which period?"),
        reply_markup=period_buttons(context.t, purpose),
    )
    return END


async def send_stats(update: Update, context: BotContext, period: Period) -> None:
    """The short text first, then the chart, drawn in a worker thread."""
    chat = update.effective_chat
    if chat is None:
        return
    services = context.services
    zone = services.settings.zone
    statistics = StatisticsRepository(services.db)
    start, end = period.bounds(zone)
    numbers = await statistics.summary(start, end, services.clock.now())
    series = await statistics.monthly(period.chart_months(), zone)
    await context.bot.send_message(
        chat.id, summary_text(context.t, services.organisation, period, numbers)
    )
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_PHOTO)
    figure = chart(context.t, services.organisation, period, series)
    png = await asyncio.to_thread(render_png, figure)
    await context.bot.send_photo(
        chat.id, photo=png, caption=chart_caption(context.t, period), filename="stats.png"
    )
    logger.info("Statistics %s sent to chat %s", period.code, chat.id)


CONVERSATION = ConversationHandler(
    name="board",
    persistent=True,
    allow_reentry=True,
    entry_points=[
        CommandHandler(["stats", "statistik"], stats_command, filters=ADMIN_PLACES),
        CommandHandler(["export", "eksport"], board_export.export_command, filters=ADMIN_PLACES),
        CallbackQueryHandler(stats_period, pattern=r"^stats:p:(this_month|last_month|this_year)$"),
        CallbackQueryHandler(ask_span, pattern=r"^(stats|export):custom$"),
        CallbackQueryHandler(back, pattern=r"^board:back:(stats|export)$"),
        *board_export.ENTRY_BUTTONS,
    ],
    states={SPAN: [MessageHandler(ADMIN_PLACES & filters.TEXT & ~filters.COMMAND, got_span)]},
    fallbacks=[
        CommandHandler("cancel", cancel_conversation, filters=ADMIN_PLACES),
        MessageHandler(
            ADMIN_PLACES & ~filters.COMMAND & ~filters.StatusUpdate.ALL, span_other_input
        ),
    ],
)

HANDLERS: list[BaseHandler[Update, BotContext, object]] = [CONVERSATION]
