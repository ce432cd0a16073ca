"""For those who manage days: /roster DATE (who is on, with phone numbers) and marking who came.

After a day has ended the admins get "who came?" with a button per volunteer (handlers/shifts/
jobs.py); /roster of a day that has begun shows the same buttons.
"""

from __future__ import annotations

import logging
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.context import BotContext
from bot.i18n import N_, Translator
from bot.services import Services
from domain.days import DropoffDay
from domain.dropoff import FormError, FormProblem, parse_date
from domain.phone import display_phone
from domain.shifts import AttendanceOutcome, Places, RosterEntry, SignupStatus
from handlers.common import edit_in_place, user_text
from handlers.common.access import day_manager_only
from handlers.dropoff.texts import day_line, places_text, problem_text
from handlers.shifts.actions import mark_attendance

logger = logging.getLogger(__name__)

MARKS = {True: "✅", False: "❌", None: "❔"}
DELETED = N_("[deleted]")  # what the board's copies of erased details show
ROSTER_READERS_ONLY = N_("Only the board and coordinators can see the roster.")


def roster_text(
    t: Translator, day: DropoffDay, roster: list[RosterEntry], places: Places | None
) -> str:
    _ = t.gettext
    lines = [_("👥 Roster: {day}").format(day=day_line(t, day))]
    if places is not None:
        lines.append(places_text(t, places))
    confirmed = [entry for entry in roster if entry.status is SignupStatus.CONFIRMED]
    waiting = [entry for entry in roster if entry.status is SignupStatus.WAITLISTED]
    if not confirmed:
        lines.append(_("Nobody has taken a shift yet."))
    for number, entry in enumerate(confirmed, start=1):
        lines.append(f"{number}. {_who(t, entry)}")
    if waiting:
        lines.append(_("Waitlist:"))
        lines += [f"{entry.position}. {_who(t, entry)}" for entry in waiting]
    return "\n".join(lines)


def _who(t: Translator, entry: RosterEntry) -> str:
    """'Maja Hansen · 20 98 76 54', or '[deleted]' for a volunteer who asked to be forgotten
    (their past shifts still count, without name or phone)."""
    if not entry.name:
        return t.gettext(DELETED)
    return f"{user_text(entry.name)} · {display_phone(entry.phone)}"


def attendance_message(
    t: Translator, day: DropoffDay, roster: list[RosterEntry]
) -> tuple[str, InlineKeyboardMarkup | None]:
    """'Who came?' with a came / did not come button pair per volunteer with a place."""
    _ = t.gettext
    confirmed = [entry for entry in roster if entry.status is SignupStatus.CONFIRMED]
    lines = [_("📋 Who came? {day}").format(day=day_line(t, day))]
    lines += [
        f"{MARKS[entry.attended]} {user_text(entry.name) or _(DELETED)}" for entry in confirmed
    ]
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
        if entry.name
    ]
    return "\n".join(lines), InlineKeyboardMarkup(buttons) if buttons else None


async def _may_manage(update: Update, context: BotContext, what: str) -> bool:
    return await day_manager_only(update, context, what, ROSTER_READERS_ONLY)


async def roster_command(update: Update, context: BotContext) -> None:
    """/roster 2026-12-06 (or /roster alone: the next day, with ‹ › through the coming ones)
    with names and phone numbers."""
    message = update.effective_message
    if message is None or not await _may_manage(update, context, "/roster"):
        return
    _ = context.t.gettext
    services = context.services
    now, zone = services.clock.now(), services.settings.zone
    days_repo = services.repos.days
    argument = (message.text or "").split(None, 1)[1:]
    if argument:
        found = parse_date(argument[0][:40], now.astimezone(zone).date())
        if isinstance(found, FormProblem) and found.error is FormError.NO_SUCH_DATE:
            await message.reply_text("⚠️ " + problem_text(context.t, found))  # 31.2: no such day
            return
        if isinstance(found, FormProblem):
            await message.reply_text(
                _("I cannot read that date. Write it like this: /roster {example}").format(
                    example=now.astimezone(zone).date().isoformat()
                )
            )
            return
        days = await days_repo.on_date(found, zone)
    else:
        page = await roster_page(services, context.t, 0)
        if page is not None:
            shown = await message.reply_text(page[0], reply_markup=page[1])
            await remember_roster(context, shown.chat.id, shown.message_id, page[2], 0)
            return
        days, found = [], date.min
    if not days:
        text = _("No drop-off day on {day}.").format(day=context.t.day(found))
        if found == date.min:
            text = _("No drop-off days are planned right now. Look again soon.")
        await message.reply_text(text)
        return
    for day in days:
        await send_roster(update, context, day)


