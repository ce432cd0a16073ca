"""/announce: an admin writes a text (and maybe a photo), chooses who gets it, sees it exactly as
it will arrive, and sends it now or at a chosen time. States are drawn in announce.mmd.

The draft lives in user_data["announce_draft"] (persisted), so a restart goes on from the same
step; its id is the announcement's idempotency key, so a doubled "send" stores one.
"""

from __future__ import annotations

import logging
from datetime import datetime
from uuid import uuid4

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.settings import Settings
from domain.announcements import MAX_CAPTION, MAX_TEXT, Audience, TextProblem, check_text
from handlers.announce.actions import NewAnnouncement, plan_announcement
from handlers.announce.steps import (
    AUDIENCE,
    CONFIRM,
    DRAFT,
    TEXT,
    WHEN,
    ask_audience,
    ask_time,
    back_to_audience,
    draft_audience,
    draft_of,
    got_time,
    reply,
    show_preview,
)
from handlers.announce.texts import audience_in_sentence, number
from handlers.common import admin_places, cancel_conversation, cancel_handler
from handlers.common.access import admin_only
from handlers.journey import Handler
from storage.broadcasts import Announcement

logger = logging.getLogger(__name__)

END = ConversationHandler.END


async def admins_only(update: Update, context: BotContext) -> bool:
    """True for an admin; anyone else (a forged press too) is refused and logged."""
    return await admin_only(update, context, "announce")


async def start(update: Update, context: BotContext) -> str | int:
    """Starts a new announcement and asks for its text."""
    if not await admins_only(update, context):
        return END
    assert context.user_data is not None
    context.user_data[DRAFT] = {"id": uuid4().hex}
    _ = context.t.gettext
    await reply(
        update,
        context,
        _(
            "📢 New announcement.\nWrite the text people should get. You can also send a photo"
            " with the text as its caption.\n/cancel stops."
        ),
    )
    return TEXT


async def got_text(update: Update, context: BotContext) -> str | int:
    """Stores the text (with its formatting) and asks who should get it."""
    message = update.effective_message
    if not await admins_only(update, context) or message is None or message.text is None:
        return END
    draft = draft_of(context)
    if not await _text_fits(update, context, message.text, bool(draft.get("photo"))):
        return TEXT
    draft["text"] = message.text_html
    return await ask_audience(update, context)


async def got_photo(update: Update, context: BotContext) -> str | int:
    """Keeps the photo; takes its caption as the text, or asks for one."""
    message = update.effective_message
    if not await admins_only(update, context) or message is None or not message.photo:
        return END
    draft = draft_of(context)
    draft["photo"] = message.photo[-1].file_id
    if message.caption:
        if not await _text_fits(update, context, message.caption, True):
            return TEXT
        draft["text"] = message.caption_html
        return await ask_audience(update, context)
    _ = context.t.gettext
    await reply(update, context, _("Good photo. Now write the text that goes with it."))
    return TEXT


async def _text_fits(update: Update, context: BotContext, text: str, with_photo: bool) -> bool:
    _ = context.t.gettext
    problem = check_text(text, with_photo)
    if problem is TextProblem.TOO_SHORT:
        await reply(update, context, _("The text is empty. Write what people should read."))
    elif problem is TextProblem.TOO_LONG:
        limit = MAX_CAPTION if with_photo else MAX_TEXT
        hint = (
            _("With a photo the text can be at most {limit} characters. Please shorten it.")
            if with_photo
            else _("The text can be at most {limit} characters. Please shorten it.")
        )
        await reply(update, context, hint.format(limit=number(context.t, limit)))
    return problem is None


async def text_expected(update: Update, context: BotContext) -> str:
    """Asks again for a text or a photo when something else arrives."""
    _ = context.t.gettext
    await reply(
        update, context, _("Please write the announcement as text, or send a photo with a text.")
    )
    return TEXT


async def buttons_expected(update: Update, context: BotContext) -> None:
    """Points to the buttons when text or media arrives where a choice is wanted."""
    _ = context.t.gettext
    await reply(update, context, _("Please choose with the buttons above, or send /cancel."))


