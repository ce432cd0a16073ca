"""The period picker that /stats and /export share, written once.

Each use (stats, export) names itself (its button prefix, and what a refusal logs), asks its
own question and says what happens once a period is chosen. The picker takes a period from
the command ('/stats 2026-11-01 2026-11-30'), from a preset button (this month, last month,
this year) or typed after "Other period …" (the conversation's one typing step), and offers
the way back to the buttons. Every step checks admin_only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from domain.statistics import BadSpan, Period, PeriodKind, parse_span, preset
from handlers.board.texts import period_buttons, span_hint, span_problem
from handlers.common.access import admin_only, local_today

END = ConversationHandler.END
SPAN = "span"
DRAFT = "board_draft"
PRESETS = "this_month|last_month|this_year"

Chosen = Callable[[Update, BotContext, Period], Awaitable[None]]


@dataclass(frozen=True)
class PeriodUse:
    name: str  # "stats" or "export": the buttons' prefix, and what a refusal logs
    question: str  # an N_() msgid: "📊 Which period?"
    chosen: Chosen  # what happens with the period


class PeriodPicker:
    """The picker's callbacks for its uses (the first one is the default)."""

    def __init__(self, *uses: PeriodUse) -> None:
        self.uses = {use.name: use for use in uses}
        self.default = uses[0]

    def use(self, name: str) -> PeriodUse:
        return self.uses.get(name, self.default)

    async def ask(self, update: Update, context: BotContext, use: PeriodUse) -> None:
        """The use's question with the period buttons."""
        if update.effective_chat is not None:
            await context.bot.send_message(
                update.effective_chat.id,
                context.t.gettext(use.question),
                reply_markup=period_buttons(context.t, use.name),
            )

    def command(self, name: str) -> Callable[[Update, BotContext], Coroutine[Any, Any, int]]:
        """/stats or /export: the period from the command's words, or the question."""
        use = self.use(name)

        async def command(update: Update, context: BotContext) -> int:
            """Asks for the period, or goes on at once with '/<command> <first> <last>'."""
            chat = update.effective_chat
            if chat is None or not await admin_only(update, context, use.name):
                return END
            if not context.args:
                await self.ask(update, context, use)
                return END
            parsed = parse_span(" ".join(context.args))
            if isinstance(parsed, BadSpan):
                await context.bot.send_message(chat.id, span_problem(context.t, parsed))
            else:
                await use.chosen(update, context, parsed)
            return END

        return command

    async def preset_pressed(self, update: Update, context: BotContext) -> int:
        """Takes this month, last month or this year ('<use>:p:<preset>')."""
        query = update.callback_query
        if query is None:
            return END
        name, _p, kind = (query.data or "").split(":")
        use = self.use(name)
        if not await admin_only(update, context, use.name):
            return END
        period = preset(PeriodKind(kind), local_today(context))
        assert period is not None  # the pattern only lets the presets through
        await query.answer()
        await use.chosen(update, context, period)
        return END

    async def ask_span(self, update: Update, context: BotContext) -> str | int:
        """Asks for the first and the last day of another period."""
        query = update.callback_query
        if query is None or update.effective_chat is None:
            return END
        use = self.use((query.data or "").split(":")[0])
        if not await admin_only(update, context, use.name):
            return END
        await query.answer()
        if context.user_data is not None:
            context.user_data[DRAFT] = {"for": use.name}
        back = InlineKeyboardButton(
            context.t.gettext("⬅️ Back"), callback_data=f"board:back:{use.name}"
        )
        await context.bot.send_message(
            update.effective_chat.id,
            span_hint(context.t),
            reply_markup=InlineKeyboardMarkup([[back]]),
        )
        return SPAN

    async def got_span(self, update: Update, context: BotContext) -> str | int:
        """Reads the two dates, then goes on as the use says."""
        message = update.effective_message
        if message is None or update.effective_chat is None:
            return SPAN
        draft = (context.user_data or {}).get(DRAFT) or {}
        use = self.use(str(draft.get("for", "")))
        if not await admin_only(update, context, use.name):
            return END
        parsed = parse_span(message.text or "")
        if isinstance(parsed, BadSpan):
            await context.bot.send_message(
                update.effective_chat.id, span_problem(context.t, parsed)
            )
            return SPAN
        if context.user_data is not None:
            context.user_data.pop(DRAFT, None)
        await use.chosen(update, context, parsed)
        return END

    async def other_input(self, update: Update, context: BotContext) -> str:
        """Answers a sticker, photo or voice note while two dates are wanted."""
        if update.effective_chat is not None:
            await context.bot.send_message(
                update.effective_chat.id,
                context.t.gettext("I cannot read dates from that.") + "\n" + span_hint(context.t),
            )
        return SPAN

    async def back(self, update: Update, context: BotContext) -> int:
        """Goes back to the period buttons ('board:back:<use>')."""
        query = update.callback_query
        if query is None or update.effective_chat is None:
            return END
        use = self.use((query.data or "").rsplit(":", 1)[-1])
        if not await admin_only(update, context, use.name):
            return END
        await query.answer()
        if context.user_data is not None:
            context.user_data.pop(DRAFT, None)
        await self.ask(update, context, use)
        return END
