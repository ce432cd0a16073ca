"""Scheduled shift work, worked out from the database at every tick (so a restart loses nothing):

- reminders at each SHIFT_REMINDERS offset, with a one-tap "I can't come";
- a call for help 48 hours before a day that is short of volunteers (once per day and time);
- after the day, the admins are asked who came.

Each message is queued in the same transaction that records it as sent: never twice.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from bot.i18n import Translator
from bot.keyboards import with_write_to_us
from bot.notify import text_message
from bot.services import Services
from domain.clock import to_db
from domain.shift_reminders import due_reminders, format_offset
from domain.shifts import DayStaffing, ReminderCandidate, SignupStatus
from handlers.common import user_text
from handlers.dropoff.texts import day_line, places_text
from handlers.shifts.messages import leave_button, signup_key, translators
from handlers.shifts.roster import attendance_message

logger = logging.getLogger(__name__)


def reminder_text(t: Translator, candidate: ReminderCandidate, now: datetime) -> str:
    _ = t.gettext
    days_left = (t.local(candidate.starts_at).date() - t.local(now).date()).days
    if days_left == 0:
        first = _("🔔 Reminder: your shift is today.")
    elif days_left == 1:
        first = _("🔔 Reminder: your shift is tomorrow.")
    else:
        first = _("🔔 Reminder: your shift is coming up.")
    when = f"{t.span(candidate.starts_at, candidate.ends_at)}, {user_text(candidate.place)}"
    return "\n".join(
        [first, when, _("See you! If you cannot come, tap the button: your place goes to another.")]
    )


class ShiftJobs:
    """The job run every JOB_TICK_SECONDS."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.asked_attendance: set[int] = set()

    async def __call__(self, _: object) -> None:
        now = self.services.clock.now()
        for step in (self.send_reminders, self.call_for_help, self.ask_attendance):
            try:
                await step(now)
            except Exception:
                logger.exception(
                    "Shift job %s failed; trying again at the next tick", step.__name__
                )

    async def send_reminders(self, now: datetime) -> int:
        services = self.services
        candidates = await services.repos.shift_notices.reminder_candidates(now)
        due = due_reminders(candidates, services.settings.reminder_offsets, now)
        if not due:
            return 0
        people = await translators(services, [item.subject.user_id for item in due])
        sent = 0
        for reminder in due:
            candidate = reminder.subject
            t = people[candidate.user_id]
            signup = signup_key(
                candidate.day_id,
                candidate.volunteer_id,
                candidate.signup_id,
                candidate.signed_up_at,
            )
            key = f"reminder:{signup}:{to_db(candidate.starts_at)}"
            row = text_message(
                candidate.user_id,
                reminder_text(t, candidate, now),
                with_write_to_us(t, leave_button(t, candidate.day_id)),
                dedup_key=f"{key}:{format_offset(reminder.offset)}",
            )
            async with services.unit_of_work() as uow:
                if not await uow.shift_notices.mark_reminders_sent(
                    candidate.signup_id, candidate.starts_at, reminder.settles, now
                ):
                    continue
                sent += await services.notifier.queue([row])
            late = (now - reminder.due_at).total_seconds()
            logger.info("Shift reminder %s queued (%.0f s after its time)", key, late)
        return sent

    async def call_for_help(self, now: datetime) -> None:
        services = self.services
        for item in await services.repos.shift_notices.short_staffed(now):
            day = item.day
            key = f"short:{day.id}:{to_db(day.starts_at)}"
            async with services.unit_of_work() as uow:
                notices = uow.shift_notices
                if not await notices.claim_short_staffed_alert(day.id, day.starts_at, now):
                    continue
                helpers = await notices.volunteers_not_on(day.id)
                people = await translators(services, [v.user_id for v in helpers])
                rows = [
                    text_message(
                        v.user_id,
                        *help_call(people[v.user_id], item),
                        dedup_key=f"{key}:{v.user_id}",
                    )
                    for v in helpers
                ]
                await services.notifier.queue(rows)
                await services.notifier.to_admins(
                    partial(short_notice, item=item, asked=len(rows)),
                    dedup_key=key,
                )
            logger.info("Day %s is short of volunteers; asked %s for help", day.id, len(rows))

    async def ask_attendance(self, now: datetime) -> None:
        services = self.services
        shifts = services.repos.shifts
        for day in await shifts.days_to_mark(now):
            if day.id in self.asked_attendance:
                continue
            roster = [
                entry
                for entry in await shifts.roster(day.id)
                if entry.status is SignupStatus.CONFIRMED
            ]
            await services.notifier.to_admins(
                partial(attendance_message, day=day, roster=roster),
                dedup_key=f"attendance:{day.id}",
            )
            self.asked_attendance.add(day.id)


def help_call(t: Translator, item: DayStaffing) -> tuple[str, InlineKeyboardMarkup]:
    _ = t.gettext
    text = "\n".join(
        [
            _("🆘 We need more hands!"),
            day_line(t, item.day),
            _("{places}. Can you come?").format(places=places_text(t, item.places).capitalize()),
        ]
    )
    button = InlineKeyboardButton(_("🙋 Take a place"), callback_data=f"shift:help:{item.day.id}")
    return text, with_write_to_us(t, InlineKeyboardMarkup([[button]]))


def short_notice(t: Translator, item: DayStaffing, asked: int) -> tuple[str, InlineKeyboardMarkup]:
    _ = t.gettext
    needed = item.places.needed
    text = "\n".join(
        [
            _("⚠️ Short of volunteers:"),
            day_line(t, item.day),
            t.ngettext(
                "{taken} of {needed} place taken.", "{taken} of {needed} places taken.", needed
            ).format(taken=item.places.taken, needed=needed),
            t.ngettext(
                "I asked {n} volunteer for help.", "I asked {n} volunteers for help.", asked
            ).format(n=asked)
            if asked
            else _("There are no other volunteers to ask."),
        ]
    )
    button = InlineKeyboardButton(_("👥 Roster"), callback_data=f"day:roster:{item.day.id}")
    return text, InlineKeyboardMarkup([[button]])


async def START(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Looks for due reminders, short days and days to mark at every tick, from the first second."""
    services: Services = application.services  # type: ignore[attr-defined]
    assert application.job_queue is not None
    application.job_queue.run_repeating(
        ShiftJobs(services), interval=services.settings.job_tick_seconds, first=0.5, name="shifts"
    )
