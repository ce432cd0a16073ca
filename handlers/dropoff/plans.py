"""Repeating drop-off plans: /plan "2. og 4. lørdag, 10-13, 4 frivillige" creates the days ahead.

A job rolls every active plan forward once per local day (and at every start), so the days keep
coming; it is idempotent, so a restart or a moved clock never creates a day twice.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application

from bot.context import BotContext
from bot.i18n import N_
from bot.services import Services
from domain.days import DropoffPlan
from domain.dropoff import FormError, FormProblem, parse_plan_rule
from handlers.common import user_text
from handlers.common.access import day_manager_only
from handlers.dropoff import actions
from handlers.dropoff.texts import PLAN_EXAMPLE, day_line, plan_refusal, weeks_text

logger = logging.getLogger(__name__)

SHOWN_NEW_DAYS = 6
PLANNERS_ONLY = N_("Only the board and coordinators can plan drop-off days.")


def plan_text(context: BotContext, plan: DropoffPlan) -> str:
    t = context.t
    volunteers = t.gettext("👥 Volunteers: {n}").format(n=plan.volunteers_needed)
    return (
        f"{weeks_text(t, plan.weeks, plan.weekday)}, {plan.start_time:%H.%M}-{plan.end_time:%H.%M},"
        f" {user_text(plan.place)}. {volunteers}"
    )


async def plan(update: Update, context: BotContext) -> None:
    """Stores a repeating plan and creates its days; without text, lists the plans."""
    _ = context.t.gettext
    services = context.services
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None:
        return
    if not await day_manager_only(update, context, "/plan", PLANNERS_ONLY):
        return
    rest = (message.text or "").split(None, 1)[1:]
    if not rest:
        await _list_plans(update, context, await services.repos.plans.list_active())
        return
    rule = parse_plan_rule(rest[0][:200])
    if isinstance(rule, FormProblem) and not any(ch.isdigit() for ch in rest[0]):
        rule = FormProblem(FormError.BAD_FORMAT)  # no time at all: not "cannot read the time"
    if isinstance(rule, FormProblem):
        await message.reply_text(plan_refusal(context.t, rule))
        return
    stored, created = await actions.create_plan(services, rule, user.id)
    lines = [
        _("✅ Plan saved: {plan}").format(plan=plan_text(context, stored)),
        context.t.ngettext(
            "I have made {n} day for the next {weeks} weeks:",
            "I have made {n} days for the next {weeks} weeks:",
            len(created),
        ).format(n=len(created), weeks=stored.weeks_ahead)
        if created
        else _("The days for the next weeks are there already, so I made no new ones."),
    ]
    lines += [f"• {day_line(context.t, day)}" for day in created[:SHOWN_NEW_DAYS]]
    if len(created) > SHOWN_NEW_DAYS:
        lines.append(
            _("… and {n} more. See them all with /dates.").format(n=len(created) - SHOWN_NEW_DAYS)
        )
    lines.append(_("I keep adding days as time goes by."))
    await message.reply_text("\n".join(lines))


async def _list_plans(update: Update, context: BotContext, plans: list[DropoffPlan]) -> None:
    _ = context.t.gettext
    lines = [_("A repeating plan creates drop-off days by itself. Write it like this:")]
    lines.append(f"<code>/plan {PLAN_EXAMPLE}</code>")
    buttons = []
    if plans:
        lines += ["", _("Plans now:")]
        for index, item in enumerate(plans, start=1):
            lines.append(f"{index}. {plan_text(context, item)}")
            label = _("⏹ Stop plan {n}").format(n=index)
            buttons.append([InlineKeyboardButton(label, callback_data=f"plan:stop:{item.id}")])
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        "\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons) if buttons else None
    )


async def stop_plan(update: Update, context: BotContext) -> None:
    """Stops a plan: no new days; the days it made stay."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    if not await day_manager_only(update, context, f"button {query.data!r}"):
        return
    _ = context.t.gettext
    plan_id = int((query.data or "0").rsplit(":", 1)[-1])
    if not await actions.stop_plan(context.services, plan_id, user.id):
        await query.answer(_("That plan is already stopped."), show_alert=True)
        return
    await query.answer()
    await query.edit_message_text(
        _("⏹ The plan is stopped. Days it already made stay; cancel them under /dates.")
    )


class PlanRoller:
    """Rolls plans forward at most once per local date (the job ticks much more often)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.rolled_on: date | None = None

    async def __call__(self, _: object) -> None:
        services = self.services
        now = services.clock.now()
        today = now.astimezone(services.settings.zone).date()
        if today == self.rolled_on:
            return
        async with services.unit_of_work() as uow:
            created = await uow.plans.roll_forward(services.settings.zone, now)
        self.rolled_on = today
        if created:
            logger.info("Plans made %s new drop-off days", len(created))


async def START(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Rolls the plans forward now and then daily (checked at every job tick)."""
    services: Services = application.services  # type: ignore[attr-defined]
    roller = PlanRoller(services)
    await roller(None)
    assert application.job_queue is not None
    application.job_queue.run_repeating(
        roller, interval=services.settings.job_tick_seconds, first=1, name="plans"
    )
