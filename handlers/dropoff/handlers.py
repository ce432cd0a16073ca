"""Drop-off days: /dates for everyone (free places for volunteers, buttons for managers).

Creating a day is in handlers/dropoff_newdate.py, changing or cancelling one in
handlers/dropoff_admin.py, repeating plans in handlers/dropoff_plans.py; this module registers
them all.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.keyboards import rows
from bot.roles import can_manage_days
from handlers.common import ADMIN_PLACES
from handlers.dropoff import edit as dropoff_admin
from handlers.dropoff import newdate as dropoff_newdate
from handlers.dropoff import plans as dropoff_plans
from handlers.dropoff.newdate import say
from handlers.dropoff.texts import day_line, page_buttons, places_text, short_day
from storage.dropoff_days import DropoffDayRepository
from storage.shifts import ShiftRepository
from storage.volunteers import VolunteerRepository

PAGE = 10  # days per page; the rest are a "More days ▶" away


async def list_days(update: Update, context: BotContext) -> None:
    """Shows the coming drop-off days; free places for volunteers, buttons for managers."""
    _ = context.t.gettext
    services, t = context.services, context.t
    user = update.effective_user
    now = services.clock.now()
    query = update.callback_query
    data = (query.data or "") if query is not None else ""
    page = int(data.split(":")[2]) if data.startswith("dates:page:") else 0
    days = await DropoffDayRepository(services.db).upcoming(now, PAGE + 1, page * PAGE)
    has_more = len(days) > PAGE
    days = days[:PAGE]
    volunteer = await VolunteerRepository(services.db).get_by_user(user.id) if user else None
    approved = volunteer if volunteer is not None and volunteer.status == "approved" else None
    manager = await can_manage_days(services, user.id if user else None)
    if not days:
        text = _("No drop-off days are planned right now. Look again soon.")
        if manager:
            text += "\n" + _("Create one with /newdate or a plan with /plan.")
        await say(update, context, text)
        return
    lines = [_("📅 Coming drop-off days:")]
    shifts = ShiftRepository(services.db)
    for day in days:
        line = f"• {day_line(t, day)}"
        if approved is not None:
            staffing = await shifts.staffing(day.id, approved.id)
            if staffing is not None:
                line += f" · {places_text(t, staffing.places)}"
                if staffing.my_status == "confirmed":
                    line += " · " + _("✅ you are on")
        lines.append(line)
    buttons: list[list[InlineKeyboardButton]] = []
    if approved is not None:
        buttons.append([InlineKeyboardButton(_("🙋 Take a shift"), callback_data="shift:list")])
    if manager:
        lines += ["", _("Tap a day to change or cancel it. New day: /newdate")]
        buttons += rows(
            [
                InlineKeyboardButton(f"⚙️ {short_day(t, day)}", callback_data=f"day:show:{day.id}")
                for day in days
            ],
            per_row=3,
        )
    buttons += page_buttons(t, "dates:page", page, has_more)
    markup = InlineKeyboardMarkup(buttons) if buttons else None
    if query is not None and data.startswith("dates:page:"):  # turn the page in place
        await query.answer()
        try:
            await query.edit_message_text("\n".join(lines), reply_markup=markup)
        except BadRequest as error:
            if "not modified" not in str(error).lower():
                raise
        return
    await say(update, context, "\n".join(lines), markup)


HANDLERS: list[BaseHandler[Any, Any, Any]] = [
    dropoff_newdate.NEWDATE,
    CommandHandler(["dates", "datoer"], list_days, filters=ADMIN_PLACES),
    CallbackQueryHandler(list_days, pattern=r"^(menu:dates|dates:page:\d{1,3})$"),
    *dropoff_admin.HANDLERS,
    *dropoff_plans.HANDLERS,
]
