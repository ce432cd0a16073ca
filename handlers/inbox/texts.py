"""Texts of »Write to us«: short and kind for the person, clear for the board."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.i18n import N_, Translator, language_name
from domain.inbox import MessageKind, Thread, ThreadMessage, ThreadRole
from handlers.common import user_text

ROLE_NAMES = {
    ThreadRole.FAMILY: N_("family"),
    ThreadRole.DONOR: N_("donor"),
    ThreadRole.VOLUNTEER: N_("volunteer"),
    ThreadRole.OTHER: N_("not known to us yet"),
}


def offer_to_pass_on(t: Translator) -> str:
    return t.gettext(
        "I did not quite get that. Shall I send your message to us? Then one of us will answer."
    )


def write_prompt(t: Translator) -> str:
    return t.gettext("Write your message to us here. You can also send a photo or a file.")


def sent_text(t: Translator, answer_time: str, closed_note: str | None) -> str:
    lines = [t.gettext("Thank you! Your message is sent to us."), answer_time]
    if closed_note:
        lines.append(closed_note)
    return "\n".join(lines)


def added_text(t: Translator) -> str:
    return t.gettext("Thank you. We have it.")


def answer_for_person(t: Translator, org_name: str, text: str) -> str:
    return t.gettext("💬 Answer from {org}:").format(org=user_text(org_name)) + "\n\n" + text


def waited(since: datetime | None, now: datetime, t: Translator) -> str:
    if since is None:
        return t.gettext("answered")
    minutes = max(0, int((now - since) / timedelta(minutes=1)))
    if minutes < 60:
        return t.gettext("waiting {minutes} min").format(minutes=minutes)
    hours = minutes // 60
    if hours < 48:
        return t.gettext("waiting {hours} h {minutes} min").format(
            hours=hours, minutes=minutes % 60
        )
    return t.gettext("waiting {days} days").format(days=hours // 24)


def who(thread: Thread, language: str, t: Translator) -> str:
    role = t.gettext(ROLE_NAMES[thread.role])
    spoken = language_name(t, language)
    return t.gettext("{name} ({role}, writes in {language})").format(
        name=user_text(thread.name), role=role, language=spoken
    )


def message_body(body: str | None, kind: MessageKind, t: Translator) -> str:
    text = user_text(body) if body else ""
    if kind is MessageKind.PHOTO:
        return t.gettext("📷 A photo") + (f": {text}" if text else "")
    if kind is MessageKind.DOCUMENT:
        return t.gettext("📎 A file") + (f": {text}" if text else "")
    return text


def card_text(
    thread: Thread,
    language: str,
    cases: list[str],
    body: str,
    t: Translator,
) -> str:
    lines = [
        t.gettext("✉️ <b>Message from {who}</b> · {reference}").format(
            who=who(thread, language, t), reference=thread.reference
        )
    ]
    if cases:
        lines.append(t.gettext("Open cases: {cases}").format(cases=", ".join(cases)))
    lines += ["", body]
    return "\n".join(lines)


def history_text(
    thread: Thread, messages: list[ThreadMessage], now: datetime, t: Translator
) -> str:
    lines = [
        t.gettext("✉️ <b>{reference}</b> · {name} · {waited}").format(
            reference=thread.reference,
            name=user_text(thread.name),
            waited=waited(thread.waiting_since, now, t),
        ),
        "",
    ]
    for message in messages:
        arrow = "↩️" if message.from_board else "👤"
        when = t.clock(message.created_at)
        lines.append(f"{arrow} {when} {message_body(message.body, message.kind, t)}")
    return "\n".join(lines)