async def send_roster(update: Update, context: BotContext, day: DropoffDay) -> None:
    shifts = context.services.repos.shifts
    roster = await shifts.roster(day.id)
    text = roster_text(context.t, day, roster, await shifts.places(day.id))
    markup = None
    if day.starts_at <= context.services.clock.now():
        markup = attendance_message(context.t, day, roster)[1]
    assert update.effective_chat is not None
    shown = await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)
    await remember_roster(context, shown.chat.id, shown.message_id, day.id)


async def roster_page(
    services: Services, t: Translator, index: int
) -> tuple[str, InlineKeyboardMarkup | None, int] | None:
    """The roster of the index-th coming day (0: the next), with ‹ › to the days around it, and
    the day's id; None when there is no such day (any more)."""
    now = services.clock.now()
    days = await services.repos.days.upcoming(now, limit=2, offset=max(0, index - 1))
    ahead = days if index == 0 else days[1:]
    if not ahead:
        return None
    day = ahead[0]
    roster = await services.repos.shifts.roster(day.id)
    text = roster_text(t, day, roster, await services.repos.shifts.places(day.id))
    rows: list[list[InlineKeyboardButton]] = []
    if day.starts_at <= now:
        attendance = attendance_message(t, day, roster)[1]
        rows += [list(row) for row in attendance.inline_keyboard] if attendance else []
    later = await services.repos.days.upcoming(now, limit=1, offset=index + 1)
    turn = []
    if index > 0:
        turn.append(InlineKeyboardButton("‹", callback_data=f"roster:page:{index - 1}"))
    if later:
        turn.append(InlineKeyboardButton("›", callback_data=f"roster:page:{index + 1}"))
    if turn:
        rows.append(turn)
    return text, InlineKeyboardMarkup(rows) if rows else None, day.id


async def remember_roster(
    context: BotContext, chat_id: int, message_id: int, day_id: int, page: int | None = None
) -> None:
    """Where a roster with names and phone numbers was shown, so /deletedata can redraw it
    without the person who asked to be forgotten (page: its place among the coming days)."""
    services = context.services
    async with services.unit_of_work() as uow:
        await uow.shifts.record_roster_message(
            chat_id, message_id, day_id, context.t.language, services.clock.now(), page
        )


async def turn_roster_page(update: Update, context: BotContext) -> None:
    """‹ or › under a roster: the day before or after, in the same message."""
    query = update.callback_query
    if query is None or not await _may_manage(update, context, f"button {query.data!r}"):
        return
    index = int((query.data or "").split(":")[2])
    page = await roster_page(context.services, context.t, index)
    if page is None:  # those days have passed meanwhile
        index, page = 0, await roster_page(context.services, context.t, 0)
    if page is None:
        await query.answer(
            context.t.gettext("No drop-off days are planned right now. Look again soon."),
            show_alert=True,
        )
        return
    await query.answer()
    await edit_in_place(query, page[0], page[1])
    if query.message is not None:
        chat_id, message_id = query.message.chat.id, query.message.message_id
        await remember_roster(context, chat_id, message_id, page[2], index)


async def roster_button(update: Update, context: BotContext) -> None:
    """The roster of the day under the pressed button."""
    query = update.callback_query
    if query is None or not await _may_manage(update, context, f"button {query.data!r}"):
        return
    day = await context.services.repos.days.get(int((query.data or "").split(":")[2]))
    if day is None:
        await query.answer(context.t.gettext("That drop-off day is gone."), show_alert=True)
        return
    await query.answer()
    await send_roster(update, context, day)


async def mark(update: Update, context: BotContext) -> None:
    """Marks one volunteer as came / did not come and redraws the list."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    if not await _may_manage(update, context, f"button {query.data!r}"):
        return
    _ = context.t.gettext
    services = context.services
    _prefix, came, raw_day, raw_volunteer = (query.data or "").split(":")
    day_id, volunteer_id = int(raw_day), int(raw_volunteer)
    outcome = await mark_attendance(services, day_id, volunteer_id, came == "1", user.id)
    refusals = {
        AttendanceOutcome.NOT_STARTED: _("The day has not begun yet."),
        AttendanceOutcome.NOT_ON_SHIFT: _("That volunteer had no place on the day."),
        AttendanceOutcome.NO_SUCH_DAY: _("That drop-off day is cancelled or gone."),
    }
    if outcome in refusals:
        logger.warning("Attendance %r refused: %s", query.data, outcome)
        await query.answer(refusals[outcome], show_alert=True)
        return
    await query.answer()
    day = await services.repos.days.get(day_id)
    assert day is not None
    text, markup = attendance_message(context.t, day, await services.repos.shifts.roster(day_id))
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            raise
