"""»Write to us«: the person's side (offer to pass a message on, write, answer again) and the
board's side (Reply and Close under each message, /inbox)."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.keyboards import main_menu
from bot.roles import Role, role_of
from domain.inbox import Incoming, MessageKind, Thread, ThreadRole, ThreadStatus, may_read
from handlers.common import PRIVATE, admin_places, cancel_handler, user_text
from handlers.common.access import ADMINS_ONLY
from handlers.common.copies import remember_copy
from handlers.inbox import actions
from handlers.inbox.keyboards import card_buttons, pass_on_choice, thread_list
from handlers.inbox.texts import (
    added_text,
    history_text,
    offer_to_pass_on,
    sent_text,
    waited,
    write_prompt,
)

logger = logging.getLogger(__name__)

PENDING = "inbox_pending"  # a message the person may pass on, kept until they choose
WRITING = "inbox_writing"  # the person pressed »Write to us«: the next message goes to us
REPLY_TO = "inbox_reply_to"  # the thread an admin is answering
TYPING = "INBOX_TYPING"
MEDIA = filters.PHOTO | filters.Document.ALL


def incoming_of(message: Message) -> Incoming | None:
    source = f"{message.chat_id}:{message.message_id}"
    if message.photo:
        return Incoming(MessageKind.PHOTO, message.caption, source, message.photo[-1].file_id)
    if message.document:
        document = message.document
        return Incoming(
            MessageKind.DOCUMENT, message.caption, source, document.file_id, document.file_name
        )
    if message.text:
        return Incoming(MessageKind.TEXT, message.text[:3500], source)
    return None


async def _relay(update: Update, context: BotContext, incoming: Incoming) -> None:
    user = update.effective_user
    assert user is not None
    relayed = await actions.relay_to_board(context.services, user.id, user.first_name, incoming)
    if context.user_data is not None:
        context.user_data.pop(WRITING, None)
        context.user_data.pop(PENDING, None)
    t = context.t
    if relayed is not None and relayed.first:
        org = context.services.organisation
        hours = org.answer_hours
        local = context.services.clock.now().astimezone(context.services.settings.zone)
        closed = (
            hours.closed_note.in_(t.language) if hours and not hours.hours().covers(local) else None
        )
        text = sent_text(t, org.answer_time.in_(t.language), closed)
    else:
        text = added_text(t)
    await context.bot.send_message(user.id, text)


async def take_written(update: Update, context: BotContext) -> bool:
    """After »Write to us« was pressed, the next message goes to the board, before any other
    journey's typed answers (a waiting question of ours, say) can take it."""
    if not (context.user_data and context.user_data.get(WRITING)):
        return False
    return await take_typed(update, context)


async def take_typed(update: Update, context: BotContext) -> bool:
    """Free text no journey took: to the open thread, or an offer to pass it on."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or update.effective_chat is None:
        return False
    if update.effective_chat.type != "private":
        return False
    incoming = incoming_of(message)
    if incoming is None:
        return False
    writing = bool(context.user_data and context.user_data.get(WRITING))
    if writing or await context.services.repos.threads.open_of(user.id) is not None:
        await _relay(update, context, incoming)
        return True
    if context.user_data is not None:
        context.user_data[PENDING] = {
            "kind": incoming.kind.value,
            "body": incoming.body,
            "source_key": incoming.source_key,
            "file_id": incoming.file_id,
            "file_name": incoming.file_name,
        }
    await context.bot.send_message(
        user.id, offer_to_pass_on(context.t), reply_markup=pass_on_choice(context.t)
    )
    return True


async def media_outside_journeys(update: Update, context: BotContext) -> None:
    """A photo or file outside any journey: the same as free text."""
    await take_typed(update, context)


async def send_pending(update: Update, context: BotContext) -> None:
    """Passes the kept message on to the board."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    pending = context.user_data.pop(PENDING, None) if context.user_data is not None else None
    if not pending:
        await query.edit_message_text(write_prompt(context.t))
        if context.user_data is not None:
            context.user_data[WRITING] = True
        return
    incoming = Incoming(
        MessageKind(pending["kind"]),
        pending.get("body"),
        pending["source_key"],
        pending.get("file_id"),
        pending.get("file_name"),
    )
    # The message first, the buttons' removal after: a press handled again after a crash
    # finds the buttons gone already, and that must not stop the message.
    await _relay(update, context, incoming)
    with contextlib.suppress(BadRequest):
        await query.edit_message_reply_markup(None)


async def drop_pending(update: Update, context: BotContext) -> None:
    """Keeps the message to themselves and shows the menu."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    if context.user_data is not None:
        context.user_data.pop(PENDING, None)
    await query.edit_message_text(
        context.t.gettext("Okay. What would you like to do?"), reply_markup=main_menu(context.t)
    )


async def start_writing(update: Update, context: BotContext) -> None:
    """»Write to us« (or »Answer«): the next message goes to the board."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    await query.answer()
    if context.user_data is not None:
        context.user_data[WRITING] = True
    await context.bot.send_message(update.effective_chat.id, write_prompt(context.t))


async def _thread_for_board(update: Update, context: BotContext, thread_id: int) -> Thread | None:
    """The thread, if this board member may read it; a kind refusal otherwise."""
    user = update.effective_user
    role = await role_of(context.services, user.id if user else None)
    thread = await context.services.repos.threads.get(thread_id)
    allowed = thread is not None and may_read(
        thread.role, admin=role >= Role.ADMIN, coordinator=role >= Role.COORDINATOR
    )
    if allowed:
        return thread
    logger.warning("Refused thread %s to user %s", thread_id, user.id if user else None)
    text = context.t.gettext(ADMINS_ONLY)
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text)
    return None


