"""/efterlys (alias /wanted): the open efterlysninger with how many offers each got and a close
button each; "➕ New" asks what (a category of the profile), the size (where the category has
sizes), a short text (or a photo with it), maybe the request it is for (H-1234, never shown to
donors), shows the post exactly as donors get it, and sends it through the outbox.

The draft lives in user_data["wanted_draft"] (persisted); its id is the post's idempotency key,
so a doubled "send" stores and sends one.
"""

from __future__ import annotations

import logging
import re
from typing import Any
from uuid import uuid4

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.settings import Settings
from domain.offers import Valid, check_size, needs_size
from domain.wanted import MAX_TEXT, check_text
from handlers.announce.texts import number
from handlers.common import admin_places, cancel_conversation, cancel_handler, edit_in_place
from handlers.common.access import admin_only
from handlers.journey import Handler
from handlers.wanted.actions import NewWanted, close_wanted, post_wanted
from handlers.wanted.press import topic_answer
from handlers.wanted.texts import closed_text, donor_payload, open_list

logger = logging.getLogger(__name__)

END = ConversationHandler.END
CATEGORY, SIZE, TEXT, LINK, CONFIRM = "category", "size", "text", "link", "confirm"
DRAFT = "wanted_draft"
_CLOSE = re.compile(r"^wanted:close:(\d{1,9}):(copy|list)$")


def draft_of(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {"id": uuid4().hex})
    return draft


async def reply(
    update: Update, context: BotContext, text: str, buttons: InlineKeyboardMarkup | None = None
) -> None:
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=buttons)


async def admins_only(update: Update, context: BotContext) -> bool:
    return await admin_only(update, context, "efterlys")


async def command(update: Update, context: BotContext) -> str | int:
    """/efterlys lists the open ones; /efterlys with any words starts a new one."""
    if not await admins_only(update, context):
        return END
    if context.args:
        return await start(update, context)
    await show_list(update, context)
    return END


async def show_list(update: Update, context: BotContext) -> None:
    posts = await context.services.repos.wanted.list_open()
    text, buttons = open_list(context.t, posts, context.services.organisation)
    await reply(update, context, text, buttons)


async def start(update: Update, context: BotContext) -> str | int:
    """Starts a new efterlysning: what is needed?"""
    if not await admins_only(update, context):
        return END
    if update.callback_query is not None:
        await update.callback_query.answer()
    assert context.user_data is not None
    context.user_data[DRAFT] = {"id": uuid4().hex}
    t = context.t
    rows = [
        [InlineKeyboardButton(c.label(t.language), callback_data=f"wanted:cat:{c.key}")]
        for c in context.services.organisation.categories
    ]
    rows.append([InlineKeyboardButton(t.gettext("✖️ Cancel"), callback_data="wanted:cancel")])
    text = t.gettext("🙋 New wanted post. What is needed?\n/cancel stops.")
    await reply(update, context, text, InlineKeyboardMarkup(rows))
    return CATEGORY


async def chose_category(update: Update, context: BotContext) -> str | int:
    query = update.callback_query
    if query is None or not await admins_only(update, context):
        return END
    _ = context.t.gettext
    key = (query.data or "").removeprefix("wanted:cat:")
    category = context.services.organisation.category(key)
    if category is None:
        await query.answer(_("That button no longer works. Send /efterlys."), show_alert=True)
        return CATEGORY
    await query.answer()
    draft = draft_of(context)
    draft.update(category=key, size=None)
    if needs_size(category):
        await reply(update, context, _("Which size? Write it, e.g. 122 or 38."))
        return SIZE
    return await ask_text(update, context)


async def got_size(update: Update, context: BotContext) -> str | int:
    message = update.effective_message
    if not await admins_only(update, context) or message is None or message.text is None:
        return END
    category = context.services.organisation.category(draft_of(context).get("category") or "")
    if category is None:
        return await start(update, context)
    checked = check_size(category, message.text[:50])
    if not isinstance(checked, Valid):
        await reply(
            update, context, context.t.gettext("I could not read that size. Write e.g. 122.")
        )
        return SIZE
    draft_of(context)["size"] = checked.value
    return await ask_text(update, context)


async def ask_text(update: Update, context: BotContext) -> str:
    _ = context.t.gettext
    text = _(
        "Write a short text for donors, e.g. “Warm winter jacket for a boy”. You can also send"
        " a photo with the text as its caption. Nothing about the family, please."
    )
    await reply(update, context, text)
    return TEXT


async def got_text(update: Update, context: BotContext) -> str | int:
    message = update.effective_message
    if not await admins_only(update, context) or message is None:
        return END
    if message.photo:
        draft_of(context)["photo"] = message.photo[-1].file_id
        if not message.caption:
            await reply(update, context, context.t.gettext("Good photo. Now write the text."))
            return TEXT
    typed = message.caption if message.photo else message.text
    cleaned = check_text(typed or "")
    if cleaned is None:
        hint = context.t.gettext("Please write a short text, at most {limit} characters.")
        await reply(update, context, hint.format(limit=number(context.t, MAX_TEXT)))
        return TEXT
    draft_of(context)["text"] = cleaned
    _ = context.t.gettext
    buttons = InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("No request"), callback_data="wanted:nolink")]]
    )
    await reply(
        update,
        context,
        _("Is it for a request? Write its number (e.g. H-1234). Donors never see it."),
        buttons,
    )
    return LINK


async def text_expected(update: Update, context: BotContext) -> str:
    await reply(
        update, context, context.t.gettext("Please write a text, or send a photo with a text.")
    )
    return TEXT


