"""What efterlysninger look like: to the donors who get one, and to the admin who sends it."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.notify import PRIORITY_ADMIN, PRIORITY_BROADCAST, text_message
from domain.organisation import Organisation
from handlers.announce.texts import number
from handlers.common import user_text
from handlers.offers.texts import need_label
from storage.outbox import NewMessage
from storage.wanted import WantedPost


def post_label(post: WantedPost, organisation: Organisation, t: Translator) -> str:
    return need_label(organisation, post.category_key, post.size, t)


def have_button(t: Translator, post_id: int) -> InlineKeyboardMarkup:
    label = t.gettext("🙋 I have it")
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"wanted:have:{post_id}")]]
    )


def donor_body(
    t: Translator, organisation: Organisation, category_key: str, size: str | None, text: str
) -> str:
    """The efterlysning as a donor reads it; nothing about the family."""
    _ = t.gettext
    need = need_label(organisation, category_key, size, t)
    return "\n".join(
        [
            _("🙋 <b>{org} is looking for:</b>").format(org=user_text(organisation.name)),
            "",
            f"<b>{user_text(need)}</b>",
            user_text(text),
            "",
            _("Do you have it? Tap the button below."),
            "",
            "<i>"
            + _("You get this because you said yes to wanted posts. Send /unsubscribe to stop.")
            + "</i>",
        ]
    )


def donor_payload(
    t: Translator,
    organisation: Organisation,
    category_key: str,
    size: str | None,
    text: str,
    photo: str | None,
    post_id: int | None,
) -> tuple[str, dict[str, Any]]:
    """(Bot API method, arguments); the button only once the post exists (not in the preview)."""
    body = donor_body(t, organisation, category_key, size, text)
    arguments: dict[str, Any] = {"parse_mode": "HTML"}
    if post_id is not None:
        arguments["reply_markup"] = have_button(t, post_id).to_dict()
    if photo:
        return "sendPhoto", {**arguments, "photo": photo, "caption": body}
    return "sendMessage", {**arguments, "text": body}


def delivery_row(chat_id: int, payload: tuple[str, dict[str, Any]], post: WantedPost) -> NewMessage:
    method, arguments = payload
    assert post.batch_id is not None
    return NewMessage(
        chat_id,
        method,
        arguments,
        dedup_key=f"wanted:{post.id}:{chat_id}",
        priority=PRIORITY_BROADCAST,
        batch_id=post.batch_id,
    )


def close_button(t: Translator, post: WantedPost, where: str = "copy") -> InlineKeyboardButton:
    """where: "copy" (the admin's copy becomes the closed note) or "list" (the list is shown
    again without it)."""
    label = t.gettext("✔️ Close {reference}: found").format(reference=post.reference)
    return InlineKeyboardButton(label, callback_data=f"wanted:close:{post.id}:{where}")


def admin_copy(
    t: Translator, post: WantedPost, organisation: Organisation, recipients: int
) -> NewMessage:
    """The admin's copy: on its way to how many, with the button that closes it."""
    text = t.ngettext(
        "🙋 Wanted post {reference} ({need}) is on its way to {count} person."
        " Close it here when it is found.",
        "🙋 Wanted post {reference} ({need}) is on its way to {count} people."
        " Close it here when it is found.",
        recipients,
    ).format(
        reference=post.reference,
        need=user_text(post_label(post, organisation, t)),
        count=number(t, recipients),
    )
    return text_message(
        post.admin_chat_id,
        text,
        InlineKeyboardMarkup([[close_button(t, post)]]),
        dedup_key=f"wanted:{post.id}:admin",
        priority=PRIORITY_ADMIN,
    )


def closed_text(t: Translator, post: WantedPost, organisation: Organisation) -> str:
    return t.gettext("✔️ Wanted post {reference} ({need}) is closed. Thank you!").format(
        reference=post.reference, need=user_text(post_label(post, organisation, t))
    )


def found_text(t: Translator) -> str:
    """To a donor who presses "I have it" after the post was closed (kindly)."""
    return t.gettext(
        "Thank you for wanting to help! 💚 We have already found it. Keep an eye out for the next"
        " one, or give something else with /donate."
    )


def open_list(
    t: Translator, posts: list[tuple[WantedPost, int]], organisation: Organisation
) -> tuple[str, InlineKeyboardMarkup]:
    """/efterlys: the open posts with how many offers each got, a close button each, and new."""
    _ = t.gettext
    rows = [[close_button(t, post, "list")] for post, _count in posts]
    rows.append([InlineKeyboardButton(_("➕ New wanted post"), callback_data="wanted:new")])
    if not posts:
        return _("No wanted posts are open."), InlineKeyboardMarkup(rows)
    entries = []
    for post, count in posts:
        offers = t.ngettext("{count} offer", "{count} offers", count).format(count=number(t, count))
        entries.append(
            f"<b>{post.reference}</b> · {user_text(post_label(post, organisation, t))} · {offers}"
            f"\n{user_text(post.text)}"
        )
    text = _("<b>Open wanted posts</b>") + "\n\n" + "\n\n".join(entries)
    return text, InlineKeyboardMarkup(rows)
