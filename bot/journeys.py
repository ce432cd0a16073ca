"""One journey at a time per person.

Each journey is its own ConversationHandler, and PTB keeps their states apart: without this,
someone who starts /request half-way through /donate ends up in two conversations at once, and
their next answer lands in whichever is tried first. So, in a private chat:
- /cancel ends every journey under way (and says so once);
- /start, or the entry of another journey (its command or menu button), ends the others first.
Commands that are not journeys (/dates, /help, /mine …) leave the current journey as it is.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ConversationHandler

from bot.context import BotContext
from bot.ptb_adapter import App, conversations, end_conversation, in_conversation
from handlers.common import CANCEL_COMMANDS, cancel_conversation, forget_drafts

logger = logging.getLogger(__name__)


def active(application: App, update: Update) -> list[ConversationHandler[Any]]:
    """The journeys this person is in the middle of."""
    return [
        conversation
        for conversation in conversations(application)
        if in_conversation(conversation, update)
    ]


def _command(update: Update) -> str | None:
    message = update.message
    if message is None or not message.text or not message.text.startswith("/"):
        return None
    return message.text[1:].split(maxsplit=1)[0].split("@")[0].lower()


def _entering(application: App, update: Update) -> list[ConversationHandler[Any]]:
    return [
        conversation
        for conversation in conversations(application)
        if any(entry.check_update(update) for entry in conversation.entry_points)
    ]


async def one_journey_at_a_time(update: Update, context: BotContext) -> None:
    chat = update.effective_chat
    if chat is None or chat.type != ChatType.PRIVATE:
        return
    under_way = active(context.application, update)
    if not under_way:
        return
    command = _command(update)
    if command in CANCEL_COMMANDS:
        for conversation in under_way:
            end_conversation(conversation, update)
        await cancel_conversation(update, context)  # forgets the drafts, says so, shows the menu
        raise ApplicationHandlerStop
    entering = _entering(context.application, update)
    if command == "start" or entering:
        ending = [conversation for conversation in under_way if conversation not in entering]
        for conversation in ending:
            logger.info("Ending %s for a new journey", conversation.name)
            end_conversation(conversation, update)
        if ending:
            # The journey being entered starts its own draft afresh.
            forget_drafts(context)
