"""A donor's answer to the board's question: after "✍️ Answer", or simply typed in the chat.

Free text that no journey takes reaches the shared fallback (handlers/__init__.py), which asks
answer_open_question first: from a donor with an open question, that text is the answer.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.i18n import Translator
from bot.services import Services
from domain.offer_models import OfferQuestion
from domain.offers import ANSWER_MAX, Invalid, OfferStatus, check_answer
from handlers.common import user_text
from handlers.offers.cards import card_buttons
from storage.offers import OfferRepository

logger = logging.getLogger(__name__)


async def relay_answer(services: Services, answered: OfferQuestion) -> None:
    """Passes the answer on to the admins with the question, and the decision buttons."""
    repo = OfferRepository(services.db)
    offer = await repo.get(answered.offer_id)
    photo_count = len(await repo.photos(answered.offer_id))

    def render(t: Translator) -> tuple[str, InlineKeyboardMarkup | None]:
        _ = t.gettext
        text = "\n".join(
            [
                _("💬 <b>Answer about {reference}</b>").format(reference=answered.offer_reference),
                _("Question: {question}").format(question=user_text(answered.question)),
                _("Answer: {answer}").format(answer=user_text(answered.answer)),
            ]
        )
        pending = offer is not None and offer.status is OfferStatus.PENDING
        return text, card_buttons(offer, photo_count, t, photos=True) if pending and offer else None

    await services.notifier.to_admins(
        render, dedup_key=f"offer:{answered.offer_id}:answer:{answered.id}"
    )


async def answer_open_question(update: Update, context: BotContext) -> bool:
    """Takes free text as the answer to the donor's open question; False when there is none."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not message.text or message.text.startswith("/"):
        return False
    services = context.services
    repo = OfferRepository(services.db)
    question = await repo.open_question_for_donor(user.id)
    if question is None:
        return False
    _ = context.t.gettext
    checked = check_answer(message.text)
    if isinstance(checked, Invalid):
        await message.reply_text(
            _("Please write your answer (at most {max} characters).").format(max=ANSWER_MAX)
        )
        return True
    answered = await repo.answer_question(question.id, user.id, checked.value, services.clock.now())
    if answered is None:  # answered a moment ago by another way
        return False
    await relay_answer(services, answered)
    logger.info("Typed answer to question %s on %s", answered.id, answered.offer_reference)
    await message.reply_text(
        _("Thank you, your answer has been sent to us ({reference}).").format(
            reference=answered.offer_reference
        )
    )
    return True