def _thread_id(update: Update) -> int:
    assert update.callback_query is not None and update.callback_query.data is not None
    return int(update.callback_query.data.rsplit(":", 1)[1])


async def ask_reply(update: Update, context: BotContext) -> str | int:
    """Asks the board member for their answer to the thread."""
    thread = await _thread_for_board(update, context, _thread_id(update))
    if thread is None or update.effective_chat is None:
        return ConversationHandler.END
    assert update.callback_query is not None
    await update.callback_query.answer()
    if context.user_data is not None:
        context.user_data[REPLY_TO] = thread.id
    text = context.t.gettext("Write your answer to {name} ({reference}). /cancel stops.").format(
        name=user_text(thread.name), reference=thread.reference
    )
    shown = await context.bot.send_message(update.effective_chat.id, text)
    await remember_copy(context, shown, [thread.user_id])
    return TYPING


async def got_reply(update: Update, context: BotContext) -> int:
    """Sends the answer to the person and says so."""
    message = update.effective_message
    user = update.effective_user
    thread_id = context.user_data.pop(REPLY_TO, None) if context.user_data is not None else None
    if message is None or user is None or thread_id is None:
        return ConversationHandler.END
    thread = await _thread_for_board(update, context, thread_id)
    incoming = incoming_of(message)
    if thread is None or incoming is None:
        return ConversationHandler.END
    if thread.status is not ThreadStatus.OPEN:
        await message.reply_text(context.t.gettext("That conversation was closed meanwhile."))
        return ConversationHandler.END
    await actions.answer_person(context.services, thread, user.id, incoming)
    shown = await message.reply_text(
        context.t.gettext("✅ Sent to {name}.").format(name=user_text(thread.name))
    )
    await remember_copy(context, shown, [thread.user_id])
    return ConversationHandler.END


async def close(update: Update, context: BotContext) -> None:
    """Closes the thread and says so on the card."""
    query = update.callback_query
    user = update.effective_user
    thread = await _thread_for_board(update, context, _thread_id(update))
    if thread is None or query is None or user is None:
        return
    closed = await actions.close_thread(context.services, thread, user.id)
    await query.answer()
    note = context.t.gettext("✔️ Closed by {name}.").format(name=user_text(user.first_name))
    if not closed:
        note = context.t.gettext("That conversation was closed already.")
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as error:
        logger.debug("Card not edited: %s", error)
    if query.message is not None:
        await context.bot.send_message(query.message.chat.id, f"{thread.reference}: {note}")


async def show_thread(update: Update, context: BotContext) -> None:
    """The thread's last messages, with Reply and Close."""
    thread = await _thread_for_board(update, context, _thread_id(update))
    if thread is None or update.effective_chat is None:
        return
    assert update.callback_query is not None
    await update.callback_query.answer()
    messages = await context.services.repos.threads.messages(thread.id)
    text = history_text(thread, messages, context.services.clock.now(), context.t)
    shown = await context.bot.send_message(
        update.effective_chat.id, text, reply_markup=card_buttons(thread.id, context.t)
    )
    await remember_copy(context, shown, [thread.user_id])


async def inbox(update: Update, context: BotContext) -> None:
    """Lists the open threads this board member may read, those waiting longest first."""
    user = update.effective_user
    role = await role_of(context.services, user.id if user else None)
    if role < Role.COORDINATOR or update.effective_chat is None:
        if update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, context.t.gettext(ADMINS_ONLY))
        return
    threads = await context.services.repos.threads.open_threads(
        frozenset(r for r in ThreadRole if may_read(r, admin=role >= Role.ADMIN, coordinator=True))
    )
    t = context.t
    if not threads:
        await context.bot.send_message(
            update.effective_chat.id, t.gettext("No open conversations. 🎉")
        )
        return
    now = context.services.clock.now()
    labels = [
        (
            thread.id,
            f"{thread.reference} · {thread.name[:20]} · {waited(thread.waiting_since, now, t)}",
        )
        for thread in threads[:20]
    ]
    text = t.ngettext(
        "📬 {n} open conversation:", "📬 {n} open conversations:", len(threads)
    ).format(n=len(threads))
    shown = await context.bot.send_message(
        update.effective_chat.id, text, reply_markup=thread_list(labels)
    )
    await remember_copy(context, shown, [thread.user_id for thread in threads[:20]])


def build(settings: Any) -> list[Any]:
    places = admin_places(settings)
    replying: ConversationHandler[BotContext] = ConversationHandler(
        entry_points=[CallbackQueryHandler(ask_reply, pattern=r"^inbox:reply:\d{1,9}$")],
        states={
            TYPING: [MessageHandler(places & (filters.TEXT & ~filters.COMMAND | MEDIA), got_reply)]
        },
        fallbacks=[cancel_handler(places)],
        name="inbox_reply",
        persistent=True,
    )
    return [
        replying,
        CommandHandler(["inbox", "indbakke"], inbox, filters=places),
        CallbackQueryHandler(close, pattern=r"^inbox:close:\d{1,9}$"),
        CallbackQueryHandler(show_thread, pattern=r"^inbox:show:\d{1,9}$"),
        CallbackQueryHandler(send_pending, pattern=r"^inbox:send$"),
        CallbackQueryHandler(drop_pending, pattern=r"^inbox:drop$"),
        CallbackQueryHandler(start_writing, pattern=r"^(inbox:write|menu:write)$"),
        MessageHandler(PRIVATE & MEDIA, media_outside_journeys),
    ]
