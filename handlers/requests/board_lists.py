"""The board looks at help requests: /requests lists the open ones; a button shows one's card."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from handlers.common.copies import remember_copy
from handlers.matching.views import fitting_offers
from handlers.requests import board_texts as texts
from handlers.requests.board_cards import render_card
from handlers.requests.board_common import admin_or_refuse, card_press, say


async def list_open(update: Update, context: BotContext) -> None:
    """/requests: the open help requests, each with a button to show its card."""
    if not await admin_or_refuse(update, context):
        return
    repos = context.services.repos
    requests = await repos.requests.list_open()
    org = context.services.organisation
    fitting = await fitting_offers(repos.needs, org, requests)
    await say(
        update,
        context,
        texts.open_list(context.t, org, requests, fitting),
        texts.open_list_buttons(requests),
    )


async def show(update: Update, context: BotContext) -> None:
    """Shows one request's card with its buttons."""
    if (pressed := await card_press(update, context)) is None:
        return
    query, request_id = pressed
    request = await context.services.repos.requests.get(request_id)
    if request is None:
        _ = context.t.gettext
        await query.answer(_("That request does not exist."), show_alert=True)
        return
    await query.answer()
    shown = await say(update, context, *await render_card(context, context.t, request))
    await remember_copy(context, shown, [request.user_id])
