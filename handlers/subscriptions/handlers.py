"""/subscribe: one message with a toggle per topic; /unsubscribe: only the topics one gets,
each with a button that stops it, and one that stops everything.

Nobody is subscribed without pressing a button themselves. Each button says the state it sets
("sub:on:news", "unsub:off:news"), so a doubled press sets the same thing twice instead of
undoing itself.
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
_BUTTON = re.compile(r"^(sub|unsub):(on|off):([a-z]{1,20})$")


def topic_label(t: Translator, topic: Topic) -> str:
    return t.gettext(TOPIC_LABELS[topic])


def choices_text(t: Translator, chosen: set[Topic]) -> str:
    """The /subscribe message: what each topic is, and what the person gets now."""
    _ = t.gettext
    lines = [
        _("What do you want to hear about? Tap to turn it on or off."),
        "",
        f"{TOPIC_ICONS['dropoff']} " + _("Drop-off days: when we take in things."),
        f"{TOPIC_ICONS['christmas']} " + _("Christmas help: when you can apply for it."),
        f"{TOPIC_ICONS['news']} " + _("News: what is new with us."),
        "",
        _summary(t, chosen),
    ]
    return "\n".join(lines)


def _summary(t: Translator, chosen: set[Topic]) -> str:
    _ = t.gettext
    if chosen:
        names = ", ".join(topic_label(t, topic) for topic in TOPICS if topic in chosen)
        return _("You get: {topics}.").format(topics=names)
    return _("You get no messages from us now.")


def leaving_text(t: Translator, chosen: set[Topic]) -> str:
    """The /unsubscribe message: what the person gets, and that a tap stops it."""
    _ = t.gettext
    if not chosen:
        return (
            _("You get no messages from us now.")
            + "\n"
            + _("You can say yes to some with /subscribe.")
        )
    return _summary(t, chosen) + "\n" + _("Tap what you want to stop.")


def leaving_buttons(t: Translator, chosen: set[Topic]) -> InlineKeyboardMarkup | None:
    """One stop button per topic the person gets, one that stops all, and done."""
    if not chosen:
        return None
    _ = t.gettext
    rows = [
        [
            InlineKeyboardButton(
                _("🔕 Stop: {topic}").format(topic=topic_label(t, topic)),
                callback_data=f"unsub:off:{topic}",
            )
        ]
        for topic in TOPICS
        if topic in chosen
    ]
    rows.append([InlineKeyboardButton(_("🛑 Stop everything"), callback_data="unsub:all")])
    rows.append([InlineKeyboardButton(_("👍 Done"), callback_data="sub:done")])
    return InlineKeyboardMarkup(rows)


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
    await context.bot.send_message(
        chat.id, choices_text(context.t, chosen), reply_markup=choices_buttons(context.t, chosen)
    )


async def show_leaving(update: Update, context: BotContext) -> None:
    """Shows only the topics the person gets, each with a button that stops it."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return
    chosen = await SubscriptionRepository(context.services.db).topics_of(user.id)
    await context.bot.send_message(
        chat.id, leaving_text(context.t, chosen), reply_markup=leaving_buttons(context.t, chosen)
    )


async def toggle(update: Update, context: BotContext) -> None:
    """Turns one topic on or off as the button says, and shows the new choices."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    _ = context.t.gettext
    match = _BUTTON.match(query.data or "")
    topic = next((known for known in TOPICS if match and known == match.group(3)), None)
    if match is None or topic is None or (match.group(1), match.group(2)) == ("unsub", "on"):
        logger.warning("Forged subscription button %r from user %s", query.data, user.id)
        await query.answer(_("That button no longer works. Send /subscribe."), show_alert=True)
        return
    repo = SubscriptionRepository(context.services.db)
    label = topic_label(context.t, topic)
    if match.group(2) == "on":
        await repo.subscribe(user.id, topic, context.services.clock.now())
        await query.answer(_("You will now hear about: {topic}").format(topic=label))
    else:
        await repo.unsubscribe(user.id, topic)
        await query.answer(_("You will no longer hear about: {topic}").format(topic=label))
    chosen = await repo.topics_of(user.id)
    if match.group(1) == "unsub":
        await _edit(query, leaving_text(context.t, chosen), leaving_buttons(context.t, chosen))
    else:
        await _edit(query, choices_text(context.t, chosen), choices_buttons(context.t, chosen))


async def stop_all(update: Update, context: BotContext) -> None:
    """Stops every topic at once."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None:
        return
    _ = context.t.gettext
    await SubscriptionRepository(context.services.db).unsubscribe_all(user.id)
    await query.answer(_("Stopped. You get no messages from us now."))
    text = (
        _("Stopped. You get no messages from us now.")
        + "\n"
        + _("You can say yes again at any time with /subscribe.")
    )
    await _edit(query, text, None)


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
    CommandHandler(["unsubscribe", "afmeld"], show_leaving, filters=PRIVATE),
    CallbackQueryHandler(toggle, pattern=r"^(sub|unsub):(on|off):"),
    CallbackQueryHandler(stop_all, pattern=r"^unsub:all$"),
    CallbackQueryHandler(done, pattern=r"^sub:done$"),
]
