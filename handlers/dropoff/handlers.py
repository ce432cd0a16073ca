"""Drop-off days: /dates for everyone (free places for volunteers, buttons for managers), and
build(), which registers the journey's handlers.

Creating a day is in newdate.py, changing or cancelling one in edit.py, repeating plans in
plans.py; what each changes, in one transaction, in actions.py.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.keyboards import rows, with_write_to_us
from bot.roles import can_manage_days
from bot.settings import Settings
from domain.shifts import SignupStatus
from domain.volunteers import VolunteerStatus
from handlers.common import admin_places
from handlers.dropoff import edit, newdate, plans
from handlers.dropoff.newdate import say
from handlers.dropoff.texts import day_line, page_buttons, places_text, short_day
from handlers.journey import Handler
from handlers.requests import family_pickups

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
    repos = services.repos
    volunteer = await repos.volunteers.get_by_user(user.id) if user else None
    is_approved = volunteer is not None and volunteer.status is VolunteerStatus.APPROVED
    approved = volunteer if is_approved else None
    # Not a permission check: managers just see more buttons.
    manager = await can_manage_days(services, user.id if user else None)
    # A family reads their own times to collect; the drop-off days are for donors, volunteers
    # and managers, so a family who is none of those sees only their own.
    requests = await family_pickups.requests_of(services, user.id if user else None)
    family = await family_pickups.overview(services, t, requests) if requests else None
    if family is not None and approved is None and not manager:
        giver = user is not None and bool(await repos.offers.list_for_donor(user.id, limit=1))
        if not giver:
            await say(update, context, family, with_write_to_us(t))
            return
    days = await repos.days.upcoming(now, PAGE + 1, page * PAGE)
    has_more = len(days) > PAGE
    days = days[:PAGE]
    if not days:
        text = _("No drop-off days are planned right now. Look again soon.")
        if manager:
            text += "\n" + _("Create one with /newdate or a plan with /plan.")
        await say(update, context, f"{family}\n\n{text}" if family else text)
        return
    lines = [family, ""] if family else []
    lines.append(_("📅 Coming drop-off days:"))
    for day in days:
        line = f"• {day_line(t, day)}"
        if approved is not None:
            staffing = await repos.shifts.staffing(day.id, approved.id)
            if staffing is not None:
                line += f" · {places_text(t, staffing.places)}"
                if staffing.my_status is SignupStatus.CONFIRMED:
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


def build(settings: Settings) -> list[Handler]:
    """New handlers for one application: /newdate, /dates, a day's buttons, /plan."""
    places = admin_places(settings)
    return [
        newdate.conversation(settings),
        CommandHandler(["dates", "datoer"], list_days, filters=places),
        CallbackQueryHandler(list_days, pattern=r"^(menu:dates|dates:page:\d{1,3})$"),
        edit.conversation(),
        CallbackQueryHandler(edit.show_day, pattern=r"^day:show:\d{1,9}$"),
        CallbackQueryHandler(edit.ask_cancel, pattern=r"^day:cancel:\d{1,9}$"),
        CallbackQueryHandler(edit.cancel_day, pattern=r"^day:cancelok:\d{1,9}$"),
        CommandHandler("plan", plans.plan, filters=places),
        CallbackQueryHandler(plans.stop_plan, pattern=r"^plan:stop:\d{1,9}$"),
    ]
