"""The family's conversation (requests.mmd): its states and which handler takes what in each.

It holds the request's questions (family_steps, family_send), and two short steps that come
later: the answer to the board's question (family_replies) and the words after a feedback
score (family_feedback), so that one step is current at a time.

Every state also takes "back", answers an old button of this journey with the current question,
and answers anything unexpected (a sticker, a photo, text where a button is wanted) with a short
hint and the question again. Other commands pass through, so /privacy or /mydata work mid-way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from domain.request_draft import RequestDraft
from handlers.common import PRIVATE, cancel_handler
from handlers.requests import family_feedback as feedback
from handlers.requests import family_replies as replies
from handlers.requests import family_send as send
from handlers.requests import family_steps as steps
from handlers.requests.family_replies import show_open_questions
from handlers.requests.family_state import (
    ADULTS,
    CHANGE_PART,
    CHILD_AGE,
    CHILD_SIZE,
    CHILDREN_COUNT,
    CONSENT,
    CONTACT,
    KIND,
    NEEDS,
    POSTCODE,
    POSTCODE_CHECK,
    REFERRAL,
    REFERRAL_NOTE,
    SUMMARY,
    At,
    ask,
    ask_again,
    forget,
    load,
    say,
)

logger = logging.getLogger(__name__)

# States answered by typing; the others by pressing a button.
TYPED_STATES = frozenset(
    {ADULTS, CHILDREN_COUNT, CHILD_AGE, CHILD_SIZE, NEEDS, POSTCODE, POSTCODE_CHECK}
    | {REFERRAL_NOTE, CONTACT}
)
NEW_MESSAGE = filters.UpdateType.MESSAGE
TYPED = NEW_MESSAGE & filters.TEXT & ~filters.COMMAND
# In the answer and feedback steps (they start from a notice, in a private chat).
TYPED_PRIVATE = TYPED & PRIVATE
OTHER_PRIVATE = NEW_MESSAGE & ~filters.COMMAND & PRIVATE


async def begin(update: Update, context: BotContext) -> str:
    """Shows a question we still wait for an answer to; then what we help with, how we treat
    their data, and asks if that is okay."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_user is not None:
        await show_open_questions(update, context, update.effective_user.id)
    saved = load(context)
    if saved is not None and saved.at.state == CONTACT:  # its reply keyboard is still shown
        await say(update, context, "👋", ReplyKeyboardRemove())
    forget(context)
    return await ask(update, context, RequestDraft(), At(CONSENT))


async def unexpected(update: Update, context: BotContext) -> str:
    """Anything the current question cannot take: a kind hint, then the question again."""
    _ = context.t.gettext
    saved = load(context)
    state = saved.at.state if saved else CONSENT
    message = update.effective_message
    if state not in TYPED_STATES:
        hint = _("Please tap one of the buttons.")
    elif message is not None and message.text is None:
        hint = _("I can only read text here. Please write it.")
    else:
        hint = _("Please tap one of the buttons, or write your answer.")
    return await ask_again(update, context, hint)


async def old_button(update: Update, context: BotContext) -> str:
    """A button of an earlier question: answers it and asks the current question again."""
    query = update.callback_query
    assert query is not None
    _ = context.t.gettext
    logger.info("Old request button %r pressed", (query.data or "")[:64])
    await query.answer(_("That button belongs to an earlier question."))
    return await ask_again(update, context)


async def not_text(update: Update, context: BotContext) -> str | int:
    """A sticker or photo where words are wanted (an answer, or words after a score)."""
    _ = context.t.gettext
    await say(update, context, _("I can only read text here. Please write it."))
    return (
        feedback.COMMENT if feedback.FEEDBACK_KEY in (context.user_data or {}) else replies.ANSWER
    )


Handlers = list[BaseHandler[Any, Any, Any]]


