"""Answers to the admins' questions: typed after »Svar«, or simply typed into the chat.

Someone who was asked a question often just writes the answer, without pressing »Svar«. Free
text that no journey takes goes to `answer_or_pass`: the donor journey's open question first
(handlers.donate_answers.answer_open_question, if that exists), then the person's own open
request question, and only then the shared "I did not quite get that".
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler, MessageHandler, filters

from bot.context import BotContext
from domain.request_input import Invalid, parse_answer
from handlers import common
from handlers import donate_answers as donor_answers
from handlers import request_notices as notices
from handlers import request_texts as texts
from handlers.request_decisions import refresh_cards
from handlers.requests_admin_texts import answer_notice, card_buttons
from storage.request_models import HelpRequest, RequestQuestion
from storage.request_privacy import message_key_prefix
from storage.requests import RequestRepository

logger = logging.getLogger(__name__)
TYPED = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & common.PRIVATE
# The shared fallbacks (handlers/__init__.fallbacks): the open-question handler comes before them.
FALLBACKS = frozenset(
    {
        common.unexpected_text,
        common.unexpected_media,
        common.unknown_command,
        common.nothing_to_cancel,
        common.stale_button,
    }
)


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


async def answer_or_pass(update: Update, context: BotContext) -> None:
    """Free text outside any journey: an answer to an open question, or the shared reply."""
    user = update.effective_user
    donor_side = getattr(donor_answers, "answer_open_question", None)
    if donor_side is not None and await donor_side(update, context):
        return
    if user is not None and await _answer_own_question(update, context, user.id):
        return
    await common.unexpected_text(update, context)


class OpenQuestionText(MessageHandler[BotContext, None]):
    """Private free text that no later handler in its group would take.

    It sits at the end of the request journey's handlers, but other journeys come after it in
    the same group: their conversations must still get the typed answers they ask for. So it
    steps aside for any later handler that matches, up to the shared fallbacks.
    """

    def __init__(self) -> None:
        super().__init__(TYPED, answer_or_pass)
        self.application: Application[Any, Any, Any, Any, Any, Any] | None = None

    def check_update(self, update: object) -> bool | dict[str, list[Any]] | None:
        checked = super().check_update(update)
        if not checked or any(handler.check_update(update) for handler in self._later()):
            return False
        return checked

    def _later(self) -> list[BaseHandler[Any, Any, Any]]:
        if self.application is None:
            return []
        for group in self.application.handlers.values():
            if any(handler is self for handler in group):
                later = group[[id(handler) for handler in group].index(id(self)) + 1 :]
                ends = [i for i, handler in enumerate(later) if _is_fallback(handler)]
                return later[: ends[0]] if ends else later
        return []


def _is_fallback(handler: BaseHandler[Any, Any, Any]) -> bool:
    return getattr(handler, "callback", None) in FALLBACKS


HANDLER = OpenQuestionText()


def attach(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Lets the handler see the handlers after it (called at every start)."""
    HANDLER.application = application
