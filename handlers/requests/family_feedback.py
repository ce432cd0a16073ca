"""After the hand-over the family says how it went: a 1-5 score, then a few words if they like.

The question is asked once, by a job that looks in the database each tick: a request handed
over at least FEEDBACK_DELAY ago that was never asked. Marking it asked and queuing the
question happen in one transaction (actions.ask_for_feedback), so a restart neither loses nor
repeats it. The score and the words are steps of the family's conversation (COMMENT).
"""

from __future__ import annotations

import contextlib
import logging
import re

from telegram import Update
from telegram.error import BadRequest

from bot.context import BotContext
from domain.request_input import Invalid, parse_answer
from domain.requests import FEEDBACK_DELAY
from handlers.requests import actions, family_notices
from handlers.requests import family_texts as texts
from handlers.requests.family_state import resume_or_end, say, user_id_of

logger = logging.getLogger(__name__)
COMMENT = "comment"  # the conversation's state while the words are typed
FEEDBACK_KEY = "request_feedback_draft"
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
    request = await context.services.repos.requests.get(request_id)
    if request is None or request.user_id != user_id_of(update):
        logger.warning("Feedback button for request %s pressed by another user", request_id)
        await query.answer(_("That button does not work any more."), show_alert=True)
        return await resume_or_end(update, context)
    if choice == "no":
        await query.answer()
        await _drop_buttons(update)
        await say(update, context, _("Thank you. Take care!"))
        return await resume_or_end(update, context)
    if not await actions.record_score(context.services, request, user_id_of(update), int(choice)):
        await query.answer(_("You have already answered. Thank you!"), show_alert=True)
        return await resume_or_end(update, context)
    await query.answer()
    await _drop_buttons(update)
    context.user_data[FEEDBACK_KEY] = {"request_id": request_id, "score": int(choice)}
    text = _("Thank you! Do you want to tell us more? Write a few words, or tap “No thanks”.")
    await say(update, context, text, family_notices.feedback_comment_buttons(context.t, request_id))
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
            await say(update, context, texts.invalid(context.t, parsed))
            return COMMENT
        comment = parsed
    (context.user_data or {}).pop(FEEDBACK_KEY, None)
    request = await context.services.repos.requests.get(int(pending.get("request_id") or 0))
    if request is None or request.feedback_score is None:
        return await resume_or_end(update, context)
    await actions.finish_feedback(context.services, request, user_id_of(update), comment)
    if comment is not None:
        await say(update, context, _("Thank you for your words. They help us do better."))
    else:
        await say(update, context, _("Thank you. Take care!"))
    return await resume_or_end(update, context)


async def ask_for_feedback(context: BotContext) -> None:
    """Job: the feedback question for each request handed over long enough ago, once."""
    services = context.services
    now = services.clock.now()
    for request in await services.repos.requests.due_for_feedback_question(now - FEEDBACK_DELAY):
        if await actions.ask_for_feedback(services, request, now):
            logger.info("Asked for feedback on %s", request.reference)
