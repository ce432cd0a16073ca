"""The person's data: /privacy (the note), /mydata (everything, as a JSON file), /deletedata.

The /mydata file opens with a short summary in plain words, in the person's language (what we
have, how to erase it); the full data follows.

Erasure overwrites: the repositories set personal columns to NULL or delete rows (secure_delete
is on), PTB's in-memory copies are dropped, then the WAL is checkpointed so no old page copy
stays readable in the -wal file. A daily job gives closed requests the same treatment after
RETENTION_DAYS, and drops half-finished requests nobody came back to.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import TelegramError
from telegram.ext import Application, BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.i18n import Translator
from bot.keyboards import main_menu
from domain.clock import from_db
from domain.requests import RequestStatus
from handlers.common import PRIVATE
from handlers.requests.admin_texts import card
from handlers.requests.outcomes import status_phrase
from handlers.requests.state import DRAFT_KEY
from handlers.requests.texts import privacy_note
from handlers.shifts.messages import tell_promoted
from storage.personal_data import PersonalData
from storage.request_privacy import message_key_prefix
from storage.requests import RequestRepository

logger = logging.getLogger(__name__)
CONFIRM_FOR = timedelta(hours=1)  # an old "yes, delete" button asks again
DRAFT_MAX_AGE = timedelta(days=14)  # a half-finished request nobody came back to
_CONFIRM = re.compile(r"^priv:erase:(\d{1,12})$")


async def _say(update: Update, context: BotContext, text: str, markup: Any = None) -> None:
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def privacy(update: Update, context: BotContext) -> None:
    """Shows what we store, who sees it, for how long, and how to erase it."""
    await _say(update, context, privacy_note(context.t, context.services.settings.retention_days))


async def my_data(update: Update, context: BotContext) -> None:
    """Sends everything stored about the person as a JSON file."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    _ = context.t.gettext
    services = context.services
    exported = await PersonalData(services.db).export(user.id, services.clock.now())
    # What this process holds right now is the freshest copy of a half-finished answer.
    exported["conversation_data"]["user_data"] = dict(context.user_data or {})
    summary = data_summary(context.t, exported, services.settings.retention_days)
    readable = {"summary": summary, **exported}
    data = json.dumps(readable, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    name = "mine-data.json" if context.t.language == "da" else "my-data.json"
    await context.bot.send_document(
        chat.id,
        InputFile(data, filename=name),
        caption=_("Here is everything we have saved about you."),
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
    lines = [_("This file holds everything we have saved about you.")]
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
    lines.append(_("Below this summary is all the data, in full."))
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
    cards = await _admin_cards(context, user.id)
    erasure = await PersonalData(services.db).erase(user.id, now)
    _forget_in_memory(context.application, user.id)
    await services.db.checkpoint()
    logger.info(
        "Erased user %s: requests %s, offers %s",
        user.id,
        erasure.request_references,
        erasure.offer_ids,
    )
    await _blank_cards(context, cards)
    await tell_promoted(services, erasure.volunteer_promotions)
    await query.edit_message_text(
        _("Done. We have deleted your data. We only keep numbers without names, for statistics.")
    )
    await _say(update, context, _("What would you like to do?"), main_menu(context.t))


async def _admin_cards(context: BotContext, user_id: int) -> list[tuple[int, int, str]]:
    """The admin chat messages showing the person's requests: (chat, message, reference)."""
    services = context.services
    found = []
    for request in await RequestRepository(services.db).list_for_user(user_id):
        for chat_id, _t in await context.notify.admin_targets():
            suffix = "chat" if services.settings.admin_chat_id is not None else str(chat_id)
            key = message_key_prefix(request.reference) + "new:" + suffix
            row = await services.outbox.get_by_dedup_key(key)
            if row is not None and row.message_id is not None:
                found.append((chat_id, row.message_id, request.reference))
    return found


async def _blank_cards(context: BotContext, cards: list[tuple[int, int, str]]) -> None:
    """The admins' copies of the details go too (Telegram keeps what the bot sent)."""
    repository = RequestRepository(context.services.db)
    org = context.services.organisation
    for chat_id, message_id, reference in cards:
        request = await repository.get_by_reference(reference)
        if request is None:
            continue
        try:
            await context.bot.edit_message_text(
                card(context.t, org, request), chat_id=chat_id, message_id=message_id
            )
        except TelegramError as error:  # the card may be gone or too old to edit; erasure stands
            logger.warning("Could not blank card %s in chat %s: %s", message_id, chat_id, error)


def _forget_in_memory(application: Application[Any, Any, Any, Any, Any, Any], user_id: int) -> None:
    """PTB's copies: user_data, the private chat's data, every conversation state."""
    application.drop_user_data(user_id)
    application.drop_chat_data(user_id)
    # No public API resets a conversation; deleting from PTB's own tracking dict also makes
    # the persistence forget the state (update_conversation(..., None)) after this update.
    for states in application._conversation_handler_conversations.values():
        for key in [key for key in states if user_id in key]:
            states.pop(key)


async def retention(context: BotContext) -> None:
    """Daily: closed requests older than RETENTION_DAYS lose their personal details."""
    services = context.services
    now = services.clock.now()
    requests = RequestRepository(services.db)
    cutoff = now - timedelta(days=services.settings.retention_days)
    references = await requests.anonymise_closed_before(cutoff, now)
    if references:
        await requests.forget_messages_about(references)
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


async def START(application: Any) -> None:
    """Runs the retention job soon after every start, then once a day."""
    application.job_queue.run_repeating(
        retention,
        interval=timedelta(days=1),
        first=application.services.settings.job_tick_seconds,
        name="privacy:retention",
    )


HANDLERS: list[BaseHandler[Any, Any, Any]] = [
    CommandHandler(["privacy", "privatliv"], privacy, filters=PRIVATE),
    CommandHandler(["mydata", "minedata"], my_data, filters=PRIVATE),
    CommandHandler(["deletedata", "sletdata"], ask_to_delete, filters=PRIVATE),
    CallbackQueryHandler(delete, pattern=r"^priv:erase:\d{1,12}$"),
    CallbackQueryHandler(keep, pattern=r"^priv:keep$"),
]
