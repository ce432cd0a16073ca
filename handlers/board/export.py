"""/export: CSV files of offers, requests, needs, volunteers and shifts for a period, for admins
(the period is picked as for /stats: periods.py).

Personal columns only come when the admin presses the separate "with personal data" button,
and that choice goes into the audit log ("export.personal") before any file leaves.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.i18n import N_
from bot.off_loop import off_loop
from domain.statistics import Period, parse_code
from handlers.board.actions import record_export
from handlers.board.csv_tables import FILE_NAMES, Cells, csv_files, file_name
from handlers.board.periods import PeriodUse
from handlers.board.texts import period_name
from handlers.common.access import admin_only

logger = logging.getLogger(__name__)

END = ConversationHandler.END


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
        "📤 Export for {period}: offers, help requests, needs, volunteers and shifts.\n"
        "Without personal data is enough for reports and applications. The files with "
        "personal data hold names, phone numbers, needs and children's ages and sizes; if you "
        "choose them, that is written to the audit log."
    ).format(period=period_name(context.t, period))
    await context.bot.send_message(chat.id, text, reply_markup=buttons)


async def export_files(update: Update, context: BotContext) -> int:
    """Logs the choice, then sends the CSV files (one per table)."""
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
    await record_export(services, user.id, period, personal)
    await context.bot.send_chat_action(chat.id, ChatAction.UPLOAD_DOCUMENT)
    start, end = period.bounds(services.settings.zone)
    found = await services.repos.exports.everything(start, end, personal)
    cells = Cells(context.t, services.organisation)
    files = await off_loop(csv_files, cells, found, personal, context.t.language)
    for what, document, rows in files:
        await context.bot.send_document(
            chat.id,
            document=document,
            filename=file_name(context.t, FILE_NAMES[what], period.first, period.last),
            caption=_("Rows: {n}").format(n=rows),
        )
    closing = context.t.ngettext(
        "Done: {n} file for {period}.", "Done: {n} files for {period}.", len(files)
    ).format(n=len(files), period=period_name(context.t, period))
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


EXPORT = PeriodUse("export", N_("📤 Which period do you want to export?"), ask_contents)
