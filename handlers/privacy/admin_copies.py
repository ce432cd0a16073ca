"""The board's copies of an erased person's details: edit rows for the outbox.

Telegram keeps what the bot sent, so /deletedata also edits the bot's own messages about the
person in the admin chat (or each admin's chat, or a coordinator's): a request's card becomes
the anonymous card (reference and status, »the details are deleted«), a day's »who came?« list
and a roster are drawn again without the person, and everything else (an offer's card, an
answer relayed to the board, a volunteer's card, a »Write to us« message) becomes »[deleted]«.

No Telegram here: the rows are queued in the erasure's own unit of work (actions.erase_person),
so a crash leaves both the erasure and the edits, or neither, and the sender does each edit once.
"""

from __future__ import annotations

from datetime import datetime

from bot.i18n import Translator
from bot.notify import PRIORITY_ADMIN, Render
from bot.services import Services
from domain.clock import to_db
from domain.days import DropoffDay
from handlers.common import user_text
from handlers.requests.board_texts import card
from handlers.shifts.roster import DELETED, attendance_message, roster_page, roster_text
from storage.outbox import NewMessage
from storage.personal_data import Copy

WITH_CAPTION = frozenset({"sendPhoto", "sendDocument"})


async def readers(services: Services, copies: list[Copy]) -> dict[int, Translator]:
    """Each chat's language: the admin places' as the notices use it, else the reader's own."""
    chats = dict(await services.notifier.admin_targets())
    others = [copy.chat_id for copy in copies if copy.chat_id not in chats]
    languages = await services.users.languages(others)
    chats.update({chat: services.i18n(languages.get(chat)) for chat in others})
    return chats


async def blanking(services: Services, copies: list[Copy], now: datetime) -> list[NewMessage]:
    """The edit rows for the copies (found before the erasure, drawn after it)."""
    chats = await readers(services, copies)
    stamp = to_db(now)
    rows = []
    for copy in copies:
        t = chats[copy.chat_id]
        if copy.language is not None:
            t = services.i18n(copy.language)
        if copy.method == "sendMediaGroup":
            rows += album_captions(copy, t, stamp)
            continue
        drawn = await _drawn(services, t, copy, now)
        if drawn is None:
            continue
        text, markup = drawn
        key = f"erase:{stamp}:{copy.chat_id}:{copy.message_id}"
        payload: dict[str, object] = {"message_id": copy.message_id, "parse_mode": "HTML"}
        if markup is not None:
            payload["reply_markup"] = markup
        if copy.method in WITH_CAPTION:
            method, payload = "editMessageCaption", {**payload, "caption": text}
        else:
            method, payload = "editMessageText", {**payload, "text": text}
        rows.append(NewMessage(copy.chat_id, method, payload, key, PRIORITY_ADMIN))
    return rows


def album_captions(copy: Copy, t: Translator, stamp: str) -> list[NewMessage]:
    """An album's photos carry no name, but their captions are the person's words: each
    captioned item's caption becomes »[deleted]«."""
    rows = []
    for position in copy.captioned:
        message_id = copy.message_id + position
        payload: dict[str, object] = {"message_id": message_id, "caption": t.gettext(DELETED)}
        key = f"erase:{stamp}:{copy.chat_id}:{message_id}"
        rows.append(NewMessage(copy.chat_id, "editMessageCaption", payload, key, PRIORITY_ADMIN))
    return rows


async def _drawn(
    services: Services, t: Translator, copy: Copy, now: datetime
) -> tuple[str, dict[str, object] | None] | None:
    """What the copy shows after the erasure (text, buttons); None to leave it."""
    repos = services.repos
    if copy.kind == "request" and copy.about is not None:
        request = await repos.requests.get_by_reference(copy.about)
        if request is not None:
            return card(t, services.organisation, request), None
    if copy.kind == "roster" and copy.page is not None:
        page = await roster_page(services, t, copy.page)
        if page is not None and str(page[2]) == copy.about:  # still that day: ‹ › stay
            return page[0], page[1].to_dict() if page[1] is not None else None
    if copy.kind in ("attendance", "roster") and copy.about is not None:
        day = await repos.days.get(int(copy.about))
        if day is not None:
            roster = await repos.shifts.roster(day.id)
            text, markup = attendance_message(t, day, roster)
            if copy.kind == "roster":
                text = roster_text(t, day, roster, await repos.shifts.places(day.id))
                if day.starts_at > now:
                    markup = None
            return text, markup.to_dict() if markup is not None else None
    deleted = t.gettext(DELETED)
    if copy.kind == "offer" and copy.about is not None:
        return f"{copy.about}: {deleted}", None
    return deleted, None


def appointment_gone(reference: str, day: DropoffDay | None) -> Render:
    """To the board: which pickup appointment went with an erasure (the reference and the
    day, no name; a time the board typed is left out, as it may hold an address)."""

    def render(t: Translator) -> tuple[str, None]:
        _ = t.gettext
        if day is None:
            text = _("📅 The agreed pickup time for {reference} is cancelled.")
        else:
            text = _("📅 The pickup time for {reference} is cancelled: {when}, {place}.")
        lines = [
            text.format(
                reference=reference,
                when=t.span(day.starts_at, day.ends_at) if day else "",
                place=user_text(day.place) if day else "",
            ),
            _("The family asked us to delete their data. The time is free again."),
        ]
        return "\n".join(lines), None

    return render
