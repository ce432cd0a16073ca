"""The donor's side of efterlysninger: "🙋 I have it" (it starts /donate with the post's category
and size filled in, or thanks kindly when the post is closed), and the one question after a
donor's first offer: do you want to hear about efterlysninger?"""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from domain.offer_draft import OfferDraft
from domain.subscriptions import Topic
from handlers.subscriptions.actions import set_topic
from handlers.wanted.texts import found_text, post_label

logger = logging.getLogger(__name__)

_HAVE = re.compile(r"^wanted:have:(\d{1,9})$")


async def start_offer(update: Update, context: BotContext) -> tuple[OfferDraft, str] | None:
    """The draft and its note for a press of "I have it" under an open post; None (after a
    kind answer) when the post is closed, unknown or the button forged."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return None
    t = context.t
    match = _HAVE.match(query.data or "")
    post = await context.services.repos.wanted.get(int(match.group(1))) if match else None
    if post is None:
        logger.warning("Unknown wanted button %r", (query.data or "")[:64])
        await query.answer(t.gettext("That button no longer works."), show_alert=True)
        return None
    await query.answer()
    if not post.is_open:
        await context.bot.send_message(chat.id, found_text(t))
        return None
    organisation = context.services.organisation
    known = organisation.category(post.category_key) is not None
    draft = OfferDraft(
        category_key=post.category_key if known else None,
        size=post.size if known else None,
        wanted_id=post.id,
    )
    note = t.gettext("Thank you! 💚 You answer our wanted post: {need}.").format(
        need=post_label(post, organisation, t)
    )
    return draft, note


async def offer_topic(update: Update, context: BotContext) -> None:
    """After a donor's first offer, once: would they like to hear about efterlysninger?"""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    if Topic.WANTED in await context.services.repos.subscriptions.topics_of(user.id):
        return
    _ = context.t.gettext
    buttons = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("Yes, please"), callback_data="wanted:sub:yes"),
                InlineKeyboardButton(_("No, thanks"), callback_data="wanted:sub:no"),
            ]
        ]
    )
    text = _("Sometimes a family needs something special. May I write to you then?")
    await context.bot.send_message(chat.id, text, reply_markup=buttons)


async def topic_answer(update: Update, context: BotContext) -> None:
    """Yes: subscribes to efterlysninger. No: nothing. Never without a yes."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    _ = context.t.gettext
    await query.answer()
    if (query.data or "").endswith(":yes"):
        await set_topic(context.services, user.id, Topic.WANTED, True)
        text = _("🙋 Fine. I will write when we look for something. /unsubscribe stops it.")
    else:
        text = _("Okay, no messages. 👍")
    await query.edit_message_text(text)