async def chose_audience(update: Update, context: BotContext) -> str | int:
    """Stores who gets it and shows the announcement exactly as it will arrive."""
    query = update.callback_query
    if query is None or not await admins_only(update, context):
        return END
    _ = context.t.gettext
    value = (query.data or "").removeprefix("ann:aud:")
    audience = next((a for a in Audience if a.value == value), None)
    if audience is None or not draft_of(context).get("text"):
        logger.warning("Unknown audience button %r", query.data)
        await query.answer(_("That button no longer works. Send /announce."), show_alert=True)
        return AUDIENCE
    if (await context.services.repos.announcements.audience_sizes())[audience] == 0:
        await query.answer(_("Nobody is in that group yet. Choose another."), show_alert=True)
        return AUDIENCE
    await query.answer()
    draft_of(context)["audience"] = audience.value
    return await show_preview(update, context)


async def back_to_text(update: Update, context: BotContext) -> str:
    """Goes back to writing the text (the photo is dropped too)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    draft = draft_of(context)
    draft.pop("text", None)
    draft.pop("photo", None)
    _ = context.t.gettext
    await reply(update, context, _("Write the text again, or send a photo with a text."))
    return TEXT


async def send_now(update: Update, context: BotContext) -> str | int:
    """Stores the announcement and queues it at once; the progress shows in a new message."""
    query = update.callback_query
    if query is None or not await admins_only(update, context):
        return END
    await query.answer()
    announcement = await store(update, context, context.services.clock.now(), send_now=True)
    if announcement is None:
        return await ask_audience(update, context)
    _ = context.t.gettext
    await query.edit_message_text(
        _("✅ Sending now to {audience}. I show how it goes in a message below.").format(
            audience=audience_in_sentence(context.t, announcement.audience)
        )
    )
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    return END


async def store(
    update: Update, context: BotContext, when: datetime, *, send_now: bool = False
) -> Announcement | None:
    """Saves the draft as a planned announcement, once per draft (actions.plan_announcement:
    stored, logged and, for "send now", queued in one commit); None without a full draft."""
    draft, audience = draft_of(context), draft_audience(context)
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or audience is None or not draft.get("text"):
        return None
    new = NewAnnouncement(
        text=draft["text"],
        photo_file_id=draft.get("photo"),
        audience=audience,
        admin=user.id,
        progress_chat_id=chat.id,
        progress_language=context.t.language,
        idempotency_key=draft["id"],
    )
    announcement, _created = await plan_announcement(context.services, new, when, send_now=send_now)
    return announcement


async def finish_later(update: Update, context: BotContext) -> str | int:
    """Stores the announcement for the typed time."""
    if not await admins_only(update, context):
        return END
    when = await got_time(update, context)
    if when is None:
        return WHEN
    announcement = await store(update, context, when)
    if announcement is None:
        return await ask_audience(update, context)
    _ = context.t.gettext
    await reply(
        update,
        context,
        _("🕒 Planned for {moment}, to {audience}. See or cancel it with /scheduled.").format(
            moment=context.t.moment(announcement.scheduled_for),
            audience=audience_in_sentence(context.t, announcement.audience),
        ),
    )
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)
    return END


async def confirm_again(update: Update, context: BotContext) -> str:
    """From the time question back to the preview's choices."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    return await show_preview(update, context, preview=False)


def build(settings: Settings) -> list[Handler]:
    """The /announce conversation, for this bot's admin places."""
    places = admin_places(settings)
    typed = places & filters.TEXT & ~filters.COMMAND
    other = places & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    return [
        ConversationHandler(
            name="announce",
            persistent=True,
            allow_reentry=True,
            entry_points=[CommandHandler(["announce", "opslag"], start, filters=places)],
            states={
                TEXT: [
                    MessageHandler(typed, got_text),
                    MessageHandler(places & filters.PHOTO, got_photo),
                    MessageHandler(other, text_expected),
                ],
                AUDIENCE: [
                    CallbackQueryHandler(chose_audience, pattern=r"^ann:aud:"),
                    CallbackQueryHandler(back_to_text, pattern=r"^ann:back$"),
                    MessageHandler(other, buttons_expected),
                ],
                CONFIRM: [
                    CallbackQueryHandler(send_now, pattern=r"^ann:now$"),
                    CallbackQueryHandler(ask_time, pattern=r"^ann:later$"),
                    CallbackQueryHandler(back_to_audience, pattern=r"^ann:back$"),
                    MessageHandler(other, buttons_expected),
                ],
                WHEN: [
                    MessageHandler(typed, finish_later),
                    CallbackQueryHandler(confirm_again, pattern=r"^ann:back$"),
                    MessageHandler(other, ask_time),
                ],
            },
            fallbacks=[
                cancel_handler(places),
                CallbackQueryHandler(cancel_conversation, pattern=r"^ann:cancel$"),
            ],
        )
    ]
