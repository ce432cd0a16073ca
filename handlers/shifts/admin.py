"""For those who manage days: /roster DATE (who is on, with phone numbers) and marking who came.

After a day has ended the admins get "who came?" with a button per volunteer (handlers/
shift_jobs.py); /roster of a day that has begun shows the same buttons.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.i18n import Translator
from bot.roles import can_manage_days
from domain.days import DropoffDay
from domain.dropoff import FormProblem, parse_date
from domain.shifts import AttendanceOutcome, RosterEntry
from domain.volunteer_form import display_phone
from handlers.common import ADMIN_PLACES, user_text
from handlers.dropoff.texts import day_line, places_text
from storage.audit import AuditLog
from storage.dropoff_days import DropoffDayRepository
from storage.shifts import ShiftRepository

logger = logging.getLogger(__name__)

MARKS = {True: "✅", False: "❌", None: "❔"}


def roster_text(t: Translator, day: DropoffDay, roster: list[RosterEntry], places: Any) -> str:
    _ = t.gettext
    lines = [_("👥 Roster: {day}").format(day=day_line(t, day))]
    if places is not None:
        lines.append(places_text(t, places))
    confirmed = [entry for entry in roster if entry.status == "confirmed"]
    waiting = [entry for entry in roster if entry.status == "waitlisted"]
    if not confirmed:
        lines.append(_("Nobody has taken a shift yet."))
    for number, entry in enumerate(confirmed, start=1):
        lines.append(f"{number}. {user_text(entry.name)} · {display_phone(entry.phone)}")
    if waiting:
        lines.append(_("Waitlist:"))
        lines += [
            f"{entry.position}. {user_text(entry.name)} · {display_phone(entry.phone)}"
            for entry in waiting
        ]
    return "\n".join(lines)


def attendance_message(
    t: Translator, day: DropoffDay, roster: list[RosterEntry]
) -> tuple[str, InlineKeyboardMarkup | None]:
    """'Who came?' with a came / did not come button pair per volunteer with a place."""
    _ = t.gettext
    confirmed = [entry for entry in roster if entry.status == "confirmed"]
    lines = [_("📋 Who came? {day}").format(day=day_line(t, day))]
    lines += [f"{MARKS[entry.attended]} {user_text(entry.name)}" for entry in confirmed]
    lines.append(_("Tap ✅ or ❌ for each volunteer. The hours count for those who came."))
    buttons = [
        [
            InlineKeyboardButton(
                f"✅ {entry.name}"[:40], callback_data=f"att:1:{day.id}:{entry.volunteer_id}"
            ),
            InlineKeyboardButton(
                f"❌ {entry.name}"[:40], callback_data=f"att:0:{day.id}:{entry.volunteer_id}"
            ),
        ]
        for entry in confirmed
    ]
    return "\n".join(lines), InlineKeyboardMarkup(buttons) if buttons else None


async def _may_manage(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    if await can_manage_days(context.services, user.id if user else None):
        return True
    logger.warning("User %s asked for a roster without permission", user.id if user else None)
    text = context.t.gettext("Only the board and coordinators can see the roster.")
    if update.callback_query is not None:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)
    return False


async def roster_command(update: Update, context: BotContext) -> None:
    """/roster 2026-12-06 (or /roster alone: the next day) with names and phone numbers."""
    message = update.effective_message
    if message is None or not await _may_manage(update, context):
        return
    _ = context.t.gettext
    services = context.services
    now, zone = services.clock.now(), services.settings.zone
    days_repo = DropoffDayRepository(services.db)
    argument = (message.text or "").split(None, 1)[1:]
    if argument:
        found = parse_date(argument[0][:40], now.astimezone(zone).date())
        if isinstance(found, FormProblem):
            await message.reply_text(
                _("I cannot read that date. Write it like this: /roster {example}").format(
                    example=now.astimezone(zone).date().isoformat()
                )
            )
            return
        days = await days_repo.on_date(found, zone)
    else:
        days = (await days_repo.upcoming(now, limit=1))[:1]
        found = date.min
    if not days:
        text = _("No drop-off day on {day}.").format(day=context.t.day(found))
        if found == date.min:
            text = _("No drop-off days are planned right now. Look again soon.")
        await message.reply_text(text)
        return
    for day in days:
        await send_roster(update, context, day)


async def send_roster(update: Update, context: BotContext, day: DropoffDay) -> None:
    shifts = ShiftRepository(context.services.db)
    roster = await shifts.roster(day.id)
    text = roster_text(context.t, day, roster, await shifts.places(day.id))
    markup = None
    if day.starts_at <= context.services.clock.now():
        markup = attendance_message(context.t, day, roster)[1]
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def roster_button(update: Update, context: BotContext) -> None:
    """The roster of the day under the pressed button."""
    query = update.callback_query
    if query is None or not await _may_manage(update, context):
        return
    day = await DropoffDayRepository(context.services.db).get(int((query.data or "").split(":")[2]))
    if day is None:
        await query.answer(context.t.gettext("That drop-off day is gone."), show_alert=True)
        return
    await query.answer()
    await send_roster(update, context, day)


async def mark(update: Update, context: BotContext) -> None:
    """Marks one volunteer as came / did not come and redraws the list."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or not await _may_manage(update, context):
        return
    _ = context.t.gettext
    services = context.services
    _prefix, came, raw_day, raw_volunteer = (query.data or "").split(":")
    day_id, volunteer_id = int(raw_day), int(raw_volunteer)
    now = services.clock.now()
    shifts = ShiftRepository(services.db)
    outcome = await shifts.mark_attendance(day_id, volunteer_id, came == "1", user.id, now)
    refusals = {
        AttendanceOutcome.NOT_STARTED: _("The day has not begun yet."),
        AttendanceOutcome.NOT_ON_SHIFT: _("That volunteer had no place on the day."),
        AttendanceOutcome.NO_SUCH_DAY: _("That drop-off day is cancelled or gone."),
    }
    if outcome in refusals:
        logger.warning("Attendance %r refused: %s", query.data, outcome)
        await query.answer(refusals[outcome], show_alert=True)
        return
    subject = f"day:{day_id}:volunteer:{volunteer_id}"
    await AuditLog(services.db).record(user.id, "shift.attendance", now, subject=subject)
    await query.answer()
    day = await DropoffDayRepository(services.db).get(day_id)
    assert day is not None
    text, markup = attendance_message(context.t, day, await shifts.roster(day_id))
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise


HANDLERS: list[BaseHandler[Any, Any, Any]] = [
    CommandHandler(["roster", "vagtplan"], roster_command, filters=ADMIN_PLACES),
    CallbackQueryHandler(roster_button, pattern=r"^day:roster:\d{1,9}$"),
    CallbackQueryHandler(mark, pattern=r"^att:[01]:\d{1,9}:\d{1,9}$"),
]
