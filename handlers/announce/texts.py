"""What announcements look like: to the people who get them, and to the admin who sends them."""

from __future__ import annotations

import html
import re
from typing import Any

from babel.numbers import format_decimal
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import N_, Translator
from bot.notify import PRIORITY_ADMIN, PRIORITY_BROADCAST, text_message
from domain.announcements import Audience, Progress
from handlers.common import user_text
from storage.broadcasts import Announcement
from storage.outbox import NewMessage

AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.ALL: N_("Everyone who has used the bot"),
    Audience.DROPOFF: N_("Subscribers: drop-off days"),
    Audience.CHRISTMAS: N_("Subscribers: Christmas help"),
    Audience.NEWS: N_("Subscribers: news"),
    Audience.VOLUNTEERS: N_("Volunteers"),
    Audience.DONORS: N_("Donors"),
    Audience.RECIPIENTS: N_("People who asked for help"),
}
# Why a subscriber gets it, as its footer says.
_TOPIC_REASONS: dict[Audience, str] = {
    Audience.DROPOFF: N_("You get this because you said yes to news about drop-off days."),
    Audience.CHRISTMAS: N_("You get this because you said yes to news about Christmas help."),
    Audience.NEWS: N_("You get this because you said yes to our news."),
}
_TAG = re.compile(r"<[^>]+>")


def number(t: Translator, value: int) -> str:
    """1.200 in Danish, 1,200 in English."""
    return format_decimal(value, locale=t.language)


def audience_label(t: Translator, audience: Audience) -> str:
    return t.gettext(AUDIENCE_LABELS[audience])


def audience_in_sentence(t: Translator, audience: Audience) -> str:
    """The audience's name mid-sentence: 'til alle, der har brugt botten'."""
    label = audience_label(t, audience)
    return label[:1].lower() + label[1:]


def topic_footer(t: Translator, audience: Audience) -> str | None:
    """Why a subscriber gets a message, and how to stop it; None for other audiences."""
    reason = _TOPIC_REASONS.get(audience)
    if reason is None:
        return None
    stop = t.gettext("Send /unsubscribe to stop.")
    return f"<i>{t.gettext(reason)} {stop}</i>"


def announcement_body(t: Translator, org_name: str, text_html: str, audience: Audience) -> str:
    """The message as it arrives: the organisation's name, the admin's text, maybe a footer."""
    parts = [f"📢 <b>{user_text(org_name)}</b>", "", text_html]
    footer = topic_footer(t, audience)
    if footer is not None:
        parts += ["", footer]
    return "\n".join(parts)


def announcement_payload(
    t: Translator, org_name: str, text_html: str, photo: str | None, audience: Audience
) -> tuple[str, dict[str, Any]]:
    """(Bot API method, its arguments): a text message, or a photo with the text as caption."""
    body = announcement_body(t, org_name, text_html, audience)
    if photo:
        return "sendPhoto", {"photo": photo, "caption": body, "parse_mode": "HTML"}
    return "sendMessage", {"text": body, "parse_mode": "HTML"}


def announcement_row(
    chat_id: int, payload: tuple[str, dict[str, Any]], announcement_id: int, batch_id: int
) -> NewMessage:
    method, arguments = payload
    return NewMessage(
        chat_id,
        method,
        arguments,
        dedup_key=f"announcement:{announcement_id}:{chat_id}",
        priority=PRIORITY_BROADCAST,
        batch_id=batch_id,
    )


def progress_text(t: Translator, announcement: Announcement, progress: Progress) -> str:
    """'Sendt 1.200 af 3.000 ▓▓▓▓░░░░░░ 40 %'."""
    _ = t.gettext
    title = _("📢 Announcement #{id} to {audience}").format(
        id=announcement.id, audience=audience_in_sentence(t, announcement.audience)
    )
    line = _("Sent {done} of {total}").format(
        done=number(t, progress.done), total=number(t, progress.total)
    )
    percent = _("{percent} %").format(percent=progress.percent)
    return f"{title}\n{line} {progress.bar()} {percent}"


def progress_row(t: Translator, announcement: Announcement, total: int) -> NewMessage:
    """The admin's progress message, queued with the batch and edited as it goes."""
    return text_message(
        announcement.progress_chat_id,
        progress_text(t, announcement, Progress(0, total)),
        dedup_key=f"announcement:{announcement.id}:progress",
        priority=PRIORITY_ADMIN,
    )


def report_text(t: Translator, announcement: Announcement, counts: dict[str, int]) -> str:
    """The final word: delivered, blocked (also those skipped as known blocked), failed."""
    _ = t.gettext
    blocked = counts.get("blocked", 0) + announcement.skipped_unreachable
    lines = [
        _("📢 Announcement #{id} to {audience} is sent.").format(
            id=announcement.id, audience=audience_in_sentence(t, announcement.audience)
        ),
        _("✅ Delivered: {count}").format(count=number(t, counts.get("sent", 0))),
        _("🚫 Blocked the bot: {count}").format(count=number(t, blocked)),
        _("⚠️ Failed: {count}").format(count=number(t, counts.get("failed", 0))),
    ]
    uncertain = counts.get("uncertain", 0)
    if uncertain:
        lines.append(
            _(
                "❓ Unknown: {count} (the bot stopped while sending these; they are not sent"
                " again, so nobody gets it twice)"
            ).format(count=number(t, uncertain))
        )
    return "\n".join(lines)


def missed_text(t: Translator, announcement: Announcement) -> str:
    return t.gettext(
        "📢 Announcement #{id} was planned for {moment}, but the bot was not running then. "
        "It was not sent. Plan it again with /announce if it still matters."
    ).format(id=announcement.id, moment=t.moment(announcement.scheduled_for))


def snippet(text_html: str, limit: int = 60) -> str:
    """The first words of an announcement as plain, escaped text, for lists."""
    plain = " ".join(html.unescape(_TAG.sub("", text_html)).split())
    short = plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"
    return user_text(short)


def scheduled_list(
    t: Translator, planned: list[Announcement]
) -> tuple[str, InlineKeyboardMarkup | None]:
    _ = t.gettext
    if not planned:
        empty = _("No announcements are planned. Write one with /announce.")
        return empty, None
    entries, buttons = [], []
    for item in planned:
        photo = " 🖼" if item.photo_file_id else ""
        entries.append(
            f"#{item.id} · {t.moment(item.scheduled_for)} · "
            f"{audience_label(t, item.audience)}{photo}\n"
            + _("“{text}”").format(text=snippet(item.text))
        )
        label = _("❌ Cancel #{id}").format(id=item.id)
        buttons.append([InlineKeyboardButton(label, callback_data=f"sched:cancel:{item.id}")])
    text = _("<b>Planned announcements</b>") + "\n\n" + "\n\n".join(entries)
    return text, InlineKeyboardMarkup(buttons)