async def got_link(update: Update, context: BotContext) -> str | int:
    message = update.effective_message
    if not await admins_only(update, context) or message is None or message.text is None:
        return END
    request = await context.services.repos.requests.get_by_reference(message.text[:30])
    if request is None:
        await reply(
            update,
            context,
            context.t.gettext(
                "I cannot find that request. Write e.g. H-1234, or tap “No request”."
            ),
            InlineKeyboardMarkup(
                [
                    [
                        InlineKeyboardButton(
                            context.t.gettext("No request"), callback_data="wanted:nolink"
                        )
                    ]
                ]
            ),
        )
        return LINK
    draft_of(context)["request_id"] = request.id
    return await show_preview(update, context)


async def no_link(update: Update, context: BotContext) -> str | int:
    if update.callback_query is not None:
        await update.callback_query.answer()
    draft_of(context)["request_id"] = None
    return await show_preview(update, context)


async def show_preview(update: Update, context: BotContext) -> str | int:
    """The post exactly as a donor in the admin's language gets it, then: send?"""
    t, chat, draft = context.t, update.effective_chat, draft_of(context)
    if chat is None or not draft.get("category") or not draft.get("text"):
        return await start(update, context)
    organisation = context.services.organisation
    method, payload = donor_payload(
        t,
        organisation,
        draft["category"],
        draft.get("size"),
        draft["text"],
        draft.get("photo"),
        None,
    )
    if method == "sendPhoto":
        await context.bot.send_photo(chat.id, payload["photo"], caption=payload["caption"])
    else:
        await context.bot.send_message(chat.id, payload["text"])
    count = len((await context.services.repos.wanted.subscribers(t.language))[0])
    text = t.ngettext(
        "☝️ This is how it will look. It goes to {count} person who said yes to wanted posts.",
        "☝️ This is how it will look. It goes to {count} people who said yes to wanted posts.",
        count,
    ).format(count=number(t, count))
    _ = t.gettext
    buttons = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(_("✅ Send now"), callback_data="wanted:send")],
            [InlineKeyboardButton(_("✖️ Cancel"), callback_data="wanted:cancel")],
        ]
    )
    await reply(update, context, text, buttons)
    return CONFIRM


async def send(update: Update, context: BotContext) -> str | int:
    """Stores and queues it (once per draft); the admin's copy with "close" comes below."""
    query, user, chat = update.callback_query, update.effective_user, update.effective_chat
    if query is None or user is None or chat is None or not await admins_only(update, context):
        return END
    await query.answer()
    draft = draft_of(context)
    if not draft.get("category") or not draft.get("text"):
        return await start(update, context)
    new = NewWanted(
        category_key=draft["category"],
        size=draft.get("size"),
        text=draft["text"],
        photo_file_id=draft.get("photo"),
        request_id=draft.get("request_id"),
        admin=user.id,
        admin_chat_id=chat.id,
        admin_language=context.t.language,
        idempotency_key=draft["id"],
    )
    post, _created = await post_wanted(context.services, new)
    await edit_in_place(
        query, context.t.gettext("✅ Sending {reference} now.").format(reference=post.reference)
    )
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    return END


async def buttons_expected(update: Update, context: BotContext) -> None:
    await reply(
        update, context, context.t.gettext("Please choose with the buttons above, or send /cancel.")
    )


async def close(update: Update, context: BotContext) -> None:
    """The admin's "close: found", on the copy or in the list."""
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or not await admins_only(update, context):
        return
    t = context.t
    match = _CLOSE.match(query.data or "")
    post = await context.services.repos.wanted.get(int(match.group(1))) if match else None
    if post is None:
        await query.answer(
            t.gettext("That button no longer works. Send /efterlys."), show_alert=True
        )
        return
    if not await close_wanted(context.services, post, user.id):
        await query.answer(
            t.gettext("{reference} is already closed.").format(reference=post.reference)
        )
    else:
        await query.answer()
    organisation = context.services.organisation
    text, buttons = closed_text(t, post, organisation), None
    if match is not None and match.group(2) == "list":
        listed, buttons = open_list(
            t, await context.services.repos.wanted.list_open(), organisation
        )
        text = f"{text}\n\n{listed}"
    await edit_in_place(query, text, buttons)


def build(settings: Settings) -> list[Handler]:
    places = admin_places(settings)
    typed = places & filters.TEXT & ~filters.COMMAND
    other = places & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    return [
        ConversationHandler(
            name="wanted",
            persistent=True,
            allow_reentry=True,
            entry_points=[
                CommandHandler(["efterlys", "wanted"], command, filters=places),
                CallbackQueryHandler(start, pattern=r"^wanted:new$"),
            ],
            states={
                CATEGORY: [
                    CallbackQueryHandler(chose_category, pattern=r"^wanted:cat:"),
                    MessageHandler(other, buttons_expected),
                ],
                SIZE: [MessageHandler(typed, got_size), MessageHandler(other, buttons_expected)],
                TEXT: [
                    MessageHandler(typed, got_text),
                    MessageHandler(places & filters.PHOTO, got_text),
                    MessageHandler(other, text_expected),
                ],
                LINK: [
                    MessageHandler(typed, got_link),
                    CallbackQueryHandler(no_link, pattern=r"^wanted:nolink$"),
                    MessageHandler(other, buttons_expected),
                ],
                CONFIRM: [
                    CallbackQueryHandler(send, pattern=r"^wanted:send$"),
                    MessageHandler(other, buttons_expected),
                ],
            },
            fallbacks=[
                cancel_handler(places),
                CallbackQueryHandler(cancel_conversation, pattern=r"^wanted:cancel$"),
            ],
        ),
        CallbackQueryHandler(close, pattern=r"^wanted:close:"),
        CallbackQueryHandler(topic_answer, pattern=r"^wanted:sub:(yes|no)$"),
    ]
