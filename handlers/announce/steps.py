"""The /announce steps that show something: who gets it, the preview, the time question."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.i18n import Translator
from domain.announcements import MAX_DAYS_AHEAD, Audience, TimeError, parse_send_time
from handlers.announce.texts import (
    announcement_payload,
    audience_in_sentence,
    audience_label,
    number,
)

TEXT, AUDIENCE, CONFIRM, WHEN = "text", "audience", "confirm", "when"
DRAFT = "announce_draft"


def draft_of(context: BotContext) -> dict[str, Any]:
    """The announcement being written, as plain JSON in the (persisted) user data."""
    assert context.user_data is not None
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {"id": uuid4().hex})
    return draft


def draft_audience(context: BotContext) -> Audience | None:
    value = draft_of(context).get("audience")
    return next((audience for audience in Audience if audience.value == value), None)


async def reply(
    update: Update, context: BotContext, text: str, buttons: InlineKeyboardMarkup | None = None
) -> None:
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=buttons)


def back_button(t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(t.gettext("⬅️ Back"), callback_data="ann:back")


async def ask_audience(update: Update, context: BotContext) -> str:
    """Shows the audiences, each with how many people it reaches today."""
    t = context.t
    sizes = await context.services.repos.announcements.audience_sizes()
    rows = [
        [
            InlineKeyboardButton(
                f"{audience_label(t, audience)} ({number(t, sizes[audience])})",
                callback_data=f"ann:aud:{audience.value}",
            )
        ]
        for audience in Audience
    ]
    rows.append([back_button(t)])
    await reply(update, context, t.gettext("Who should get it?"), InlineKeyboardMarkup(rows))
    return AUDIENCE


async def back_to_audience(update: Update, context: BotContext) -> str:
    """From the preview back to the choice of audience."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    return await ask_audience(update, context)


async def show_preview(update: Update, context: BotContext, preview: bool = True) -> str:
    """Sends the announcement exactly as the admin's language gets it, then asks: now or later?"""
    t, chat = context.t, update.effective_chat
    draft, audience = draft_of(context), draft_audience(context)
    if chat is None or audience is None:
        return await ask_audience(update, context)
    if preview:
        org = context.services.organisation.name
        method, payload = announcement_payload(t, org, draft["text"], draft.get("photo"), audience)
        if method == "sendPhoto":
            await context.bot.send_photo(chat.id, payload["photo"], caption=payload["caption"])
        else:
            await context.bot.send_message(chat.id, payload["text"])
    count = (await context.services.repos.announcements.audience_sizes())[audience]
    _ = t.gettext
    text = t.ngettext(
        "☝️ This is how it will look. It goes to {count} person: {audience}.",
        "☝️ This is how it will look. It goes to {count} people: {audience}.",
        count,
    ).format(count=number(t, count), audience=audience_in_sentence(t, audience))
    buttons = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(_("✅ Send now"), callback_data="ann:now")],
            [InlineKeyboardButton(_("🕒 Send later"), callback_data="ann:later")],
            [
                back_button(t),
                InlineKeyboardButton(_("✖️ Cancel"), callback_data="ann:cancel"),
            ],
        ]
    )
    await reply(update, context, text, buttons)
    return CONFIRM


def time_example(context: BotContext) -> str:
    """Tomorrow at 18:00 written the way the bot reads it: '2026-12-01 18:00'."""
    now = context.services.clock.now().astimezone(context.services.settings.zone)
    return f"{(now + timedelta(days=1)):%Y-%m-%d} 18:00"


async def ask_time(update: Update, context: BotContext) -> str:
    """Asks when it should go out (also again after something that was not a time)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    _ = context.t.gettext
    text = _(
        "🕒 When should it go out? Write a date and a time, e.g. {example} or “tomorrow 18:00”."
    ).format(example=time_example(context))
    await reply(update, context, text, InlineKeyboardMarkup([[back_button(context.t)]]))
    return WHEN


async def got_time(update: Update, context: BotContext) -> datetime | None:
    """The typed time as an instant, or None after explaining what was wrong."""
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    services = context.services
    parsed = parse_send_time(text[:100], services.clock.now(), services.settings.zone)
    if isinstance(parsed, datetime):
        return parsed
    _ = context.t.gettext
    reasons = {
        TimeError.BAD_FORMAT: _("I could not read that time. Write e.g. {example}."),
        TimeError.PAST: _("That time has passed. Choose a later one, e.g. {example}."),
        TimeError.TOO_FAR: _("That is more than {days} days ahead. Choose an earlier time."),
        TimeError.NONEXISTENT: _(
            "That time does not exist that day (the clocks skip it). Choose another."
        ),
    }
    explanation = reasons[parsed].format(example=time_example(context), days=MAX_DAYS_AHEAD)
    await reply(update, context, explanation, InlineKeyboardMarkup([[back_button(context.t)]]))
    return None
