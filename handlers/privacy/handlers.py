"""The person's data: /privacy (the note), /mydata (everything, as a JSON file), /deletedata.

/mydata sends a short summary in plain words, in the person's language (what we have, how to
erase it), as a message; then the full data as a file whose keys are labels in that language
(export_texts.py), without the fields that mean something only to the database.

Erasure overwrites: the repositories set personal columns to NULL or delete rows (secure_delete
is on) in one transaction (actions.erase_person), PTB's in-memory copies are dropped, then the
WAL is checkpointed so no old page copy stays readable in the -wal file. A daily job gives
closed requests the same treatment after RETENTION_DAYS (actions.apply_retention), and drops
half-finished requests nobody came back to.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import Application, BaseHandler, CallbackQueryHandler, CommandHandler

from bot import ptb_adapter
from bot.context import BotContext
from bot.i18n import Translator
from bot.keyboards import main_menu
from bot.settings import Settings
from domain.clock import from_db
from domain.requests import RequestStatus
from handlers.common import PRIVATE
from handlers.common.privacy import privacy_note
from handlers.privacy import actions
from handlers.privacy.export_texts import readable as readable_export
from handlers.privacy.texts import before_deleting, cancelled
from handlers.requests.family_outcomes import status_phrase
from handlers.requests.family_state import DRAFT_KEY

logger = logging.getLogger(__name__)
CONFIRM_FOR = timedelta(hours=1)  # an old "yes, delete" button asks again
DRAFT_MAX_AGE = timedelta(days=14)  # a half-finished request nobody came back to
_CONFIRM = re.compile(r"^priv:erase:(\d{1,12})$")


async def _say(update: Update, context: BotContext, text: str, markup: Any = None) -> None:
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def privacy(update: Update, context: BotContext) -> None:
    """Shows what we store, who sees it, for how long, and how to erase it."""
    services = context.services
    note = privacy_note(context.t, services.organisation, services.settings.retention_days)
    await _say(update, context, note)


async def my_data(update: Update, context: BotContext) -> None:
    """Sends a short summary as a message, then everything stored about the person as a file
    with labels in their language (export_texts.py)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    _ = context.t.gettext
    services = context.services
    exported = await services.repos.personal_data.export(user.id, services.clock.now())
    # What this process holds right now is the freshest copy of a half-finished answer.
    exported["conversation_data"]["user_data"] = dict(context.user_data or {})
    summary = data_summary(context.t, exported, services.settings.retention_days)
    await context.bot.send_message(chat.id, "\n".join(summary))
    readable = readable_export(context.t, {"summary": summary, **exported}, services.organisation)
    data = json.dumps(readable, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    name = "mine-data.json" if context.t.language == "da" else "my-data.json"
    await context.bot.send_document(
        chat.id,
        InputFile(data, filename=name),
        caption=_("All of it, in full, is in this file."),
    )
    logger.info("Sent user %s their data (%s bytes)", user.id, len(data))


def data_summary(t: Translator, exported: dict[str, Any], retention_days: int) -> list[str]:
    """What the file holds, in plain words, and how to have it deleted."""
    _ = t.gettext
    requests = [
        f"{item['reference']} ({status_phrase(t, RequestStatus(item['status']))})"
        for item in exported.get("help_requests") or []
    ]
    drafts = [key for key in exported["conversation_data"]["user_data"] if key.endswith("_draft")]
    counts = [
        (_("Your requests for help: {list}."), ", ".join(requests) or _("none")),
        (_("Things you offered us: {count}."), len(exported.get("offers") or [])),
        (_("News you get from us: {count}."), len(exported.get("subscriptions") or [])),
        (_("Messages we sent you: {count}."), len(exported.get("messages_to_you") or [])),
    ]
    written = len(exported.get("messages_to_the_board") or [])
    counts.append(
        (
            t.ngettext("You wrote to us {count} time.", "You wrote to us {count} times.", written),
            written,
        )
    )
    lines = [_("Here is everything we have saved about you.")]
    lines += [text.format(list=value, count=value) for text, value in counts]
    if exported.get("volunteer"):
        lines.append(_("You are signed up as a volunteer."))
    if drafts:
        lines.append(_("You are in the middle of answering our questions."))
    lines.append(
        _("We delete the details of a request {days} days after it is closed.").format(
            days=retention_days
        )
    )
    lines.append(_("To delete all of it now, send /deletedata to the bot."))
    return lines


async def ask_to_delete(update: Update, context: BotContext) -> None:
    """Asks once more before erasing."""
    _ = context.t.gettext
    minute = int(context.services.clock.now().timestamp() // 60)
    buttons = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(_("🗑 Yes, delete"), callback_data=f"priv:erase:{minute}")],
            [InlineKeyboardButton(_("No, keep them"), callback_data="priv:keep")],
        ]
    )
    text = "\n".join(
        [
            _("Do you want us to delete your data?"),
            _(
                "We delete your details: your messages about help, things and volunteering. "
                "Also the answers you are in the middle of. Open requests stop."
            ),
            _("This cannot be undone."),
        ]
    )
    user = update.effective_user
    appointments = await actions.appointments_of(context.services, user.id) if user else []
    lines = before_deleting(context.t, list(appointments))
    if lines:
        text += "\n\n" + "\n".join(lines)
    await _say(update, context, text, buttons)


