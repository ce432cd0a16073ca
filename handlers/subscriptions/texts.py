"""What /subscribe and /unsubscribe show: the topics, what one gets now, and the buttons.

Each button says the state it sets ("sub:on:news", "unsub:off:news"), so a doubled press sets
the same thing twice instead of undoing itself.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import N_, Translator
from domain.subscriptions import TOPICS, Topic

TOPIC_LABELS: dict[Topic, str] = {
    Topic.DROPOFF: N_("Drop-off days"),
    Topic.CHRISTMAS: N_("Christmas help"),
    Topic.NEWS: N_("News"),
    Topic.WANTED: N_("Wanted posts"),
}
TOPIC_ICONS: dict[Topic, str] = {
    Topic.DROPOFF: "📦",
    Topic.CHRISTMAS: "🎄",
    Topic.NEWS: "📰",
    Topic.WANTED: "🙋",
}


def topic_label(t: Translator, topic: Topic) -> str:
    return t.gettext(TOPIC_LABELS[topic])


def choices_text(t: Translator, chosen: set[Topic]) -> str:
    """The /subscribe message: what each topic is, and what the person gets now."""
    _ = t.gettext
    lines = [
        _("What do you want to hear about? Tap to turn it on or off."),
        "",
        f"{TOPIC_ICONS[Topic.DROPOFF]} " + _("Drop-off days: when we take in things."),
        f"{TOPIC_ICONS[Topic.CHRISTMAS]} " + _("Christmas help: when you can apply for it."),
        f"{TOPIC_ICONS[Topic.NEWS]} " + _("News: what is new with us."),
        f"{TOPIC_ICONS[Topic.WANTED]} " + _("Wanted posts: when a family needs something."),
        "",
        summary(t, chosen),
    ]
    return "\n".join(lines)


def topic_names(t: Translator, chosen: set[Topic]) -> str:
    """'Drop-off days, News', in the order of the buttons."""
    return ", ".join(topic_label(t, topic) for topic in TOPICS if topic in chosen)


def summary(t: Translator, chosen: set[Topic]) -> str:
    _ = t.gettext
    if chosen:
        return _("You get: {topics}.").format(topics=topic_names(t, chosen))
    return _("You get no messages from us now.")


def saved_text(t: Translator, chosen: set[Topic]) -> str:
    """The toggles closed with 'Done'."""
    _ = t.gettext
    if chosen:
        text = _("Saved. You get: {topics}.").format(topics=topic_names(t, chosen))
    else:
        text = _("Saved. You get no messages from us.")
    return text + "\n" + _("You can change it at any time with /subscribe.")


def stopped_text(t: Translator) -> str:
    _ = t.gettext
    return (
        _("Stopped. You get no messages from us now.")
        + "\n"
        + _("You can say yes again at any time with /subscribe.")
    )


def leaving_text(t: Translator, chosen: set[Topic]) -> str:
    """The /unsubscribe message: what the person gets, and that a tap stops it."""
    _ = t.gettext
    if not chosen:
        return (
            _("You get no messages from us now.")
            + "\n"
            + _("You can say yes to some with /subscribe.")
        )
    return summary(t, chosen) + "\n" + _("Tap what you want to stop.")


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
