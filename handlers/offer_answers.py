"""A donor's answer to the board's question: after "✍️ Answer", or simply typed in the chat.

Free text outside any conversation from a donor with an open question is that answer. PTB
filters are synchronous, so the donors with an open question are kept in memory (OPEN),
filled from the database at start and kept up to date here; a stale entry costs one look-up.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler, MessageHandler, filters

from bot.context import BotContext
from bot.i18n import Translator
from bot.services import Services
from domain.offers import ANSWER_MAX, Invalid, OfferStatus, check_answer
from handlers.common import PRIVATE, unexpected_text, user_text
from handlers.offers_admin import card_buttons
from storage.offer_models import OfferQuestion
from storage.offers import OfferRepository

logger = logging.getLogger(__name__)


class OpenQuestions:
    """Who has an unanswered question, and whether a conversation would take their text."""

    def __init__(self) -> None:
        self.donors: set[int] = set()
        self.application: Any = None

    async def load(self, application: Any) -> None:
        self.application = application
        repo = OfferRepository(application.services.db)
        self.donors = await repo.donors_with_open_questions()

    async def refresh(self, services: Services, donor_id: int) -> None:
        if await OfferRepository(services.db).open_question_for_donor(donor_id) is None:
            self.donors.discard(donor_id)
        else:
            self.donors.add(donor_id)

    def in_a_conversation(self, update: Update) -> bool:
        """Whether any conversation (of any journey) would take this update."""
        if self.application is None:
            return True  # not started: leave everything to the other handlers
        return any(
            handler.check_update(update)
            for group in self.application.handlers.values()
            for handler in group
            if isinstance(handler, ConversationHandler)
        )


OPEN = OpenQuestions()


class _OpenQuestionWaits(filters.UpdateFilter):
    """The sender has an open question and is not in the middle of any conversation."""

    def filter(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in OPEN.donors and not OPEN.in_a_conversation(update)


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
    if answered.donor_id is not None:
        await OPEN.refresh(services, answered.donor_id)


async def answer_open_question(update: Update, context: BotContext) -> bool:
    """Takes free text as the answer to the donor's open question; False when there is none."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None or not message.text or message.text.startswith("/"):
        return False
    services = context.services
    repo = OfferRepository(services.db)
    question = await repo.open_question_for_donor(user.id)
    if question is None:
        OPEN.donors.discard(user.id)
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


async def typed_outside_a_journey(update: Update, context: BotContext) -> None:
    """Free text outside any conversation: the answer to an open question, else the usual hint."""
    if not await answer_open_question(update, context):
        await unexpected_text(update, context)


# Goes at the end of the donor journey's handlers; its filter lets every other text through.
TYPED_ANSWER = MessageHandler(
    PRIVATE & filters.TEXT & ~filters.COMMAND & _OpenQuestionWaits(), typed_outside_a_journey
)
