"""/shifts (/vagter): coming shifts with free places; take one, join the waitlist, leave one,
and "I can't come" under a reminder. build() registers these and /roster (roster.py).

Taking the last place is decided in one database transaction (storage/shifts.py, by the rules in
domain/shifts.py): of two volunteers pressing at once, one gets it and the other lands on the
waitlist and is told so. A place comes with a calendar file; a freed place goes to the first on
the waitlist, who is told (handlers/shifts/actions.py).
"""

from __future__ import annotations

import logging
from datetime import datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.settings import Settings
from domain.phone import display_phone
from domain.shift_reminders import first_coming_reminder
from domain.shifts import (
    DayStaffing,
    LeaveOutcome,
    LeaveResult,
    SignUpOutcome,
    SignupStatus,
    newcomer_status,
)
from domain.volunteers import Volunteer
from handlers.common import PRIVATE, admin_places
from handlers.dropoff.texts import day_line, page_buttons, places_text, short_day
from handlers.journey import Handler
from handlers.shifts import roster
from handlers.shifts.access import approved_volunteer
from handlers.shifts.actions import leave_shift, take_shift

logger = logging.getLogger(__name__)

SHOWN_SHIFTS = 8
PAGE_KEY = "shift_page"  # the /shifts page last shown, so a redrawn list stays on it


def shift_button(context: BotContext, item: DayStaffing) -> InlineKeyboardButton | None:
    _ = context.t.gettext
    label, day = short_day(context.t, item.day), item.day.id
    if item.my_status is SignupStatus.CONFIRMED:
        return InlineKeyboardButton(
            _("➖ {day}: leave").format(day=label), callback_data=f"shift:leave:{day}"
        )
    if item.my_status is SignupStatus.WAITLISTED:
        return InlineKeyboardButton(
            _("➖ {day}: leave the waitlist").format(day=label), callback_data=f"shift:leave:{day}"
        )
    if item.places.needed == 0:
        return None
    if newcomer_status(item.places) is SignupStatus.CONFIRMED:
        return InlineKeyboardButton(
            _("➕ {day}: take").format(day=label), callback_data=f"shift:take:{day}"
        )
    return InlineKeyboardButton(
        _("⏳ {day}: join the waitlist").format(day=label), callback_data=f"shift:wait:{day}"
    )


