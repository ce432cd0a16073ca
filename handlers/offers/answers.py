"""A donor's answer to the board's question typed in the chat without tapping "✍️ Answer".

Free text that no journey takes reaches the shared fallback (handlers/__init__.py), which asks
answer_open_question first: from a donor with an open question, that text is the answer.
(After the tap, questions.py takes it; both store it with actions.answer_question.)
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.context import BotContext
from domain.offers import ANSWER_MAX, Invalid, check_answer
from handlers.offers import actions

logger = logging.getLogger(__name__)


async def answer_open_question(update: Update, context: BotContext) -> bool:
    """Takes free text as the answer to the donor's open question; False when there is none."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not message.text or message.text.startswith("/"):
        return False
    services = context.services
    question = await services.repos.offers.open_question_for_donor(user.id)
    if question is None:
        return False
    _ = context.t.gettext
    checked = check_answer(message.text)
    if isinstance(checked, Invalid):
        await message.reply_text(
            _("Please write your answer (at most {max} characters).").format(max=ANSWER_MAX)
        )
        return True
    answered = await actions.answer_question(services, question.id, user.id, checked.value)
    if answered is None:  # answered a moment ago by another way
        return False
    logger.info("Typed answer to question %s on %s", answered.id, answered.offer_reference)
    await message.reply_text(
        _("Thank you, your answer has been sent to us ({reference}).").format(
            reference=answered.offer_reference
        )
    )
    return True
