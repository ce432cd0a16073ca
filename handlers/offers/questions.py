"""Typed answers about an offer: an admin's question or decline reason, and the donor's answer.

Both are small conversations, so the next text in that chat (from that person) is the answer.
They come before /donate in the handler list (the offers journey is registered before donate),
so a donor who tapped "✍️ Answer" in the middle of a new offer answers first. Without the tap,
answers.py takes a typed answer. The writes are actions.ask_donor and actions.answer_question.
"""

from __future__ import annotations

import logging

from telegram import ForceReply, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.i18n import language_name
from bot.settings import Settings
from domain.offers import ANSWER_MAX, Invalid, OfferStatus, check_answer, check_text
from handlers.common import CANCEL_COMMANDS, PRIVATE, admin_places, cancel_handler
from handlers.common.access import admin_only
from handlers.journey import Handler
from handlers.offers import actions
from handlers.offers.cards import admin_offer, refuse
from handlers.offers.decisions import admin_name, decline_offer

logger = logging.getLogger(__name__)

ADMIN_TEXT = "ADMIN_TEXT"
ANSWER = "ANSWER"
PENDING_KEY = "offer_admin_input"  # user_data: {chat id: {"kind": "ask"|"decline", "offer_id"}}
ANSWER_KEY = "offer_answer_draft"  # ends in _draft: /cancel forgets it
TYPED_MAX = 500
END = ConversationHandler.END


def _pending(context: BotContext) -> dict[str, dict[str, object]]:
    data = context.user_data if context.user_data is not None else {}
    return data.setdefault(PENDING_KEY, {})


async def ask_admin_for_text(update: Update, context: BotContext) -> str | int:
    """ "Ask the donor" or "write a reason": the admin's next text in this chat is it."""
    query = update.callback_query
    chat = update.effective_chat
    offer = await admin_offer(update, context)
    if query is None or chat is None or offer is None:
        return END
    await query.answer()
    _ = context.t.gettext
    kind = "ask" if (query.data or "").startswith("offer:ask:") else "decline"
    _pending(context)[str(chat.id)] = {"kind": kind, "offer_id": offer.id}
    if kind == "ask":
        prompt = _(
            "Write your question to the donor of {reference}. The donor writes in {language}."
            " /cancel stops."
        )
    else:
        prompt = _(
            "Write the reason for saying no to {reference}. The donor will read it. /cancel stops."
        )
    donor = offer.donor_id
    languages = await context.services.repos.users.languages([donor]) if donor else {}
    language = language_name(context.t, languages.get(donor or 0))
    await context.bot.send_message(
        chat.id,
        prompt.format(reference=offer.reference, language=language),
        reply_markup=ForceReply(selective=True),
    )
    return ADMIN_TEXT


async def admin_text(update: Update, context: BotContext) -> str | int:
    """Sends the admin's question to the donor, or declines with the typed reason."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None or message is None:
        return END
    _ = context.t.gettext
    pending = _pending(context).pop(str(chat.id), None)
    services = context.services
    offer_id = pending.get("offer_id") if pending else None
    offer = await services.repos.offers.get(offer_id) if isinstance(offer_id, int) else None
    if pending is None or offer is None:
        return END
    if not await admin_only(update, context, "a question to a donor"):
        return END
    checked = check_text(message.text or "", 1, TYPED_MAX)
    if isinstance(checked, Invalid):
        _pending(context)[str(chat.id)] = pending
        await message.reply_text(_("Please keep it under {max} characters.").format(max=TYPED_MAX))
        return ADMIN_TEXT
    if pending["kind"] == "decline":
        done = offer.status is OfferStatus.PENDING and await decline_offer(
            context, offer, user.id, admin_name(update), None, checked.value
        )
        reply = _("Done. {reference} is declined, and the donor is told.")
        if not done:
            reply = _("{reference} is already answered.")
        await message.reply_text(reply.format(reference=offer.reference))
        return END
    question = await actions.ask_donor(services, offer, user.id, checked.value)
    if question is None:
        await message.reply_text(
            _("{reference} is closed; nobody to ask.").format(reference=offer.reference)
        )
        return END
    await message.reply_text(
        _("Your question is sent to the donor of {reference}. Their answer will come here.").format(
            reference=offer.reference
        )
    )
    return END


async def admin_cancel(update: Update, context: BotContext) -> int:
    """Stops the admin's typing; nothing is sent."""
    chat, message = update.effective_chat, update.effective_message
    if chat is not None:
        _pending(context).pop(str(chat.id), None)
    if message is not None:
        await message.reply_text(context.t.gettext("Okay, nothing was sent."))
    return END