async def keep(update: Update, context: BotContext) -> None:
    """Changes nothing."""
    query = update.callback_query
    assert query is not None
    _ = context.t.gettext
    await query.answer()
    await query.edit_message_text(_("Okay, nothing was deleted."))


async def delete(update: Update, context: BotContext) -> None:
    """Erases the person's details everywhere; counts stay, without names."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    _ = context.t.gettext
    services = context.services
    now = services.clock.now()
    match = _CONFIRM.match(query.data or "")
    asked = int(match.group(1)) * 60 if match else 0
    if not 0 <= now.timestamp() - asked <= CONFIRM_FOR.total_seconds() + 60:
        await query.answer(_("That question is old. Send /deletedata again."), show_alert=True)
        return
    await query.answer()
    erased = await actions.erase_person(services, user.id)
    _forget_in_memory(context.application, user.id)
    await services.db.checkpoint()
    logger.info(
        "Erased user %s: requests %s, offers %s",
        user.id,
        erased.erasure.request_references,
        erased.erasure.offer_ids,
    )
    done = _("Done. We have deleted your data. We only keep numbers without names, for statistics.")
    lines = cancelled(context.t, list(erased.appointments))  # first: which times went
    await query.edit_message_text("\n".join([*lines, "", done] if lines else [done]))
    await _say(update, context, _("What would you like to do?"), main_menu(context.t))


def _forget_in_memory(application: Application[Any, Any, Any, Any, Any, Any], user_id: int) -> None:
    """PTB's copies: user_data, the private chat's data, every conversation state."""
    application.drop_user_data(user_id)
    application.drop_chat_data(user_id)
    ptb_adapter.forget_conversations_of(application, user_id)


async def retention(context: BotContext) -> None:
    """Daily: closed requests older than RETENTION_DAYS lose their personal details."""
    services = context.services
    now = services.clock.now()
    cutoff = now - timedelta(days=services.settings.retention_days)
    references = await actions.apply_retention(services, cutoff)
    if references:
        logger.info("Retention: anonymised %s closed requests", len(references))
    dropped = _drop_stale_drafts(context.application, now - DRAFT_MAX_AGE)
    if dropped:
        await context.application.update_persistence()
        logger.info("Retention: dropped %s half-finished requests", dropped)
    if references or dropped:
        await services.db.checkpoint()


def _drop_stale_drafts(application: Application[Any, Any, Any, Any, Any, Any], before: Any) -> int:
    stale = []
    for user_id, data in application.user_data.items():
        draft = data.get(DRAFT_KEY) if isinstance(data, dict) else None
        stamp = draft.get("saved_at") if isinstance(draft, dict) else None
        if isinstance(stamp, str) and from_db(stamp) < before:
            data.pop(DRAFT_KEY, None)
            stale.append(user_id)
    if stale:
        application.mark_data_for_update_persistence(user_ids=stale)
    return len(stale)


async def start_retention_job(application: Any) -> None:
    """Runs the retention job soon after every start, then once a day."""
    application.job_queue.run_repeating(
        retention,
        interval=timedelta(days=1),
        first=application.services.settings.job_tick_seconds,
        name="privacy:retention",
    )


def build(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    """The privacy commands, in a private chat, and the buttons of /deletedata."""
    return [
        CommandHandler(["privacy", "privatliv"], privacy, filters=PRIVATE),
        CommandHandler(["mydata", "minedata"], my_data, filters=PRIVATE),
        CommandHandler(["deletedata", "sletdata"], ask_to_delete, filters=PRIVATE),
        CallbackQueryHandler(delete, pattern=r"^priv:erase:\d{1,12}$"),
        CallbackQueryHandler(keep, pattern=r"^priv:keep$"),
    ]
