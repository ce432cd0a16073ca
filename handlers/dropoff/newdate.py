"""/newdate for those who manage days: in one line, or step by step (date, time, volunteers,
place, confirm), with a way back at every step and /cancel.

The draft lives in user_data["newdate_draft"]; its keys tell which step the admin is at.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.i18n import N_
from bot.settings import Settings
from domain.dropoff import (
    FormProblem,
    check_day,
    check_place,
    make_draft,
    parse_count,
    parse_date,
    parse_day_line,
    parse_time_span,
)
from domain.offers import Valid
from handlers.common import admin_places, cancel_conversation, cancel_handler, user_text
from handlers.common.access import day_manager_only
from handlers.dropoff.actions import create_day
from handlers.dropoff.texts import (
    day_created_text,
    example_date,
    one_line_refusal,
    problem_text,
)

logger = logging.getLogger(__name__)

DATE, TIME, COUNT, PLACE, CONFIRM = "nd_date", "nd_time", "nd_count", "nd_place", "nd_confirm"
DRAFT = "newdate_draft"
COUNT_BUTTONS = (2, 3, 4, 5, 6)
CREATORS_ONLY = N_("Only the board and coordinators can create drop-off days.")


def _draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {})
    return draft


def _buttons(context: BotContext, *extra: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    back = InlineKeyboardButton(context.t.gettext("⬅️ Back"), callback_data="nd:back")
    return InlineKeyboardMarkup([*extra, [back]])


async def say(update: Update, context: BotContext, text: str, markup: Any = None) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def newdate(update: Update, context: BotContext) -> str | int:
    """Creates a day from one line, or starts asking step by step."""
    user = update.effective_user
    if not await day_manager_only(update, context, "/newdate", CREATORS_ONLY):
        return ConversationHandler.END
    message = update.effective_message
    rest = (message.text or "").split(None, 1)[1:] if message else []
    assert context.user_data is not None
    context.user_data.pop(DRAFT, None)  # a new start, in one line or step by step
    if not rest:
        context.user_data[DRAFT] = {}
        return await ask_date(update, context)
    services = context.services
    now, zone = services.clock.now(), services.settings.zone
    draft = parse_day_line(rest[0], zone, now)
    if isinstance(draft, FormProblem):
        await say(update, context, one_line_refusal(context.t, draft, now, zone))
        return ConversationHandler.END
    assert user is not None
    day, made = await create_day(services, draft, user.id)
    await say(update, context, day_created_text(context.t, day, made))
    return ConversationHandler.END


async def ask_date(update: Update, context: BotContext) -> str:
    """Asks for the date (step 1 of 4)."""
    _ = context.t.gettext
    example = example_date(context.services.clock.now(), context.services.settings.zone)
    text = _("📅 New drop-off day.\nWhich date? For example {short} or {iso}.")
    short = f"{example.day}.{example.month}.{example.year}"
    await say(update, context, text.format(short=short, iso=example.isoformat()), _buttons(context))
    return DATE


async def on_date(update: Update, context: BotContext) -> str:
    """Checks the date and asks for the time."""
    services = context.services
    today = services.clock.now().astimezone(services.settings.zone).date()
    text = (update.effective_message.text or "") if update.effective_message else ""
    found = parse_date(text[:40], today)
    if isinstance(found, date):
        found = check_day(found, today) or found
    if isinstance(found, FormProblem):
        return await _again(update, context, found, DATE)
    _draft(context)["date"] = found.isoformat()
    return await ask_time(update, context)


async def ask_time(update: Update, context: BotContext) -> str:
    _ = context.t.gettext
    day = date.fromisoformat(_draft(context)["date"])
    text = _("🕙 {day}: from when to when? For example 10-13 or 10:00-13:00.")
    await say(update, context, text.format(day=context.t.day(day)), _buttons(context))
    return TIME


async def on_time(update: Update, context: BotContext) -> str:
    """Checks the time span on that date and asks how many volunteers."""
    services = context.services
    text = (update.effective_message.text or "") if update.effective_message else ""
    span = parse_time_span(text[:40])
    if isinstance(span, FormProblem):
        return await _again(update, context, span, TIME)
    day = date.fromisoformat(_draft(context)["date"])
    now, zone = services.clock.now(), services.settings.zone
    checked = make_draft(day, span[0], span[1], 0, None, zone, now)
    if isinstance(checked, FormProblem):
        return await _again(update, context, checked, TIME)
    _draft(context).update(start=f"{span[0]:%H:%M}", end=f"{span[1]:%H:%M}")
    return await ask_count(update, context)


async def ask_count(update: Update, context: BotContext) -> str:
    _ = context.t.gettext
    numbers = [InlineKeyboardButton(str(n), callback_data=f"nd:count:{n}") for n in COUNT_BUTTONS]
    text = _("👥 How many volunteers are needed? Tap or write a number.")
    await say(update, context, text, _buttons(context, numbers))
    return COUNT


async def on_count(update: Update, context: BotContext) -> str:
    """Stores how many volunteers are needed and asks where."""
    query = update.callback_query
    if query is not None:
        text = (query.data or "").rsplit(":", 1)[-1]
    else:
        text = (update.effective_message.text or "") if update.effective_message else ""
    count = parse_count(text[:10])
    if isinstance(count, FormProblem):
        return await _again(update, context, count, COUNT)
    _draft(context)["count"] = count
    return await ask_place(update, context)


async def ask_place(update: Update, context: BotContext) -> str:
    _ = context.t.gettext
    address = context.services.organisation.address
    usual = InlineKeyboardButton(f"📍 {address}"[:60], callback_data="nd:place:usual")
    text = _("📍 Where? Tap the usual place, or write another.")
    await say(update, context, text, _buttons(context, [usual]))
    return PLACE


async def on_place(update: Update, context: BotContext) -> str:
    """Stores the place (typed, or the usual one) and shows the day to confirm."""
    if update.callback_query is not None:
        _draft(context)["place"] = None
        return await ask_confirm(update, context)
    text = (update.effective_message.text or "") if update.effective_message else ""
    checked = check_place(text)
    if not isinstance(checked, Valid):
        await say(update, context, context.t.gettext("Please write the place in 2 to 120 letters."))
        return PLACE
    _draft(context)["place"] = checked.value
    return await ask_confirm(update, context)


async def ask_confirm(update: Update, context: BotContext) -> str:
    _ = context.t.gettext
    draft = _draft(context)
    day = date.fromisoformat(draft["date"])
    start, end = time.fromisoformat(draft["start"]), time.fromisoformat(draft["end"])
    zone = context.services.settings.zone
    place = draft.get("place") or context.services.organisation.address
    span = context.t.span(
        datetime.combine(day, start, tzinfo=zone), datetime.combine(day, end, tzinfo=zone)
    )
    lines = [
        _("Create this drop-off day?"),
        f"{span}, {user_text(place)}",
        _("👥 Volunteers: {n}").format(n=draft["count"]),
    ]
    save = InlineKeyboardButton(_("✅ Create"), callback_data="nd:save")
    await say(update, context, "\n".join(lines), _buttons(context, [save]))
    return CONFIRM


async def save(update: Update, context: BotContext) -> int | str:
    """Stores the day (checked again: time may have passed) and says so."""
    services = context.services
    user = update.effective_user
    if user is None or not await day_manager_only(update, context, "nd:save", CREATORS_ONLY):
        if context.user_data is not None:
            context.user_data.pop(DRAFT, None)
        return ConversationHandler.END
    draft = _draft(context)
    now, zone = services.clock.now(), services.settings.zone
    checked = make_draft(
        date.fromisoformat(draft["date"]),
        time.fromisoformat(draft["start"]),
        time.fromisoformat(draft["end"]),
        int(draft["count"]),
        draft.get("place"),
        zone,
        now,
    )
    if isinstance(checked, FormProblem):
        await say(update, context, "⚠️ " + problem_text(context.t, checked))
        return await ask_date(update, context)
    day, made = await create_day(services, checked, user.id)
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    await say(update, context, day_created_text(context.t, day, made))
    return ConversationHandler.END


def _current_ask(draft: dict[str, Any]) -> Any:
    """The question of the step the draft has reached (to ask it again or go back to it)."""
    for key, ask in (("place", ask_confirm), ("count", ask_place), ("start", ask_count)):
        if key in draft:
            return ask
    return ask_time if "date" in draft else ask_date


async def back(update: Update, context: BotContext) -> int | str:
    """One step back; from the first step, out of the journey."""
    draft = _draft(context)
    for key in ("place", "count", "start", "date"):
        if key in draft:
            draft.pop(key)
            if key == "start":
                draft.pop("end", None)
            ask = _current_ask(draft)
            return str(await ask(update, context))
    return await cancel_conversation(update, context)


async def _again(update: Update, context: BotContext, problem: FormProblem, state: str) -> str:
    await say(update, context, "⚠️ " + problem_text(context.t, problem), _buttons(context))
    return state


async def hint(update: Update, context: BotContext) -> str:
    """Repeats what the current step wants when something else arrives."""
    _ = context.t.gettext
    await say(update, context, _("I cannot use that here. Please answer the question below."))
    return str(await _current_ask(_draft(context))(update, context))


TEXT = filters.TEXT & ~filters.COMMAND
OTHER = ~filters.COMMAND & ~filters.StatusUpdate.ALL


def conversation(settings: Settings) -> ConversationHandler[BotContext]:
    """/newdate as one persistent conversation, in a private chat or the admins' group."""
    # Typed loosely: PTB's generics reject a CommandHandler returning int among these.
    cancel = cancel_handler()
    return ConversationHandler(
        name="newdate",
        persistent=True,
        allow_reentry=True,
        entry_points=[CommandHandler("newdate", newdate, filters=admin_places(settings))],
        states={
            DATE: [MessageHandler(TEXT, on_date)],
            TIME: [MessageHandler(TEXT, on_time)],
            COUNT: [
                MessageHandler(TEXT, on_count),
                CallbackQueryHandler(on_count, pattern=r"^nd:count:\d{1,2}$"),
            ],
            PLACE: [
                MessageHandler(TEXT, on_place),
                CallbackQueryHandler(on_place, pattern=r"^nd:place:usual$"),
            ],
            CONFIRM: [CallbackQueryHandler(save, pattern=r"^nd:save$")],
        },
        fallbacks=[
            cancel,
            CallbackQueryHandler(back, pattern=r"^nd:back$"),
            MessageHandler(OTHER, hint),
        ],
    )
