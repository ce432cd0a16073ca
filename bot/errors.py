"""The last line of defence: log the error with its context, tell the person kindly.

Some errors are not ours to fix and no reason for a traceback: the person blocked the bot, a
button was answered after Telegram stopped waiting ("query is too old"), or an edit changed
nothing ("message is not modified", a double press). Those are one INFO line and a skip.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.context import BotContext

logger = logging.getLogger(__name__)

TOO_OLD = ("query is too old", "query id is invalid")
NOT_MODIFIED = "message is not modified"


def is_too_old_query(error: BaseException) -> bool:
    return isinstance(error, BadRequest) and any(text in error.message.lower() for text in TOO_OLD)


def is_not_modified(error: BaseException) -> bool:
    return isinstance(error, BadRequest) and NOT_MODIFIED in error.message.lower()


def skip_reason(error: BaseException | None) -> str | None:
    """Why this error is a logged skip rather than a fault, or None for a real fault."""
    if error is None:
        return None
    if isinstance(error, Forbidden):
        return "the person blocked the bot"
    if is_too_old_query(error):
        return "the button press was answered too late"
    if is_not_modified(error):
        return "the message already said that"
    return None


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
    reason = skip_reason(context.error)
    if reason is not None:
        logger.info("Skipped %s: %s", describe_update(update), reason)
        return
    logger.error("Error while handling %s", describe_update(update), exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
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
