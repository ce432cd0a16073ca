"""After a decision on a help request: the audit log, the family's notice, the admins' cards.

Every notice goes through the outbox with a dedup_key under "request:<reference>:", so a
doubled press cannot queue it twice, and erasure or retention can find and drop it.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.i18n import Translator
from bot.notify import Render
from domain.days import DropoffDay
from domain.request_models import HelpRequest
from domain.requests import RequestStatus
from handlers.requests import notices
from handlers.requests.admin_texts import card, card_buttons
from storage.audit import AuditLog
from storage.dropoff_days import DropoffDayRepository
from storage.request_privacy import message_key_prefix
from storage.requests import RequestRepository

logger = logging.getLogger(__name__)


async def recorded(
    context: BotContext, actor_id: int, request: HelpRequest, action: str, details: str | None
) -> None:
    """Audit log, then the family is told in their language (once, by dedup_key)."""
    services = context.services
    now = services.clock.now()
    await AuditLog(services.db).record(
        actor_id, f"request.{action}", now, subject=request.reference, details=details
    )
    render, key = await _notice(context, request)
    if render is not None and request.user_id is not None:
        await context.notify.send_to_user(
            request.user_id, render, dedup_key=message_key_prefix(request.reference) + key
        )


async def _notice(context: BotContext, request: HelpRequest) -> tuple[Render | None, str]:
    services = context.services
    org = services.organisation
    match request.status:
        case RequestStatus.APPROVED:
            day = await _day(context, request)
            return notices.approved(org, request, day), "approved"
        case RequestStatus.NEEDS_INFO:
            waiting = await RequestRepository(services.db).unanswered_question(request.reference)
            if waiting is None or waiting.question is None:
                return None, ""
            return notices.question(request, waiting.question), f"question:{waiting.id}"
        case RequestStatus.DECLINED:
            return notices.declined(org, request), "declined"
        case RequestStatus.HANDED_OVER:
            return notices.handed_over(request), "handed_over"
    return None, ""


async def _day(context: BotContext, request: HelpRequest) -> DropoffDay | None:
    if request.dropoff_day_id is None:
        return None
    return await DropoffDayRepository(context.services.db).get(request.dropoff_day_id)


async def render_card(
    context: BotContext, t: Translator, request: HelpRequest
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The admins' card as it stands now, with the buttons for what can be done next."""
    questions = await RequestRepository(context.services.db).questions(request.reference)
    day = await _day(context, request)
    return card(t, context.services.organisation, request, day, questions), card_buttons(t, request)


async def refresh_cards(
    context: BotContext, request_id: int, also: tuple[int, int] | None = None
) -> None:
    """Edits the card of the request in the admin chat (or each admin's chat) to its new state,
    and the message the admin pressed on (`also`: chat id, message id) when that is another."""
    services = context.services
    request = await RequestRepository(services.db).get(request_id)
    if request is None:
        return
    prefix = message_key_prefix(request.reference) + "new:"
    edited: set[tuple[int, int]] = set()
    for chat_id, t in await context.notify.admin_targets():
        suffix = "chat" if services.settings.admin_chat_id is not None else str(chat_id)
        row = await services.outbox.get_by_dedup_key(prefix + suffix)
        if row is not None and row.message_id is not None:
            await _edit(context, chat_id, row.message_id, *await render_card(context, t, request))
            edited.add((chat_id, row.message_id))
    if also is not None and also not in edited:
        await _edit(context, *also, *await render_card(context, context.t, request))


async def _edit(
    context: BotContext,
    chat_id: int,
    message_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None,
) -> None:
    try:
        await context.bot.edit_message_text(
            text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            logger.warning("Could not update card %s in chat %s: %s", message_id, chat_id, error)
    except TelegramError as error:
        logger.warning("Could not update card %s in chat %s: %s", message_id, chat_id, error)
