"""Changing a drop-off day (time or place) or cancelling it, from the buttons under /dates.

Everyone on the day and every donor booked on it is told through the outbox
(handlers/dropoff/notices.py), in the same transaction as the change (handlers/dropoff/actions.py).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from domain.days import DropoffDay
from domain.dropoff import FormProblem, check_place
from domain.dropoff_move import parse_new_time
from domain.offers import Valid
from handlers.common import cancel_handler
from handlers.common.access import day_manager_only
from handlers.dropoff import actions
from handlers.dropoff.texts import day_line, people_told, places_text, problem_text

logger = logging.getLogger(__name__)

NEW_TIME, NEW_PLACE = "de_time", "de_place"
DRAFT = "dayedit_draft"


async def _planned_day(update: Update, context: BotContext) -> DropoffDay | None:
    """The day named by the pressed button, if the presser may manage it and it is planned."""
    query = update.callback_query
    assert query is not None
    if not await day_manager_only(update, context, f"button {query.data!r}"):
        return None
    day_id = int((query.data or "0").rsplit(":", 1)[-1])
    day = await context.services.repos.days.get(day_id)
    if day is None or day.cancelled:
        logger.warning("Button %r names no planned day", query.data)
        text = context.t.gettext("That drop-off day is cancelled or gone.")
        await query.answer(text, show_alert=True)
        return None
    return day


async def show_day(update: Update, context: BotContext) -> None:
    """Shows one day with buttons to move it, change its place, see its roster or cancel it."""
    day = await _planned_day(update, context)
    if day is None or update.callback_query is None:
        return
    _ = context.t.gettext
    await update.callback_query.answer()
    repos = context.services.repos
    places = await repos.shifts.places(day.id)
    donors = len(await repos.offers.booked_on_day(day.id))
    lines = [f"⚙️ {day_line(context.t, day)}"]
    if places is not None:
        lines.append(_("👥 Volunteers: {places}").format(places=places_text(context.t, places)))
    lines.append(_("🎁 Donors booked: {n}").format(n=donors))
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("🕙 New time"), callback_data=f"day:time:{day.id}"),
                InlineKeyboardButton(_("📍 New place"), callback_data=f"day:place:{day.id}"),
            ],
            [
                InlineKeyboardButton(_("👥 Roster"), callback_data=f"day:roster:{day.id}"),
                InlineKeyboardButton(_("❌ Cancel day"), callback_data=f"day:cancel:{day.id}"),
            ],
        ]
    )
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, "\n".join(lines), reply_markup=markup)


async def ask_change(update: Update, context: BotContext) -> str | int:
    """Asks for the new time or the new place of the day."""
    day = await _planned_day(update, context)
    query = update.callback_query
    chat = update.effective_chat
    if day is None or query is None or chat is None or context.user_data is None:
        return ConversationHandler.END
    _ = context.t.gettext
    await query.answer()
    what = "time" if (query.data or "").startswith("day:time:") else "place"
    context.user_data[DRAFT] = {"day": day.id, "what": what}
    if what == "time":
        text = _(
            "🕙 {day}\nWrite the new time, e.g. 11-14, or a new date and time, e.g. {example}."
        )
        example = f"{context.t.local(day.starts_at).date().isoformat()} 10:00-13:00"
        text = text.format(day=day_line(context.t, day), example=example)
    else:
        text = _("📍 {day}\nWrite the new place.").format(day=day_line(context.t, day))
    back = InlineKeyboardButton(_("⬅️ Back"), callback_data="de:back")
    await context.bot.send_message(chat.id, text, reply_markup=InlineKeyboardMarkup([[back]]))
    return NEW_TIME if what == "time" else NEW_PLACE


async def on_new_time(update: Update, context: BotContext) -> str | int:
    """Moves the day and tells its volunteers and donors."""
    services = context.services
    message = update.effective_message
    draft = (context.user_data or {}).get(DRAFT) or {}
    day = await services.repos.days.get(int(draft.get("day", 0)))
    if message is None or day is None:
        return await _stop(update, context)
    now, zone = services.clock.now(), services.settings.zone
    found = parse_new_time(
        (message.text or "")[:60], context.t.local(day.starts_at).date(), zone, now
    )
    if isinstance(found, FormProblem):
        _ = context.t.gettext
        await message.reply_text(
            "⚠️ "
            + problem_text(context.t, found)
            + "\n"
            + _("For example 11-14 or 2026-12-13 10:00-13:00.")
        )
        return NEW_TIME
    return await _apply(update, context, day, starts_at=found[0], ends_at=found[1])


async def on_new_place(update: Update, context: BotContext) -> str | int:
    """Changes the place and tells its volunteers and donors."""
    message = update.effective_message
    draft = (context.user_data or {}).get(DRAFT) or {}
    day = await context.services.repos.days.get(int(draft.get("day", 0)))
    if message is None or day is None:
        return await _stop(update, context)
    checked = check_place(message.text or "")
    if not isinstance(checked, Valid):
        await message.reply_text(context.t.gettext("Please write the place in 2 to 120 letters."))
        return NEW_PLACE
    return await _apply(update, context, day, place=checked.value)


async def _apply(update: Update, context: BotContext, day: DropoffDay, **change: Any) -> int:
    """Makes the change (actions.change_day) and says what happened and who is told."""
    _ = context.t.gettext
    user = update.effective_user
    if user is None or not await day_manager_only(update, context, "a day change"):
        return await _stop(update, context)
    after, told = await actions.change_day(context.services, day, user.id, **change)
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    if after is None:
        text = _("That drop-off day is cancelled or gone.")
    elif after.version == day.version:
        text = _("Nothing changed.")
    else:
        text = _("✅ Changed: {day}").format(day=day_line(context.t, after))
        who = people_told(context.t, *told)
        if who:
            text += "\n" + _("I am telling {who}.").format(who=who)
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text)
    return ConversationHandler.END


async def _stop(update: Update, context: BotContext) -> int:
    """Leaves the change without changing anything."""
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id, context.t.gettext("Nothing changed.")
        )
    return ConversationHandler.END


async def change_hint(update: Update, context: BotContext) -> None:
    """Says what is wanted when a sticker, photo … arrives while a new time or place is asked."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            context.t.gettext("Please write it as text, or tap ⬅️ Back.")
        )


