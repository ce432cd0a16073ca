"""The board's side of help requests, shared by its handlers: who may act, on which request,
the decision under way in the admin's user_data, and the reply in the admin's chat.

Every press and typed answer is checked against the admin role (handlers.common.access) and
against the request's current status: a forged or stale press changes nothing, is answered
kindly and logged.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable
from typing import Any

from telegram import CallbackQuery, Message, Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.roles import is_admin
from domain.request_models import HelpRequest
from domain.requests import Decision, statuses_allowing
from handlers.common.access import admin_only
from handlers.requests import board_texts as texts

logger = logging.getLogger(__name__)
PENDING_KEY = "requests_admin_draft"  # ends in "_draft": the shared /cancel forgets it too
_DATA = re.compile(r"^rqa:([a-z]{1,10}):(\d{1,9})(?::(\d{1,9}))?$")


async def admin_or_refuse(update: Update, context: BotContext) -> bool:
    """True for an admin; anyone else (coordinators too) is refused kindly with the board's one
    refusal (handlers.common.access.admin_only), and it is logged before they see it."""
    user = update.effective_user
    if await is_admin(context.services, user.id if user else None):
        return True
    query = update.callback_query
    what = f"help request admin action ({(query.data or '')[:64] if query else 'typed'!r})"
    logger.warning("Non-admin %s tried a %s", user.id if user else None, what)
    return await admin_only(update, context, what)


async def open_request(
    update: Update,
    context: BotContext,
    request_id: int,
    decision: Decision,
    again: Callable[[HelpRequest], bool] | None = None,
) -> HelpRequest | None:
    """The request, if it still exists and its status allows the decision (or, by again, it is
    this very decision already: the press handled again after a crash); else says why."""
    _ = context.t.gettext
    request = await context.services.repos.requests.get(request_id)
    if request is None:
        problem = _("That request does not exist.")
        logger.warning("Admin action %s on unknown request %s", decision.value, request_id)
    elif again is not None and again(request):
        return request
    elif request.status not in statuses_allowing(decision.target):
        problem = _("{reference} is already {status}. Nothing was changed.").format(
            reference=request.reference, status=texts.status_label(context.t, request.status)
        )
        logger.info("Stale %s on %s (%s)", decision.value, request.reference, request.status)
    else:
        return request
    if update.callback_query is not None:
        await update.callback_query.answer(problem, show_alert=True)
    else:
        await say(update, context, problem)
    return None


async def say(update: Update, context: BotContext, text: str, markup: Any = None) -> Message | None:
    """A direct reply in the chat the admin wrote or pressed in."""
    if update.effective_chat is None:
        return None
    return await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


def parsed_data(update: Update) -> tuple[str, int, int | None] | None:
    """'rqa:<word>:<request id>[:<number>]' of the pressed button, or None."""
    match = _DATA.match(update.callback_query.data or "") if update.callback_query else None
    if match is None:
        return None
    extra = match.group(3)
    return match.group(1), int(match.group(2)), None if extra is None else int(extra)


async def card_press(update: Update, context: BotContext) -> tuple[CallbackQuery, int] | None:
    """A card button ('rqa:<word>:<request id>') pressed by an admin: the press and the
    request's id; None (the person refused) otherwise."""
    parsed = parsed_data(update)
    query = update.callback_query
    if query is None or parsed is None or not await admin_or_refuse(update, context):
        return None
    return query, parsed[1]


def pending_of(context: BotContext) -> dict[str, Any]:
    """The decision under way: {"action", "request_id", "origin", "prompt"}; {} if none."""
    pending = (context.user_data or {}).get(PENDING_KEY)
    return pending if isinstance(pending, dict) else {}


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
