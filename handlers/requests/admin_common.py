"""Shared pieces of the admins' side of help requests: who may act, on what, and the ending.

Every press and typed answer is checked against bot.roles.is_admin and against the request's
current status: a forged or stale press changes nothing, is answered kindly and logged.
"""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any

from telegram import Message, Update
from telegram.error import TelegramError
from telegram.ext import ConversationHandler, filters

from bot.context import BotContext
from bot.roles import is_admin
from domain.request_models import HelpRequest
from domain.requests import RequestStatus, statuses_allowing
from handlers.common import ADMIN_PLACES
from handlers.requests import admin_texts as texts
from handlers.requests.decisions import recorded, refresh_cards
from storage.requests import RequestRepository

logger = logging.getLogger(__name__)
END = ConversationHandler.END
PENDING_KEY = "requests_admin_draft"  # ends in "_draft": the shared /cancel forgets it too
APPROVE, ASK, DECLINE = "approve", "ask", "decline"
TARGET = {
    APPROVE: RequestStatus.APPROVED,
    ASK: RequestStatus.NEEDS_INFO,
    DECLINE: RequestStatus.DECLINED,
    "handed": RequestStatus.HANDED_OVER,
}
_DATA = re.compile(r"^rqa:([a-z]{1,10}):(\d{1,9})(?::(\d{1,9}))?$")
TYPED = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & ADMIN_PLACES


async def admin_or_refuse(update: Update, context: BotContext) -> bool:
    """True for an admin; anyone else is refused kindly, and it is logged."""
    user = update.effective_user
    if await is_admin(context.services, user.id if user else None):
        return True
    query = update.callback_query
    logger.warning(
        "Non-admin %s tried a help request admin action (%r)",
        user.id if user else None,
        (query.data or "")[:64] if query else "typed",
    )
    _ = context.t.gettext
    refusal = _("Only admins can do that.")
    if query is not None:
        await query.answer(refusal, show_alert=True)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, refusal)
    return False


async def open_request(
    update: Update, context: BotContext, request_id: int, action: str
) -> HelpRequest | None:
    """The request, if it still exists and its status allows the action; else says why."""
    _ = context.t.gettext
    request = await RequestRepository(context.services.db).get(request_id)
    if request is None:
        problem = _("That request does not exist.")
        logger.warning("Admin action %s on unknown request %s", action, request_id)
    elif request.status not in statuses_allowing(TARGET[action]):
        problem = _("{reference} is already {status}. Nothing was changed.").format(
            reference=request.reference, status=texts.status_label(context.t, request.status)
        )
        logger.info("Stale %s on %s (%s)", action, request.reference, request.status)
    else:
        return request
    if update.callback_query is not None:
        await update.callback_query.answer(problem, show_alert=True)
    else:
        await say(update, context, problem)
    return None


async def say(update: Update, context: BotContext, text: str, markup: Any = None) -> Message | None:
    if update.effective_chat is None:
        return None
    return await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


def remember_prompt(context: BotContext, message: Message | None) -> None:
    """The message with the day, reason or cancel buttons, so they can go once it is done."""
    pending = pending_of(context)
    if message is not None and pending:
        pending["prompt"] = [message.chat.id, message.message_id]


async def forget_pending(context: BotContext) -> None:
    """Ends the decision: its buttons go from the prompt (a typed answer leaves them behind)."""
    pending = (context.user_data or {}).pop(PENDING_KEY, None)
    prompt = pending.get("prompt") if isinstance(pending, dict) else None
    if isinstance(prompt, list) and len(prompt) == 2:
        with contextlib.suppress(TelegramError):  # already gone, or never had buttons
            await context.bot.edit_message_reply_markup(
                chat_id=int(prompt[0]), message_id=int(prompt[1]), reply_markup=None
            )


def parsed_data(update: Update) -> tuple[str, int, int | None] | None:
    match = _DATA.match(update.callback_query.data or "") if update.callback_query else None
    if match is None:
        return None
    extra = match.group(3)
    return match.group(1), int(match.group(2)), None if extra is None else int(extra)


def pending_of(context: BotContext) -> dict[str, Any]:
    pending = (context.user_data or {}).get(PENDING_KEY)
    return pending if isinstance(pending, dict) else {}


async def finish(
    update: Update,
    context: BotContext,
    request_id: int,
    action: str,
    changed: bool,
    details: str | None,
    origin: object = None,
) -> int:
    """Audit, tell the family, update the cards, confirm to the admin."""
    _ = context.t.gettext
    fresh = await RequestRepository(context.services.db).get(request_id)
    await forget_pending(context)
    if fresh is None or not changed:
        await say(update, context, _("Nothing was changed: the request moved on meanwhile."))
        return END
    assert update.effective_user is not None
    await recorded(context, update.effective_user.id, fresh, action, details)
    also = (
        (int(origin[0]), int(origin[1])) if isinstance(origin, list) and len(origin) == 2 else None
    )
    await refresh_cards(context, request_id, also)
    done = {
        APPROVE: _("✅ {reference} is approved. The family has been told."),
        ASK: _("❓ Your question about {reference} was sent to the family."),
        DECLINE: _("❌ {reference} is declined. The family has been told."),
        "handed": _("📦 {reference} is marked as handed over."),
    }[action]
    await say(update, context, done.format(reference=fresh.reference))
    return END