def _state(*handlers: BaseHandler[Any, Any, Any]) -> Handlers:
    return [
        *handlers,
        CallbackQueryHandler(steps.on_back, pattern=r"^rq:back$"),
        CallbackQueryHandler(old_button, pattern=r"^rq:"),
        MessageHandler(NEW_MESSAGE & ~filters.COMMAND, unexpected),
    ]


def _typed_or_number(
    callback: Callable[[Update, BotContext], Coroutine[Any, Any, str]],
) -> Handlers:
    return _state(
        CallbackQueryHandler(callback, pattern=r"^rq:n:\d{1,2}$"),
        MessageHandler(TYPED, callback),
    )


def _cancel() -> Any:
    """The shared /cancel (typed loosely: PTB's handler generics do not mix in one list)."""
    return cancel_handler()


def build() -> ConversationHandler[BotContext]:
    """The family's conversation, from /request (or »Svar«, or a feedback score) to the end."""
    return ConversationHandler(
        name="request_help",
        persistent=True,
        allow_reentry=True,
        entry_points=[
            CommandHandler(["request", "hjaelp"], begin, filters=PRIVATE),
            CallbackQueryHandler(begin, pattern=r"^menu:request$"),
            CallbackQueryHandler(replies.begin_answer, pattern=r"^rqq:\d{1,9}$"),
            CallbackQueryHandler(feedback.on_score, pattern=r"^rqf:\d{1,9}:([1-5]|no)$"),
        ],
        states={
            CONSENT: _state(
                CallbackQueryHandler(steps.on_consent, pattern=r"^rq:(yes|no)$"),
                MessageHandler(TYPED, steps.on_consent),
            ),
            KIND: _state(CallbackQueryHandler(steps.on_kind, pattern=r"^rq:kind:[a-z0-9_]{1,31}$")),
            ADULTS: _typed_or_number(steps.on_adults),
            CHILDREN_COUNT: _typed_or_number(steps.on_children_count),
            CHILD_AGE: _state(MessageHandler(TYPED, steps.on_child_age)),
            CHILD_SIZE: _state(
                MessageHandler(TYPED, steps.on_child_size),
                CallbackQueryHandler(steps.on_child_size, pattern=r"^rq:unknown$"),
            ),
            NEEDS: _state(MessageHandler(TYPED, steps.on_needs)),
            POSTCODE: _state(MessageHandler(TYPED, steps.on_postcode)),
            POSTCODE_CHECK: _state(
                CallbackQueryHandler(steps.on_postcode_check, pattern=r"^rq:pc:(fix|yes)$"),
                MessageHandler(TYPED, steps.on_postcode_check),
            ),
            REFERRAL: _state(
                CallbackQueryHandler(steps.on_referral, pattern=r"^rq:(ref:[a-z]{1,20}|skip)$")
            ),
            REFERRAL_NOTE: _state(
                MessageHandler(TYPED, steps.on_referral_note),
                CallbackQueryHandler(steps.on_referral_note, pattern=r"^rq:skip$"),
            ),
            CONTACT: _state(
                MessageHandler(NEW_MESSAGE & (filters.CONTACT | TYPED), steps.on_contact)
            ),
            SUMMARY: _state(
                CallbackQueryHandler(send.on_send, pattern=r"^rq:send$"),
                CallbackQueryHandler(send.on_change, pattern=r"^rq:change$"),
            ),
            CHANGE_PART: _state(
                CallbackQueryHandler(send.on_part, pattern=r"^rq:part:[a-z]{1,20}$")
            ),
            # The answer to an admin's question, and the words after a feedback score.
            replies.ANSWER: [
                MessageHandler(TYPED_PRIVATE, replies.on_answer),
                MessageHandler(OTHER_PRIVATE, not_text),
            ],
            feedback.COMMENT: [
                MessageHandler(TYPED_PRIVATE, feedback.on_comment),
                CallbackQueryHandler(feedback.on_comment, pattern=r"^rqf:\d{1,9}:done$"),
                MessageHandler(OTHER_PRIVATE, not_text),
            ],
        },
        fallbacks=[_cancel()],
    )
