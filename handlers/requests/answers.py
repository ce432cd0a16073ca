"""Answers to the admins' questions: typed after »Svar«, or simply typed into the chat.

Someone who was asked a question often just writes the answer, without pressing »Svar«. Free
text that no journey takes reaches the shared fallback (handlers/__init__.py), which asks
answer_typed whether it is the answer to the person's open request question.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update

from bot.context import BotContext
from domain.request_input import Invalid, parse_answer
from domain.request_models import HelpRequest, RequestQuestion
from handlers.requests import notices, texts
from handlers.requests.admin_texts import answer_notice, card_buttons
from handlers.requests.decisions import refresh_cards
from storage.request_privacy import message_key_prefix
from storage.requests import RequestRepository

logger = logging.getLogger(__name__)


async def _say(update: Update, context: BotContext, text: str, markup: Any = None) -> None:
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def show_open_questions(update: Update, context: BotContext, user_id: int) -> int:
    """Shows each question still waiting for the person, with its »Svar« button."""
    requests = RequestRepository(context.services.db)
    shown = 0
    for question in await requests.open_questions_for_user(user_id):
        request = await requests.get(question.request_id)
        if request is not None and question.question is not None:
            await _say(update, context, *notices.question(request, question.question)(context.t))
            shown += 1
    return shown


async def deliver_answer(
    context: BotContext,
    user_id: int,
    request: HelpRequest,
    question: RequestQuestion,
    answer: str,
) -> bool:
    """Stores the answer and relays it to the admins by reference; False if already answered."""
    requests = RequestRepository(context.services.db)
    now = context.services.clock.now()
    if not await requests.answer(request.reference, user_id, answer, now):
        return False
    fresh = await requests.get(request.id)
    assert fresh is not None
    await context.notify.to_admins(
        lambda t: (answer_notice(t, fresh, question.question, answer), card_buttons(t, fresh)),
        dedup_key=message_key_prefix(fresh.reference) + f"answer:{question.id}",
    )
    await refresh_cards(context, fresh.id)
    return True


async def _answer_own_question(update: Update, context: BotContext, user_id: int) -> bool:
    """Takes the text as the answer to the person's most recent open question, if any."""
    requests = RequestRepository(context.services.db)
    waiting = await requests.open_questions_for_user(user_id)
    if not waiting:
        return False
    _ = context.t.gettext
    message = update.effective_message
    answer = parse_answer(message.text or "" if message else "")
    if isinstance(answer, Invalid):
        await _say(update, context, texts.invalid(context.t, answer))
        return True
    question = waiting[-1]
    request = await requests.get(question.request_id)
    if request is None or not await deliver_answer(context, user_id, request, question, answer):
        return False
    logger.info("A typed answer about %s, without the Answer button", request.reference)
    text = _("Thank you! We passed this on as your answer to our question about {reference}.")
    await _say(update, context, text.format(reference=request.reference))
    if not await show_open_questions(update, context, user_id):
        await _say(update, context, _("We will write to you soon."))
    return True


async def answer_typed(update: Update, context: BotContext) -> bool:
    """Free text no journey took: the answer to the person's open request question, if any."""
    user = update.effective_user
    return user is not None and await _answer_own_question(update, context, user.id)
