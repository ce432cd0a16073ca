"""What »Write to us« changes: each in one unit of work with its outbox notices.

A person's message is stored in their thread and relayed to the board through the outbox in
the same transaction, so a crash either keeps both or neither; the Telegram message it came
from is its key (source_key), so a redelivered update relays nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.crash_points import crash_point
from bot.i18n import Translator
from bot.notify import PRIORITY_ADMIN, PRIORITY_PERSONAL, text_message
from bot.services import Services
from domain.inbox import Incoming, MessageKind, Thread, ThreadMessage, ThreadRole, role_of_person
from domain.offers import OfferStatus
from handlers.inbox.keyboards import answer_again, card_buttons
from handlers.inbox.texts import answer_for_person, card_text, message_body
from storage.outbox import NewMessage

OPEN_OFFERS = (OfferStatus.PENDING, OfferStatus.ACCEPTED)


def passed_on(
    chat_id: int,
    message: ThreadMessage,
    text: str,
    buttons: InlineKeyboardMarkup,
    priority: int,
) -> NewMessage:
    """One outbox row that passes a message on: a text, or the photo or file by its file id
    with the text as its caption."""
    key = f"inbox:{message.id}:{chat_id}"
    if message.kind is MessageKind.TEXT:
        return text_message(chat_id, text, buttons, dedup_key=key, priority=priority)
    method, field = (
        ("sendPhoto", "photo")
        if message.kind is MessageKind.PHOTO
        else ("sendDocument", "document")
    )
    payload: dict[str, object] = {
        field: message.file_id,
        "caption": text[:1024],
        "parse_mode": "HTML",
        "reply_markup": buttons.to_dict(),
    }
    return NewMessage(chat_id, method, payload, key, priority)


@dataclass(frozen=True)
class Relayed:
    thread: Thread
    message: ThreadMessage
    first: bool  # the thread's first message: the person is told when to expect an answer


@dataclass(frozen=True)
class Person:
    """What the board's card says of the person: their role, language and open cases."""

    role: ThreadRole
    language: str
    cases: list[str]


async def person(services: Services, user_id: int) -> Person:
    repos = services.repos
    requests = [r for r in await repos.requests.list_for_user(user_id) if r.is_open]
    offers = await repos.offers.list_for_donor(user_id)
    volunteer = await repos.volunteers.get_by_user(user_id)
    language = (await repos.users.languages([user_id])).get(user_id, "da")
    role = role_of_person(
        has_request=bool(requests), is_volunteer=volunteer is not None, has_offer=bool(offers)
    )
    cases = [r.reference for r in requests]
    cases += [o.reference for o in offers if o.status in OPEN_OFFERS]
    return Person(role, language, cases)


async def board_readers(services: Services, role: ThreadRole) -> list[tuple[int, Translator]]:
    """Where a thread's messages go: the admins' group (or each admin), and for volunteers'
    threads the coordinators too."""
    chats = await services.notifier.admin_targets()
    if role is ThreadRole.VOLUNTEER:
        grants = await services.repos.roles.all()
        coordinators = [g.user_id for g in grants if g.role == "coordinator"]
        languages = await services.users.languages(coordinators)
        chats += [(uid, services.i18n(languages.get(uid))) for uid in coordinators]
    return chats


async def relay_to_board(
    services: Services, user_id: int, name: str, incoming: Incoming
) -> Relayed | None:
    """Stores the person's message and queues it for the board. The same Telegram message again
    (a press handled again after a crash) stores and queues nothing, and is answered as the
    first time was."""
    now = services.clock.now()
    who = await person(services, user_id)
    async with services.unit_of_work() as uow:
        threads = uow.threads
        existing = await threads.open_of(user_id)
        thread = existing or await threads.open_for(user_id, name, who.role, now)
        message = await threads.add_message(thread, incoming, user_id, False, now)
        if message is None:
            found = await threads.by_source(incoming.source_key)
            if found is None:
                return None
            return Relayed(thread, found[0], first=found[1])
        crash_point("inbox.stored")
        rows = []
        for chat_id, t in await board_readers(services, thread.role):
            body = message_body(message.body, message.kind, t)
            text = card_text(thread, who.language, who.cases, body, t)
            rows.append(
                passed_on(chat_id, message, text, card_buttons(thread.id, t), PRIORITY_ADMIN)
            )
        await services.notifier.queue(rows)
    return Relayed(thread, message, first=existing is None)


async def answer_person(
    services: Services, thread: Thread, admin_id: int, incoming: Incoming
) -> ThreadMessage | None:
    """Stores the board's answer, logs it and queues it for the person; None if sent before."""
    now = services.clock.now()
    language = (await services.users.languages([thread.user_id])).get(thread.user_id)
    t = services.i18n(language)
    async with services.unit_of_work() as uow:
        message = await uow.threads.add_message(thread, incoming, admin_id, True, now)
        if message is None:
            return None
        crash_point("inbox.answered")
        await uow.audit.record(admin_id, "inbox.answer", now, thread.reference)
        body = message_body(message.body, message.kind, t)
        text = answer_for_person(t, services.organisation.name, body)
        row = passed_on(thread.user_id, message, text, answer_again(t), PRIORITY_PERSONAL)
        await services.notifier.queue([row])
    return message


async def close_thread(services: Services, thread: Thread, admin_id: int) -> bool:
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        if not await uow.threads.close(thread.id, admin_id, now):
            return False
        await uow.audit.record(admin_id, "inbox.close", now, thread.reference)
    return True