async def shift_list(
    context: BotContext, volunteer: Volunteer
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The text and buttons of /shifts for this volunteer, at the page they last looked at."""
    _ = context.t.gettext
    services = context.services
    page = int((context.user_data or {}).get(PAGE_KEY, 0))
    items = await services.repos.shifts.upcoming_staffing(
        services.clock.now(), SHOWN_SHIFTS + 1, volunteer.id, page * SHOWN_SHIFTS
    )
    has_more = len(items) > SHOWN_SHIFTS
    items = items[:SHOWN_SHIFTS]
    if not items and page > 0:  # the days on that page have passed: start over
        if context.user_data is not None:
            context.user_data[PAGE_KEY] = 0
        return await shift_list(context, volunteer)
    if not items:
        return _("No shifts are planned right now. I will show them here when there are."), None
    lines = [_("🗓️ Coming shifts:")]
    buttons = []
    for item in items:
        status = ""
        if item.my_status is SignupStatus.CONFIRMED:
            status = " · " + _("✅ you are on")
        elif item.my_status is SignupStatus.WAITLISTED:
            status = " · " + _("⏳ number {n} on the waitlist").format(n=item.my_position)
        lines.append(
            f"• {day_line(context.t, item.day)}\n   {places_text(context.t, item.places)}{status}"
        )
        button = shift_button(context, item)
        if button is not None:
            buttons.append([button])
    buttons += page_buttons(context.t, "shift:page", page, has_more)
    return "\n".join(lines), InlineKeyboardMarkup(buttons) if buttons else None


async def show_shifts(update: Update, context: BotContext) -> None:
    """Shows the coming shifts with a button each to take, wait for or leave it."""
    volunteer = await approved_volunteer(update, context)
    if volunteer is None or update.effective_chat is None:
        return
    if update.callback_query is not None:
        await update.callback_query.answer()
    if context.user_data is not None:
        context.user_data[PAGE_KEY] = 0
    text, markup = await shift_list(context, volunteer)
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def turn_page(update: Update, context: BotContext) -> None:
    """Shows the next or earlier shifts in the same message."""
    query = update.callback_query
    volunteer = await approved_volunteer(update, context)
    if query is None or volunteer is None:
        return
    await query.answer()
    if context.user_data is not None:
        context.user_data[PAGE_KEY] = int((query.data or "").split(":")[2])
    await _refresh_list(update, context, volunteer)


async def _refresh_list(update: Update, context: BotContext, volunteer: Volunteer) -> None:
    """Redraws the list the button was pressed on, so its buttons match the new state."""
    query = update.callback_query
    if query is None or query.message is None:
        return
    text, markup = await shift_list(context, volunteer)
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


async def _full_after_the_call(
    update: Update, context: BotContext, volunteer: Volunteer, day_id: int
) -> bool:
    """A call for help answered after others filled the day: offer the waitlist, not silently."""
    query = update.callback_query
    found = await context.services.repos.shifts.staffing(day_id, volunteer.id)
    if query is None or found is None or found.day.cancelled or found.my_status is not None:
        return False
    if newcomer_status(found.places) is SignupStatus.CONFIRMED:
        return False
    _ = context.t.gettext
    await query.answer()
    await query.edit_message_reply_markup(None)
    button = InlineKeyboardButton(
        _("⏳ Yes, put me on the waitlist"), callback_data=f"shift:wait:{day_id}"
    )
    text = "\n".join(
        [
            _("The day is full now – thank you! Do you want to go on the waitlist?"),
            day_line(context.t, found.day),
        ]
    )
    await context.bot.send_message(
        query.message.chat.id if query.message else volunteer.user_id,
        text,
        reply_markup=InlineKeyboardMarkup([[button]]),
    )
    return True


def reminder_promise(context: BotContext, starts_at: datetime) -> str:
    """When the reminder comes, said honestly: a place taken the evening before gets the
    2 hour one; one taken an hour before gets none, and is told so."""
    _ = context.t.gettext
    services = context.services
    now = services.clock.now()
    moment = first_coming_reminder(starts_at, services.settings.reminder_offsets, now)
    if moment is None:
        return _("Thank you! There will be no reminder before this shift, so please note it.")
    return _("Thank you! I will remind you {moment}.").format(moment=context.t.moment(moment))


async def take(update: Update, context: BotContext) -> None:
    """Takes a place (or a waitlist spot); a place comes with a calendar file."""
    query = update.callback_query
    volunteer = await approved_volunteer(update, context)
    if query is None or volunteer is None or update.effective_chat is None:
        return
    _ = context.t.gettext
    services = context.services
    _prefix, action, raw_id = (query.data or "").split(":")
    day_id = int(raw_id)
    if action == "help" and await _full_after_the_call(update, context, volunteer, day_id):
        return
    result, day = await take_shift(services, context.t, volunteer, day_id)
    refusals = {
        SignUpOutcome.ALREADY_CONFIRMED: _("You already have this shift. Thank you!"),
        SignUpOutcome.ALREADY_WAITLISTED: _("You are already on the waitlist as number {n}."),
        SignUpOutcome.NOT_APPROVED: _("Shifts are for approved volunteers."),
        SignUpOutcome.NO_SUCH_DAY: _("That drop-off day does not exist any more."),
        SignUpOutcome.DAY_CANCELLED: _("That drop-off day is cancelled."),
        SignUpOutcome.DAY_STARTED: _("That shift has already begun."),
    }
    if result.outcome in refusals or day is None:
        logger.info("Sign-up for day %s by volunteer %s: %s", day_id, volunteer.id, result.outcome)
        text = refusals.get(result.outcome, refusals[SignUpOutcome.NO_SUCH_DAY])
        await query.answer(text.format(n=result.position), show_alert=True)
        return
    await query.answer()
    if result.outcome is SignUpOutcome.CONFIRMED:
        text = "\n".join(
            [
                _("✅ You are on the shift:"),
                day_line(context.t, day),
                reminder_promise(context, day.starts_at),
            ]
        )
    elif action == "take":  # the place was free when shown: someone was quicker
        text = _(
            "Someone was quicker: the last place was just taken. You are number {n} on the"
            " waitlist. If a place opens, it is yours, and I will tell you."
        ).format(n=result.position)
    else:
        text = _(
            "You are number {n} on the waitlist."
            " If a place opens, it is yours, and I will tell you."
        ).format(n=result.position)
    await context.bot.send_message(update.effective_chat.id, text)
    if action in ("take", "wait"):
        await _refresh_list(update, context, volunteer)
    else:  # from a call for help: its button is used up
        await query.edit_message_reply_markup(None)


async def leave(update: Update, context: BotContext) -> None:
    """Leaves a shift or the waitlist; the first waiting moves up and is told."""
    query = update.callback_query
    volunteer = await approved_volunteer(update, context)
    if query is None or volunteer is None or update.effective_chat is None:
        return
    result = await leave_shift(context.services, volunteer, int((query.data or "").split(":")[2]))
    if await refused_leaving(update, context, result):
        return
    _ = context.t.gettext
    await query.answer()
    if result.outcome is LeaveOutcome.LEFT_WAITLIST:
        text = _("You are off the waitlist.")
    else:
        text = _("Okay, you are off the shift. Thank you for telling us in time.")
    await context.bot.send_message(update.effective_chat.id, text)
    await _refresh_list(update, context, volunteer)


async def cant_come(update: Update, context: BotContext) -> None:
    """'I can't come' under a reminder: frees the place, moves the waitlist up, tells the admins."""
    query = update.callback_query
    volunteer = await approved_volunteer(update, context)
    if query is None or volunteer is None or update.effective_chat is None:
        return
    day_id = int((query.data or "").split(":")[2])
    result = await leave_shift(context.services, volunteer, day_id, tell_admins=True)
    if await refused_leaving(update, context, result):
        return
    _ = context.t.gettext
    await query.answer()
    await query.edit_message_reply_markup(None)
    await context.bot.send_message(
        update.effective_chat.id,
        _("Thank you for telling us. Your place is free now, so someone else can take it. 💚"),
    )


async def refused_leaving(update: Update, context: BotContext, result: LeaveResult) -> bool:
    """Says why nothing was left (not on it, or it has begun); True when so."""
    _ = context.t.gettext
    query = update.callback_query
    if result.outcome is LeaveOutcome.NOT_SIGNED_UP:
        text = _("You are not on this shift any more.")
    elif result.outcome is LeaveOutcome.DAY_STARTED:
        org = context.services.organisation
        text = _("The shift has begun. Please call us instead: {phone}").format(
            phone=display_phone(org.phone) or org.email
        )
    elif result.outcome is LeaveOutcome.DAY_CANCELLED:
        text = _("That drop-off day was cancelled, so there is no shift to leave.")
    else:
        return False
    if query is not None:
        await query.answer(text, show_alert=True)
    return True


def build(settings: Settings) -> list[Handler]:
    """New handlers for one application: the volunteers' buttons, then /roster for managers."""
    return [
        CallbackQueryHandler(cant_come, pattern=r"^shift:cant:\d{1,9}$"),
        CommandHandler(
            ["roster", "vagtplan"], roster.roster_command, filters=admin_places(settings)
        ),
        CallbackQueryHandler(roster.roster_button, pattern=r"^day:roster:\d{1,9}$"),
        CallbackQueryHandler(roster.mark, pattern=r"^att:[01]:\d{1,9}:\d{1,9}$"),
        CallbackQueryHandler(roster.turn_roster_page, pattern=r"^roster:page:\d{1,3}$"),
        CommandHandler(["shifts", "vagter"], show_shifts, filters=PRIVATE),
        CallbackQueryHandler(show_shifts, pattern=r"^(shift:list|menu:shifts)$"),
        CallbackQueryHandler(take, pattern=r"^shift:(take|wait|help):\d{1,9}$"),
        CallbackQueryHandler(leave, pattern=r"^shift:leave:\d{1,9}$"),
        CallbackQueryHandler(turn_page, pattern=r"^shift:page:\d{1,3}$"),
    ]