async def ask_cancel(update: Update, context: BotContext) -> None:
    """Asks to confirm the cancellation, saying how many will be told."""
    day = await _planned_day(update, context)
    query = update.callback_query
    if day is None or query is None:
        return
    _ = context.t.gettext
    await query.answer()
    repos = context.services.repos
    volunteers = len(await repos.shifts.roster(day.id))
    offers = await repos.offers.booked_on_day(day.id)
    donors = len({offer.donor_id for offer in offers if offer.donor_id is not None})
    text = _("Cancel {day}?").format(day=day_line(context.t, day))
    who = people_told(context.t, volunteers, donors)
    if who:
        text += "\n" + _("{who} will be told.").format(who=who)
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    _("❌ Yes, cancel it"), callback_data=f"day:cancelok:{day.id}"
                ),
                InlineKeyboardButton(_("⬅️ No"), callback_data=f"day:show:{day.id}"),
            ]
        ]
    )
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def cancel_day(update: Update, context: BotContext) -> None:
    """Cancels the day once and tells everyone on it and every donor booked on it."""
    day = await _planned_day(update, context)
    query = update.callback_query
    user = update.effective_user
    if day is None or query is None or user is None:
        return
    _ = context.t.gettext
    _cancelled, told = await actions.cancel_day(context.services, day.id, user.id)
    await query.answer()
    text = _("❌ Cancelled: {day}").format(day=day_line(context.t, day))
    who = people_told(context.t, *told)
    if who:
        text += "\n" + _("I am telling {who}.").format(who=who)
    await query.edit_message_text(text)


def conversation() -> ConversationHandler[BotContext]:
    """A new time or a new place for a day, as one persistent conversation."""
    # Typed loosely: PTB's generics reject a CommandHandler returning int among these.
    cancel = cancel_handler()
    return ConversationHandler(
        name="dayedit",
        persistent=True,
        allow_reentry=True,
        entry_points=[CallbackQueryHandler(ask_change, pattern=r"^day:(time|place):\d{1,9}$")],
        states={
            NEW_TIME: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_new_time)],
            NEW_PLACE: [MessageHandler(filters.TEXT & ~filters.COMMAND, on_new_place)],
        },
        fallbacks=[
            cancel,
            CallbackQueryHandler(_stop, pattern=r"^de:back$"),
            MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL, change_hint),
        ],
    )
