"""After sending: the person answers an admin's question, and later says how it went.

Both are steps of the request conversation (request_flow). The feedback question is asked once,
by a job that looks in the database each tick: a request handed over at least FEEDBACK_DELAY
ago that was never asked. Queuing the question (dedup_key) and marking it asked happen in one
transaction, so a restart neither loses nor repeats it.
"""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from domain.request_input import Invalid, parse_answer
from domain.requests import FEEDBACK_DELAY
from handlers.common import PRIVATE
from handlers.requests import notices, texts
from handlers.requests.admin_texts import feedback_notice
from handlers.requests.answers import deliver_answer
from handlers.requests.state import ask_again, load
from storage.request_privacy import message_key_prefix
from storage.requests import RequestRepository

logger = logging.getLogger(__name__)
END = ConversationHandler.END
ANSWER, COMMENT = "answer", "comment"
ANSWER_KEY = "request_answer_draft"
FEEDBACK_KEY = "request_feedback_draft"
TYPED = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & PRIVATE
OTHER = filters.UpdateType.MESSAGE & ~filters.COMMAND & PRIVATE


async def _say(update: Update, context: BotContext, text: str, markup: Any = None) -> None:
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


def _user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


async def begin_answer(update: Update, context: BotContext) -> str | int:
    """The "Answer" button under an admin's question: asks for the answer."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    _ = context.t.gettext
    request_id = int((query.data or "0").split(":")[1])
    requests = RequestRepository(context.services.db)
    request = await requests.get(request_id)
    if request is None or request.user_id != _user_id(update):
        logger.warning("Answer button for request %s pressed by another user", request_id)
        await query.answer(_("That button does not work any more."), show_alert=True)
        return await resume_or_end(update, context)
    if await requests.unanswered_question(request.reference) is None:
        await query.answer(_("You have already answered. Thank you!"), show_alert=True)
        return await resume_or_end(update, context)
    await query.answer()
    context.user_data[ANSWER_KEY] = {"request_id": request_id}
    text = _("Write your answer to our question about {reference}.")
    await _say(update, context, text.format(reference=request.reference))
    return ANSWER


async def on_answer(update: Update, context: BotContext) -> str | int:
    """Stores the answer, thanks them and relays it to the admins by reference."""
    _ = context.t.gettext
    message = update.effective_message
    pending = (context.user_data or {}).pop(ANSWER_KEY, None) or {}
    assert message is not None
    answer = parse_answer(message.text or "")
    if isinstance(answer, Invalid):
        context.user_data[ANSWER_KEY] = pending  # type: ignore[index]
        await _say(update, context, texts.invalid(context.t, answer))
        return ANSWER
    requests = RequestRepository(context.services.db)
    request = await requests.get(int(pending.get("request_id") or 0))
    question = await requests.unanswered_question(request.reference) if request else None
    if (
        request is None
        or question is None
        or not await deliver_answer(context, _user_id(update), request, question, answer)
    ):
        await _say(update, context, _("You have already answered. Thank you!"))
        return await resume_or_end(update, context)
    await _say(update, context, _("Thank you! We got your answer. We will write to you soon."))
    return await resume_or_end(update, context)


async def not_text(update: Update, context: BotContext) -> str | int:
    """A sticker or photo where words are wanted."""
    _ = context.t.gettext
    await _say(update, context, _("I can only read text here. Please write it."))
    return COMMENT if FEEDBACK_KEY in (context.user_data or {}) else ANSWER


_SCORE = re.compile(r"^rqf:(\d{1,9}):([1-5]|no)$")


async def on_score(update: Update, context: BotContext) -> str | int:
    """Keeps the 1-5 score (once) and offers to say more; or just thanks them."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    _ = context.t.gettext
    match = _SCORE.match(query.data or "")
    if match is None:
        return await resume_or_end(update, context)
    request_id, choice = int(match.group(1)), match.group(2)
    requests = RequestRepository(context.services.db)
    request = await requests.get(request_id)
    if request is None or request.user_id != _user_id(update):
        logger.warning("Feedback button for request %s pressed by another user", request_id)
        await query.answer(_("That button does not work any more."), show_alert=True)
        return await resume_or_end(update, context)
    if choice == "no":
        await query.answer()
        await _drop_buttons(update)
        await _say(update, context, _("Thank you. Take care!"))
        return await resume_or_end(update, context)
    now = context.services.clock.now()
    if not await requests.record_feedback(
        request.reference, _user_id(update), int(choice), None, now
    ):
        await query.answer(_("You have already answered. Thank you!"), show_alert=True)
        return await resume_or_end(update, context)
    await query.answer()
    await _drop_buttons(update)
    context.user_data[FEEDBACK_KEY] = {"request_id": request_id, "score": int(choice)}
    text = _("Thank you! Do you want to tell us more? Write a few words, or tap “No thanks”.")
    await _say(update, context, text, notices.feedback_comment_buttons(context.t, request_id))
    return COMMENT


