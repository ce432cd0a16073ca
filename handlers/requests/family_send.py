"""The family's summary at the end of the request: change a part, or send it (stored once,
with the admins' cards: actions.send_request)."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import BadRequest

from bot.context import BotContext
from domain.request_draft import Part
from domain.requests import season_key
from handlers.requests import actions
from handlers.requests import family_outcomes as outcomes
from handlers.requests import family_texts as texts
from handlers.requests.family_state import (
    CHANGE_PART,
    At,
    ask,
    ask_again,
    ask_next,
    load,
    start_over,
)
from handlers.requests.family_steps import back_to_kinds, end_with_menu
from storage.requests import Blocked, RequestRefused

logger = logging.getLogger(__name__)


async def on_change(update: Update, context: BotContext) -> str:
    """Asks which part of the summary to change."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    saved = load(context)
    if saved is None:
        return await start_over(update, context)
    return await ask(update, context, saved.draft, At(CHANGE_PART))


async def on_part(update: Update, context: BotContext) -> str:
    """Forgets the chosen part and asks it again; the summary follows when it is answered."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    saved = load(context)
    if saved is None:
        return await start_over(update, context)
    try:
        part = Part((query.data or "").rsplit(":", 1)[-1])
    except ValueError:
        return await ask_again(update, context)
    return await ask_next(update, context, saved.draft.cleared(part))


async def on_send(update: Update, context: BotContext) -> str | int:
    """Stores the request once, gives its number and tells the admins."""
    query = update.callback_query
    assert query is not None and update.effective_user is not None
    await query.answer()
    saved = load(context)
    if saved is None:
        return await start_over(update, context)
    draft = saved.draft
    if not draft.complete or draft.kind is None:
        return await ask_next(update, context, draft)
    services = context.services
    org = services.organisation
    help_type = org.help_type(draft.kind)
    now = services.clock.now()
    season = season_key(help_type, context.t.local(now).date()) if help_type else None
    blocked: Blocked | None = None
    try:
        request, created = await actions.send_request(
            services, draft, update.effective_user.id, season
        )
    except RequestRefused as refused:
        blocked = refused.blocked
    with contextlib.suppress(BadRequest):  # this summary cannot be sent again
        if blocked is None:  # it stays as the record of what was sent, without the question
            record = texts.summary(context.t, org, draft, sent_as=request.reference)
            await query.edit_message_text(record, reply_markup=None)
        else:
            await query.edit_message_reply_markup(None)
    if blocked is not None:
        return await back_to_kinds(update, context, draft, blocked)
    if created:
        logger.info("Help request %s stored", request.reference)
    return await end_with_menu(update, context, outcomes.sent(context.t, org, request.reference))
