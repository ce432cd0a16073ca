"""The family answers the board's question: after pressing »Svar«, or simply typed into the chat.

»Svar« under the question (or in /mine) starts the ANSWER step of the family's conversation
(family_conversation), so the typed answer is never taken as the answer to a request question.
Someone who was asked a question often just writes the answer, without pressing »Svar«. Free
text that no journey takes reaches the shared fallback (handlers/__init__.py), which asks
answer_typed whether it is the answer to the person's open request question. Either way the
answer is stored and relayed to the admins in one action (actions.relay_answer).
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.context import BotContext
from domain.request_input import Invalid, parse_answer
from domain.request_models import HelpRequest, RequestQuestion
from handlers.requests import actions, family_notices
from handlers.requests import family_texts as texts
from handlers.requests.board_cards import refresh_cards
from handlers.requests.family_state import resume_or_end, say, user_id_of

logger = logging.getLogger(__name__)
ANSWER = "answer"  # the conversation's state while the answer is typed
ANSWER_KEY = "request_answer_draft"


async def show_open_questions(update: Update, context: BotContext, user_id: int) -> int:
    """Shows each question still waiting for the person, with its »Svar« button."""
    requests = context.services.repos.requests
    shown = 0
    for question in await requests.open_questions_for_user(user_id):
        request = await requests.get(question.request_id)
        if request is not None and question.question is not None:
            await say(
                update, context, *family_notices.question(request, question.question)(context.t)
            )
            shown += 1
    return shown


async def begin_answer(update: Update, context: BotContext) -> str | int:
    """The "Answer" button under an admin's question: asks for the answer."""
    query = update.callback_query
    assert query is not None and context.user_data is not None
    _ = context.t.gettext
    request_id = int((query.data or "0").split(":")[1])
    requests = context.services.repos.requests
    request = await requests.get(request_id)
    if request is None or request.user_id != user_id_of(update):
        logger.warning("Answer button for request %s pressed by another user", request_id)
        await query.answer(_("That button does not work any more."), show_alert=True)
        return await resume_or_end(update, context)
    if await requests.unanswered_question(request.reference) is None:
        await query.answer(_("You have already answered. Thank you!"), show_alert=True)
        return await resume_or_end(update, context)
    await query.answer()
    context.user_data[ANSWER_KEY] = {"request_id": request_id}
    text = _("Write your answer to our question about {reference}.")
    await say(update, context, text.format(reference=request.reference))
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
        await say(update, context, texts.invalid(context.t, answer))
        return ANSWER
    requests = context.services.repos.requests
    request = await requests.get(int(pending.get("request_id") or 0))
    question = await requests.unanswered_question(request.reference) if request else None
    if (
        request is None
        or question is None
        or not await deliver_answer(context, user_id_of(update), request, question, answer)
    ):
        await say(update, context, _("You have already answered. Thank you!"))
        return await resume_or_end(update, context)
    await say(update, context, _("Thank you! We got your answer. We will write to you soon."))
    return await resume_or_end(update, context)


async def deliver_answer(
    context: BotContext,
    user_id: int,
    request: HelpRequest,
    question: RequestQuestion,
    answer: str,
) -> bool:
    """Stores and relays the answer, then updates the cards; False if already answered."""
    fresh = await actions.relay_answer(context.services, user_id, request, question, answer)
    if fresh is None:
        return False
    await refresh_cards(context, fresh.id)
    return True


async def _answer_own_question(update: Update, context: BotContext, user_id: int) -> bool:
    """Takes the text as the answer to the person's most recent open question, if any."""
    requests = context.services.repos.requests
    waiting = await requests.open_questions_for_user(user_id)
    if not waiting:
        return False
    _ = context.t.gettext
    message = update.effective_message
    answer = parse_answer(message.text or "" if message else "")
    if isinstance(answer, Invalid):
        await say(update, context, texts.invalid(context.t, answer))
        return True
    question = waiting[-1]
    request = await requests.get(question.request_id)
    if request is None or not await deliver_answer(context, user_id, request, question, answer):
        return False
    logger.info("A typed answer about %s, without the Answer button", request.reference)
    text = _("Thank you! We passed this on as your answer to our question about {reference}.")
    await say(update, context, text.format(reference=request.reference))
    if not await show_open_questions(update, context, user_id):
        await say(update, context, _("We will write to you soon."))
    return True


async def answer_typed(update: Update, context: BotContext) -> bool:
    """Free text no journey took: the answer to the person's open request question, if any."""
    user = update.effective_user
    return user is not None and await _answer_own_question(update, context, user.id)
