"""/subscribe: one message with a toggle per topic; /unsubscribe: only the topics one gets,
each with a button that stops it, and one that stops everything.

Nobody is subscribed without pressing a button themselves (texts.py has the buttons, each of
which says the state it sets; actions.py the writes).
"""

from __future__ import annotations

import logging
import re

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.settings import Settings
from domain.subscriptions import topic_named
from handlers.common import PRIVATE, edit_in_place
from handlers.journey import Handler
from handlers.subscriptions.actions import set_topic, stop_everything
from handlers.subscriptions.texts import (
    choices_buttons,
    choices_text,
    leaving_buttons,
    leaving_text,
    saved_text,
    stopped_text,
    topic_label,
)

logger = logging.getLogger(__name__)

_BUTTON = re.compile(r"^(sub|unsub):(on|off):([a-z]{1,20})$")


async def show_choices(update: Update, context: BotContext) -> None:
    """Shows the topics with the person's current choices as toggles."""
    await _show(update, context, leaving=False)


async def show_leaving(update: Update, context: BotContext) -> None:
    """Shows only the topics the person gets, each with a button that stops it."""
    await _show(update, context, leaving=True)


async def _show(update: Update, context: BotContext, *, leaving: bool) -> None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    chosen = await context.services.repos.subscriptions.topics_of(user.id)
    t = context.t
    if leaving:
        text, buttons = leaving_text(t, chosen), leaving_buttons(t, chosen)
    else:
        text, buttons = choices_text(t, chosen), choices_buttons(t, chosen)
    await context.bot.send_message(chat.id, text, reply_markup=buttons)


async def toggle(update: Update, context: BotContext) -> None:
    """Turns one topic on or off as the button says, and shows the new choices."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    _ = context.t.gettext
    match = _BUTTON.match(query.data or "")
    topic = topic_named(match.group(3)) if match else None
    if match is None or topic is None or (match.group(1), match.group(2)) == ("unsub", "on"):
        logger.warning("Forged subscription button %r from user %s", query.data, user.id)
        await query.answer(_("That button no longer works. Send /subscribe."), show_alert=True)
        return
    on = match.group(2) == "on"
    chosen = await set_topic(context.services, user.id, topic, on)
    label = topic_label(context.t, topic)
    if on:
        await query.answer(_("You will now hear about: {topic}").format(topic=label))
    else:
        await query.answer(_("You will no longer hear about: {topic}").format(topic=label))
    if match.group(1) == "unsub":
        await edit_in_place(
            query, leaving_text(context.t, chosen), leaving_buttons(context.t, chosen)
        )
    else:
        await edit_in_place(
            query, choices_text(context.t, chosen), choices_buttons(context.t, chosen)
        )


async def stop_all(update: Update, context: BotContext) -> None:
    """Stops every topic at once."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    _ = context.t.gettext
    await stop_everything(context.services, user.id)
    await query.answer(_("Stopped. You get no messages from us now."))
    await edit_in_place(query, stopped_text(context.t), None)


async def done(update: Update, context: BotContext) -> None:
    """Closes the toggles with a short summary."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    await query.answer()
    chosen = await context.services.repos.subscriptions.topics_of(user.id)
    await edit_in_place(query, saved_text(context.t, chosen), None)


def build(settings: Settings) -> list[Handler]:
    return [
        CommandHandler(["subscribe", "abonner"], show_choices, filters=PRIVATE),
        CommandHandler(["unsubscribe", "afmeld"], show_leaving, filters=PRIVATE),
        CallbackQueryHandler(toggle, pattern=r"^(sub|unsub):(on|off):"),
        CallbackQueryHandler(stop_all, pattern=r"^unsub:all$"),
        CallbackQueryHandler(done, pattern=r"^sub:done$"),
    ]
