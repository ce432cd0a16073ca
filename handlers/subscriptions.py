"""/subscribe and /unsubscribe: one message with a toggle per topic.

Nobody is subscribed without pressing a button themselves. Each button says the state it sets
("sub:on:news"), so a doubled press sets the same thing twice instead of undoing itself.
"""

from __future__ import annotations

import logging
import re

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.i18n import N_, Translator
from handlers.common import PRIVATE
from storage.subscriptions import TOPICS, SubscriptionRepository, Topic

logger = logging.getLogger(__name__)

TOPIC_LABELS: dict[Topic, str] = {
    "dropoff": N_("Drop-off days"),
    "christmas": N_("Christmas help"),
    "news": N_("News"),
}
TOPIC_ICONS: dict[Topic, str] = {"dropoff": "📦", "christmas": "🎄", "news": "📰"}
_BUTTON = re.compile(r"^sub:(on|off):([a-z]{1,20})$")


def topic_label(t: Translator, topic: Topic) -> str:
    return t.gettext(TOPIC_LABELS[topic])


def choices_text(t: Translator, chosen: set[Topic], leaving: bool = False) -> str:
    """The message: what each topic is, and what the person gets now."""
    _ = t.gettext
    lines = [
        _("Tap a topic to turn it off.")
        if leaving
        else _("What do you want to hear about? Tap to turn it on or off."),
        "",
        f"{TOPIC_ICONS['dropoff']} " + _("Drop-off days: when you can bring your things."),
        f"{TOPIC_ICONS['christmas']} " + _("Christmas help: when you can ask for it."),
        f"{TOPIC_ICONS['news']} " + _("News: what is new with us."),
        "",
    ]
    if chosen:
        names = ", ".join(topic_label(t, topic) for topic in TOPICS if topic in chosen)
        lines.append(_("You get: {topics}.").format(topics=names))
    else:
        lines.append(_("You get no messages from us now."))
    return "\n".join(lines)


def choices_buttons(t: Translator, chosen: set[Topic]) -> InlineKeyboardMarkup:
    rows = []
    for topic in TOPICS:
        on = topic in chosen
        mark = "✅" if on else "⬜"
        data = f"sub:{'off' if on else 'on'}:{topic}"
        rows.append([InlineKeyboardButton(f"{mark} {topic_label(t, topic)}", callback_data=data)])
    rows.append([InlineKeyboardButton(t.gettext("👍 Done"), callback_data="sub:done")])
    return InlineKeyboardMarkup(rows)


async def show_choices(update: Update, context: BotContext) -> None:
    """Shows the topics with the person's current choices as toggles."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    chosen = await SubscriptionRepository(context.services.db).topics_of(user.id)
    leaving = bool(update.message and (update.message.text or "").startswith("/unsub"))
    await context.bot.send_message(
        chat.id,
        choices_text(context.t, chosen, leaving=leaving and bool(chosen)),
        reply_markup=choices_buttons(context.t, chosen),
    )


async def toggle(update: Update, context: BotContext) -> None:
    """Turns one topic on or off as the button says, and shows the new choices."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    _ = context.t.gettext
    match = _BUTTON.match(query.data or "")
    topic = next((known for known in TOPICS if match and known == match.group(2)), None)
    if match is None or topic is None:
        logger.warning("Forged subscription button %r from user %s", query.data, user.id)
        await query.answer(_("That button no longer works. Send /subscribe."), show_alert=True)
        return
    repo = SubscriptionRepository(context.services.db)
    label = topic_label(context.t, topic)
    if match.group(1) == "on":
        await repo.subscribe(user.id, topic, context.services.clock.now())
        await query.answer(_("You will now hear about: {topic}").format(topic=label))
    else:
        await repo.unsubscribe(user.id, topic)
        await query.answer(_("You will no longer hear about: {topic}").format(topic=label))
    chosen = await repo.topics_of(user.id)
    await _edit(query, choices_text(context.t, chosen), choices_buttons(context.t, chosen))


async def done(update: Update, context: BotContext) -> None:
    """Closes the toggles with a short summary."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    _ = context.t.gettext
    await query.answer()
    chosen = await SubscriptionRepository(context.services.db).topics_of(user.id)
    if chosen:
        names = ", ".join(topic_label(context.t, topic) for topic in TOPICS if topic in chosen)
        text = _("Saved. You get: {topics}.").format(topics=names)
    else:
        text = _("Saved. You get no messages from us.")
    text += "\n" + _("You can change it at any time with /subscribe.")
    await _edit(query, text, None)


async def _edit(query: CallbackQuery, text: str, buttons: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(text, reply_markup=buttons)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


HANDLERS = [
    CommandHandler(["subscribe", "abonner"], show_choices, filters=PRIVATE),
    CommandHandler(["unsubscribe", "afmeld"], show_choices, filters=PRIVATE),
    CallbackQueryHandler(toggle, pattern=r"^sub:(on|off):"),
    CallbackQueryHandler(done, pattern=r"^sub:done$"),
]