async def admin_not_text(update: Update, context: BotContext) -> str:
    """A sticker, photo or another command instead of the text: says what is wanted."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            context.t.gettext("Please write it as text, or send /cancel.")
        )
    return ADMIN_TEXT


async def start_answer(update: Update, context: BotContext) -> str | int:
    """The donor tapped "Answer" under a question: their next text is the answer."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return END
    _ = context.t.gettext
    data = (query.data or "").rsplit(":", 1)[-1]
    question = (
        await context.services.repos.offers.get_question(int(data)) if data.isdigit() else None
    )
    if question is None or question.donor_id != user.id:
        await refuse(update, context, _("That button is not valid."), "not the donor's question")
        return END
    if question.answered:
        await query.answer(_("You have answered this already. Thank you!"), show_alert=True)
        return END
    await query.answer()
    if context.user_data is not None:
        context.user_data[ANSWER_KEY] = {"question_id": question.id}
    await context.bot.send_message(
        user.id,
        _("Write your answer about {reference}. /cancel stops.").format(
            reference=question.offer_reference
        ),
    )
    return ANSWER


async def answer_written(update: Update, context: BotContext) -> str | int:
    """Stores the donor's answer and passes it on to the admins, with the offer's number."""
    user, message = update.effective_user, update.effective_message
    if user is None or message is None:
        return END
    _ = context.t.gettext
    draft = (context.user_data or {}).get(ANSWER_KEY) or {}
    checked = check_answer(message.text or "")
    if isinstance(checked, Invalid):
        await message.reply_text(
            _("Please write your answer (at most {max} characters).").format(max=ANSWER_MAX)
        )
        return ANSWER
    question_id = draft.get("question_id")
    answered = (
        await actions.answer_question(context.services, question_id, user.id, checked.value)
        if isinstance(question_id, int)
        else None
    )
    if context.user_data is not None:
        context.user_data.pop(ANSWER_KEY, None)
    if answered is None:
        await message.reply_text(_("You have answered this already. Thank you!"))
        return END
    await message.reply_text(_("Thank you! I have passed your answer on."))
    return END


async def answer_not_text(update: Update, context: BotContext) -> str:
    """Anything but the answer (a sticker, a photo …): says what is wanted."""
    text = context.t.gettext("Please write your answer as text, or send /cancel.")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)
    return ANSWER


def build(settings: Settings) -> list[Handler]:
    """The admin's typed question or reason, then the donor's typed answer."""
    places = admin_places(settings)
    admin_input = ConversationHandler(
        name="offer_admin_input",
        persistent=True,
        allow_reentry=True,
        entry_points=[CallbackQueryHandler(ask_admin_for_text, pattern=r"^offer:(ask|own):\d+$")],
        states={
            ADMIN_TEXT: [
                MessageHandler(places & filters.TEXT & ~filters.COMMAND, admin_text),
                MessageHandler(
                    places & ~filters.COMMAND & ~filters.StatusUpdate.ALL, admin_not_text
                ),
            ]
        },
        fallbacks=[
            CommandHandler(list(CANCEL_COMMANDS), admin_cancel, filters=places),
            MessageHandler(places & filters.COMMAND, admin_not_text),
        ],
    )
    donor_answer = ConversationHandler(
        name="offer_answer",
        persistent=True,
        allow_reentry=True,
        entry_points=[CallbackQueryHandler(start_answer, pattern=r"^offer:answer:\d+$")],
        states={
            ANSWER: [
                MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, answer_written),
                MessageHandler(
                    PRIVATE & ~filters.COMMAND & ~filters.StatusUpdate.ALL, answer_not_text
                ),
            ]
        },
        # Other commands and buttons pass on to their own handlers; the answer still waits.
        fallbacks=[cancel_handler()],
    )
    return [admin_input, donor_answer]
