"""The request's card in the admins' chats: drawn as it stands now, and edited after a change.

The card went out through the outbox (actions.send_request) under the dedup_key
"request:<reference>:new:<chat or admin id>"; its sent row holds the message id to edit.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, TelegramError

from bot.context import BotContext
from bot.i18n import Translator
from bot.services import Services
from domain.request_models import HelpRequest
from handlers.matching.views import request_matches
from handlers.requests.board_texts import card, card_buttons
from storage.request_privacy import message_key_prefix

logger = logging.getLogger(__name__)


async def render_card(
    context: BotContext, t: Translator, request: HelpRequest
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The admins' card as it stands now, with the buttons for what can be done next."""
    repos = context.services.repos
    questions = await repos.requests.questions(request.reference)
    day = await repos.days.get(request.dropoff_day_id) if request.dropoff_day_id else None
    language = None
    if request.user_id is not None:
        language = (await repos.users.languages([request.user_id])).get(request.user_id)
    org = context.services.organisation
    matches = await request_matches(repos.needs, repos.offers, org, request)
    text = card(t, org, request, day, questions, language, matched=matches.lines(t, org))
    return text, card_buttons(t, request, matches.rows(t, org))


async def shown_cards(services: Services, reference: str) -> list[tuple[int, int, Translator]]:
    """Where the request's card was shown: (chat id, message id, the chat's language)."""
    prefix = message_key_prefix(reference) + "new:"
    shown = []
    for chat_id, t in await services.notifier.admin_targets():
        suffix = "chat" if services.settings.admin_chat_id is not None else str(chat_id)
        row = await services.outbox.get_by_dedup_key(prefix + suffix)
        if row is not None and row.message_id is not None:
            shown.append((chat_id, row.message_id, t))
    return shown


async def refresh_cards(
    context: BotContext, request_id: int, also: tuple[int, int] | None = None
) -> None:
    """Edits the card of the request in the admin chat (or each admin's chat) to its new state,
    and the message the admin pressed on (`also`: chat id, message id) when that is another."""
    services = context.services
    request = await services.repos.requests.get(request_id)
    if request is None:
        return
    edited: set[tuple[int, int]] = set()
    for chat_id, message_id, t in await shown_cards(services, request.reference):
        await edit_card(context, chat_id, message_id, *await render_card(context, t, request))
        edited.add((chat_id, message_id))
    if also is not None and also not in edited:
        await edit_card(context, *also, *await render_card(context, context.t, request))


async def edit_card(
    context: BotContext,
    chat_id: int,
    message_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Edits one card; a card that is gone, too old or unchanged is logged and left."""
    try:
        await context.bot.edit_message_text(
            text, chat_id=chat_id, message_id=message_id, reply_markup=markup
        )
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            logger.warning("Could not update card %s in chat %s: %s", message_id, chat_id, error)
    except TelegramError as error:
        logger.warning("Could not update card %s in chat %s: %s", message_id, chat_id, error)
