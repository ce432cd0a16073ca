"""The last line of defence: log the error with its context, tell the person kindly."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.context import BotContext

logger = logging.getLogger(__name__)


def describe_update(update: object) -> str:
    """Ids and kinds only: never a person's text, which may be sensitive."""
    if not isinstance(update, Update):
        return repr(type(update).__name__)
    kind = next(
        (
            name
            for name in ("message", "callback_query", "edited_message", "my_chat_member")
            if getattr(update, name) is not None
        ),
        "other",
    )
    chat = update.effective_chat.id if update.effective_chat else None
    user = update.effective_user.id if update.effective_user else None
    data = update.callback_query.data if update.callback_query else None
    return f"update {update.update_id} ({kind}, chat {chat}, user {user}, button {data!r})"


async def on_error(update: object, context: BotContext) -> None:
    """Logs the error and sends a short, kind message; no traceback ever reaches a chat."""
    logger.error("Error while handling %s", describe_update(update), exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, Forbidden):
        return  # they blocked us; nobody to tell
    try:
        _ = context.t.gettext
        if update.callback_query is not None:
            await update.callback_query.answer()
        sorry = _("Sorry, something went wrong on our side. Try again soon, or send /start.")
        await context.bot.send_message(update.effective_chat.id, sorry)
    except TelegramError as error:
        logger.warning(
            "Could not tell chat %s about the error: %s", update.effective_chat.id, error
        )