async def _drop_buttons(update: Update) -> None:
    if update.callback_query is not None:
        with contextlib.suppress(BadRequest):
            await update.callback_query.edit_message_reply_markup(None)


async def on_comment(update: Update, context: BotContext) -> str | int:
    """Keeps their words (or none), thanks them and lets the admins hear it."""
    _ = context.t.gettext
    pending = (context.user_data or {}).get(FEEDBACK_KEY) or {}
    comment: str | None = None
    if update.callback_query is not None:
        await update.callback_query.answer()
        await _drop_buttons(update)
    else:
        message = update.effective_message
        parsed = parse_answer(message.text or "" if message else "")
        if isinstance(parsed, Invalid):
            await _say(update, context, texts.invalid(context.t, parsed))
            return COMMENT
        comment = parsed
    (context.user_data or {}).pop(FEEDBACK_KEY, None)
    requests = RequestRepository(context.services.db)
    request = await requests.get(int(pending.get("request_id") or 0))
    if request is None or request.feedback_score is None:
        return await resume_or_end(update, context)
    if comment is not None:
        now = context.services.clock.now()
        await requests.add_feedback_comment(request.reference, _user_id(update), comment, now)
        await _say(update, context, _("Thank you for your words. They help us do better."))
    else:
        await _say(update, context, _("Thank you. Take care!"))
    score = request.feedback_score
    await context.notify.to_admins(
        lambda t: (feedback_notice(t, request, score, comment), None),
        dedup_key=message_key_prefix(request.reference) + "feedback",
    )
    return await resume_or_end(update, context)


async def ask_for_feedback(context: BotContext) -> None:
    """Job: the feedback question for each request handed over long enough ago, once."""
    services = context.services
    now = services.clock.now()
    requests = RequestRepository(services.db)
    for request in await requests.due_for_feedback_question(now - FEEDBACK_DELAY):
        if request.user_id is None:
            continue
        async with services.db.transaction():
            await services.notifier.send_to_user(
                request.user_id,
                notices.feedback_question(request),
                dedup_key=message_key_prefix(request.reference) + "feedback_question",
            )
            await requests.mark_feedback_asked(request.reference, now)
        logger.info("Asked for feedback on %s", request.reference)


async def resume_or_end(update: Update, context: BotContext) -> str | int:
    """Back to a half-finished request, if the person was in the middle of one."""
    if load(context) is None:
        return END
    _ = context.t.gettext
    return await ask_again(update, context, _("Now, back to your request."))


# Part of the request conversation (request_flow), so that one step is current at a time: an
# answer typed after pressing "Answer" is never taken as the answer to a request question.
ENTRY_POINTS: list[BaseHandler[Any, Any, Any]] = [
    CallbackQueryHandler(begin_answer, pattern=r"^rqq:\d{1,9}$"),
    CallbackQueryHandler(on_score, pattern=r"^rqf:\d{1,9}:([1-5]|no)$"),
]
STATES: dict[object, list[BaseHandler[Any, Any, Any]]] = {
    ANSWER: [MessageHandler(TYPED, on_answer), MessageHandler(OTHER, not_text)],
    COMMENT: [
        MessageHandler(TYPED, on_comment),
        CallbackQueryHandler(on_comment, pattern=r"^rqf:\d{1,9}:done$"),
        MessageHandler(OTHER, not_text),
    ],
}
