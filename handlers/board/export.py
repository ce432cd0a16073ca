"""/export: CSV files of offers, requests, volunteers and shifts for a period, for admins.

Personal columns only come when the admin presses the separate "with personal data" button,
and that choice goes into the audit log ("export.personal") before any file leaves.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from bot.context import BotContext
from domain.statistics import BadSpan, Period, PeriodKind, parse_code, parse_span, preset
from handlers.board.csv_tables import (
    FILE_NAMES,
    Cells,
    file_name,
    offers_table,
    requests_table,
    shifts_table,
    to_csv,
    volunteers_table,
)
from handlers.board.texts import period_buttons, period_name, span_problem
from handlers.common.access import admin_only, local_today
from storage.audit import AuditLog
from storage.exports import ExportRepository

logger = logging.getLogger(__name__)

END = ConversationHandler.END
EXPORTED = "offers,requests,volunteers,shifts"


async def export_command(update: Update, context: BotContext) -> int:
    """Asks for the period, or goes straight to the choice for '/export 2026-11-01 2026-11-30'."""
    if not await admin_only(update, context, "export"):
        return END
    chat = update.effective_chat
    if chat is None:
        return END
    _ = context.t.gettext
    if context.args:
        parsed = parse_span(" ".join(context.args))
        if isinstance(parsed, BadSpan):
            await context.bot.send_message(chat.id, span_problem(context.t, parsed))
        else:
            await ask_contents(update, context, parsed)
        return END
    await context.bot.send_message(
        chat.id,
        _("📤 Which period do you want to export?"),
        reply_markup=period_buttons(context.t, "export"),
    )
    return END


async def export_period(update: Update, context: BotContext) -> int:
    """Takes the chosen period and asks with or without personal data."""
    query = update.callback_query
    if query is None or not await admin_only(update, context, "export"):
        return END
    period = preset(PeriodKind((query.data or "").rsplit(":", 1)[-1]), local_today(context))
    assert period is not None  # the pattern only lets the presets through
    await query.answer()
    await ask_contents(update, context, period)
    return END


async def ask_contents(update: Update, context: BotContext, period: Period) -> None:
    """Asks whether the files should hold personal data (a separate, logged button)."""
    _ = context.t.gettext
    chat = update.effective_chat
    if chat is None:
        return
    code = period.code
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("📄 Without personal data"), callback_data=f"export:go:{code}:n"
                )
            ],
            [
                InlineKeyboardButton(
                    _("🔐 With personal data (logged)"), callback_data=f"export:go:{code}:p"
                )
            ],
            [InlineKeyboardButton(_("⬅️ Back"), callback_data="board:back:export")],
        ]
    )
    text = _(
        "📤 Export for {period}: offers, help requests, volunteers and shifts.\n"
        "Without personal data is enough for reports and applications. The files with "
        "personal data hold names, phone numbers and needs; if you choose them, that is "
        "written to the audit log."
    ).format(period=period_name(context.t, period))
    await context.bot.send_message(chat.id, text, reply_markup=buttons)


async def export_files(update: Update, context: BotContext) -> int:
    """Logs the choice, then sends the four CSV files."""
    query = update.callback_query
    user = update.effective_user
    chat = update.effective_chat
    if query is None or user is None or chat is None:
        return END
    if not await admin_only(update, context, "export"):
        return END
    _ = context.t.gettext
    _prefix, _go, code, flag = (query.data or "").split(":")
    period = parse_code(code)
    if period is None:
        logger.warning("Export with a bad period %r from user %s", code, user.id)
        await query.answer(_("That button no longer works. Send /export again."), show_alert=True)
        return END
    personal = flag == "p"
    if _sent_already(context, query.message.message_id if query.message else None):
        await query.answer(_("These files were sent already."), show_alert=True)
        return END
    await query.answer(_("Preparing the files …"))
    await _drop_buttons(update)
    services = context.services
    # The choice is on record before any file leaves.
    await AuditLog(services.db).record(
        user.id,
        "export.personal" if personal else "export",
        services.clock.now(),
        subject=f"{period.first:%Y-%m-%d}..{period.last:%Y-%m-%d}",
        details=EXPORTED,
    )
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    start, end = period.bounds(services.settings.zone)
    exports = ExportRepository(services.db)
    cells = Cells(context.t, services.organisation)
    tables = {
        "offers": offers_table(cells, await exports.offers(start, end, personal), personal),
        "requests": requests_table(cells, await exports.requests(start, end, personal), personal),
        "volunteers": volunteers_table(
            cells, await exports.volunteers(start, end, personal), personal
        ),
        "shifts": shifts_table(cells, await exports.shifts(start, end, personal), personal),
    }
    for what, (header, rows) in tables.items():
        await context.bot.send_document(
            chat.id,
            document=to_csv(header, rows, context.t.language),
            filename=file_name(context.t, FILE_NAMES[what], period.first, period.last),
            caption=_("Rows: {n}").format(n=len(rows)),
        )
    closing = _("Done: 4 files for {period}.").format(period=period_name(context.t, period))
    if personal:
        closing += "\n" + _(
            "🔐 They hold personal data: keep them on a safe computer and delete them when done."
        )
    await context.bot.send_message(chat.id, closing)
    return END


def _sent_already(context: BotContext, message_id: int | None) -> bool:
    """True for a second tap on the same choice (before its buttons were gone); remembers it."""
    if context.user_data is None or message_id is None:
        return False
    sent: list[int] = context.user_data.setdefault("board_exports_sent", [])
    if message_id in sent:
        return True
    sent[:] = [*sent[-19:], message_id]
    return False


async def _drop_buttons(update: Update) -> None:
    """Takes the buttons off the choice, so a second tap cannot send everything again."""
    query = update.callback_query
    if query is None:
        return
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as error:
        logger.info("Could not remove the export buttons: %s", error)


ENTRY_BUTTONS: list[BaseHandler[Update, BotContext, object]] = [
    CallbackQueryHandler(export_period, pattern=r"^export:p:(this_month|last_month|this_year)$"),
    CallbackQueryHandler(export_files, pattern=r"^export:go:[0-9-]{1,17}:[np]$"),
]
