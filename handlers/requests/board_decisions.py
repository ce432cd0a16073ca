"""The board decides on help requests: approve with a time and place, ask, decline, hand over.

Works in the admin group and in an admin's private chat. Approve, ask and decline are a short
conversation (the admin picks or types the time and place, the question or the reason); every
step checks the admin and the request's status again (board_common). The decision itself (the
record, the audit row, the family's notice) is one action in actions.py; here the cards follow.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.i18n import N_, language_name
from bot.settings import Settings
from domain.request_input import Invalid, parse_answer, parse_short_text
from domain.request_models import HelpRequest
from domain.requests import Decision
from handlers.common import CANCEL_COMMANDS, admin_places
from handlers.requests import actions, board_lists
from handlers.requests import board_texts as texts
from handlers.requests.board_cards import refresh_cards
from handlers.requests.board_common import (
    PENDING_KEY,
    admin_or_refuse,
    card_press,
    forget_pending,
    logger,
    open_request,
    parsed_data,
    pending_of,
    remember_prompt,
    say,
)

END = ConversationHandler.END
# The conversation's states: the decision waiting for its day, question or reason.
APPROVE, ASK, DECLINE = Decision.APPROVE.value, Decision.ASK.value, Decision.DECLINE.value
DAYS_TO_OFFER = 5
DONE = {
    Decision.APPROVE: N_("✅ {reference} is approved. The family has been told."),
    Decision.ASK: N_("❓ Your question about {reference} was sent to the family."),
    Decision.DECLINE: N_("❌ {reference} is declined. The family has been told."),
    Decision.HANDED_OVER: N_("📦 {reference} is marked as handed over."),
}


async def start_action(update: Update, context: BotContext) -> str | int:
    """Approve, ask or decline: asks for the time and place, the question or the reason."""
    query = update.callback_query
    parsed = parsed_data(update)
    if query is None or parsed is None or not await admin_or_refuse(update, context):
        return END
    word, request_id, _extra = parsed
    decision = Decision(word)
    request = await open_request(update, context, request_id, decision)
    if request is None:
        return END
    await query.answer()
    origin = query.message
    assert context.user_data is not None
    context.user_data[PENDING_KEY] = {
        "action": decision.value,
        "request_id": request_id,
        "origin": [origin.chat.id, origin.message_id] if origin else None,
    }
    _ = context.t.gettext
    ref = request.reference
    t, org = context.t, context.services.organisation
    if decision is Decision.APPROVE:
        days = await context.services.repos.days.upcoming(
            context.services.clock.now(), limit=DAYS_TO_OFFER
        )
        text = _("Approve {reference}: pick a drop-off day, or write a time and place.")
        markup = texts.day_choices(t, request_id, days)
    elif decision is Decision.ASK:
        family = request.user_id
        languages = await context.services.repos.users.languages([family]) if family else {}
        text = _(
            "Write your question about {reference}. I will send it to the family."
            " The family writes in {language}."
        ).replace("{language}", language_name(t, languages.get(family or 0)))
        markup = texts.stop_markup(t)
    else:
        text = _("Decline {reference}: pick a reason, or write your own. The family will see it.")
        if not org.request_decline_reasons:
            text = _("Decline {reference}: write the reason. The family will see it.")
        markup = texts.reason_choices(t, org, request_id)
    remember_prompt(context, await say(update, context, text.format(reference=ref), markup))
    return decision.value


async def _still_pending(update: Update, context: BotContext, request_id: int | None) -> bool:
    pending = pending_of(context)
    if request_id is not None and pending.get("request_id") != request_id:
        if update.callback_query is not None:
            _ = context.t.gettext
            await update.callback_query.answer(
                _("That button does not work any more."), show_alert=True
            )
        return False
    return bool(pending)


async def pick_day(update: Update, context: BotContext) -> str | int:
    """Approves on the chosen drop-off day."""
    parsed = parsed_data(update)
    if parsed is None or not await admin_or_refuse(update, context):
        return END
    _word, request_id, day_id = parsed
    if not await _still_pending(update, context, request_id):
        return APPROVE
    services = context.services
    day = await services.repos.days.get(day_id or 0)
    if day is None or day.cancelled or day.ends_at <= services.clock.now():
        _ = context.t.gettext
        assert update.callback_query is not None
        await update.callback_query.answer(
            _("That day is no longer open. Pick another, or write a time and place."),
            show_alert=True,
        )
        return APPROVE
    again = functools.partial(HelpRequest.decided_so, decision=Decision.APPROVE, day_id=day.id)
    if (request := await _pending_request(update, context, again)) is None:
        return await stop(update, context, quiet=True)
    decided = await actions.approve_request(services, request, _admin(update), day=day)
    return await finish(update, context, request, Decision.APPROVE, decided)


async def typed_answer(update: Update, context: BotContext) -> str | int:
    """The typed time and place, question or reason."""
    if not await admin_or_refuse(update, context):
        return END
    action = pending_of(context).get("action")
    if action not in (APPROVE, ASK, DECLINE):
        return await stop(update, context)
    decision = Decision(action)
    message = update.effective_message
    assert message is not None
    typed = message.text or ""
    parsed = parse_answer(typed) if decision is Decision.ASK else parse_short_text(typed)
    if isinstance(parsed, Invalid):
        _ = context.t.gettext
        await say(
            update,
            context,
            _("Please keep it under {maximum} characters.").format(maximum=parsed.maximum),
        )
        return decision.value
    again = None
    if decision is not Decision.ASK:  # a question asked again is asked again
        again = functools.partial(HelpRequest.decided_so, decision=decision, text=parsed)
    if (request := await _pending_request(update, context, again)) is None:
        return await stop(update, context, quiet=True)
    services, admin = context.services, _admin(update)
    if decision is Decision.APPROVE:
        decided = await actions.approve_request(services, request, admin, text=parsed)
    elif decision is Decision.ASK:
        decided = await actions.ask_family(services, request, admin, parsed)
    else:
        decided = await actions.decline_request(services, request, admin, text=parsed)
    return await finish(update, context, request, decision, decided)


async def pick_reason(update: Update, context: BotContext) -> str | int:
    """Declines with one of the profile's reasons."""
    parsed = parsed_data(update)
    if parsed is None or not await admin_or_refuse(update, context):
        return END
    _word, request_id, index = parsed
    reasons = context.services.organisation.request_decline_reasons
    if not await _still_pending(update, context, request_id) or not (
        index is not None and 0 <= index < len(reasons)
    ):
        return DECLINE
    again = functools.partial(HelpRequest.decided_so, decision=Decision.DECLINE, preset=index)
    if (request := await _pending_request(update, context, again)) is None:
        return await stop(update, context, quiet=True)
    decided = await actions.decline_request(context.services, request, _admin(update), preset=index)
    return await finish(update, context, request, Decision.DECLINE, decided)


async def _pending_request(
    update: Update, context: BotContext, again: Callable[[HelpRequest], bool] | None = None
) -> HelpRequest | None:
    """The request of the decision under way, if its status still allows the decision (or it
    is this decision already, by again: see open_request)."""
    pending = pending_of(context)
    if update.callback_query is not None:
        await update.callback_query.answer()
    decision = Decision(str(pending.get("action")))
    request_id = int(pending.get("request_id") or 0)
    return await open_request(update, context, request_id, decision, again)


def _admin(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


async def finish(
    update: Update,
    context: BotContext,
    request: HelpRequest,
    decision: Decision,
    decided: HelpRequest | None,
    origin: object = None,
) -> int:
    """Ends the decision: the cards show it, and the admin is told (or that nothing changed)."""
    _ = context.t.gettext
    if origin is None:
        origin = pending_of(context).get("origin")
    await forget_pending(context)
    if decided is None:
        await say(update, context, _("Nothing was changed: the request moved on meanwhile."))
        return END
    also = (
        (int(origin[0]), int(origin[1])) if isinstance(origin, list) and len(origin) == 2 else None
    )
    await refresh_cards(context, request.id, also)
    await say(update, context, _(DONE[decision]).format(reference=decided.reference))
    return END


async def stop(update: Update, context: BotContext, quiet: bool = False) -> int:
    """Leaves the decision without changing anything."""
    await forget_pending(context)
    if update.callback_query is not None and not quiet:
        await update.callback_query.answer()
    if not quiet:
        _ = context.t.gettext
        await say(update, context, _("Okay, nothing was changed."))
    return END


async def not_text(update: Update, context: BotContext) -> str:
    """A photo or sticker while a typed answer is wanted."""
    _ = context.t.gettext
    await say(update, context, _("Please write it as text, or tap Cancel."))
    return str(pending_of(context).get("action", APPROVE))


async def handed_over(update: Update, context: BotContext) -> None:
    """Marks an approved request as handed over."""
    if (pressed := await card_press(update, context)) is None:
        return
    query, request_id = pressed
    again = functools.partial(HelpRequest.decided_so, decision=Decision.HANDED_OVER)
    request = await open_request(update, context, request_id, Decision.HANDED_OVER, again)
    if request is None:
        return
    await query.answer()
    decided = await actions.mark_handed_over(context.services, request, _admin(update))
    message = query.message
    origin = [message.chat.id, message.message_id] if message else None
    await finish(update, context, request, Decision.HANDED_OVER, decided, origin)


async def other_button(update: Update, context: BotContext) -> None:
    """Any other admin button: refused for non-admins, old for admins."""
    if not await admin_or_refuse(update, context):
        return
    _ = context.t.gettext
    logger.info(
        "Old admin button %r",
        (update.callback_query.data or "")[:64] if update.callback_query else None,
    )
    if update.callback_query is not None:
        await update.callback_query.answer(
            _("That button does not work any more."), show_alert=True
        )


def build(settings: Settings) -> list[BaseHandler[Any, Any, Any]]:
    """The board's handlers: the decision conversation, /requests and the card buttons."""
    places = admin_places(settings)
    typed = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND & places

    def waiting(*handlers: BaseHandler[Any, Any, Any]) -> list[BaseHandler[Any, Any, Any]]:
        return [
            *handlers,
            MessageHandler(typed, typed_answer),
            MessageHandler(filters.UpdateType.MESSAGE & places & ~filters.COMMAND, not_text),
        ]

    return [
        ConversationHandler(
            name="requests_admin",
            persistent=True,
            allow_reentry=True,
            entry_points=[
                CallbackQueryHandler(start_action, pattern=r"^rqa:(approve|ask|decline):\d{1,9}$")
            ],
            states={
                APPROVE: waiting(
                    CallbackQueryHandler(pick_day, pattern=r"^rqa:day:\d{1,9}:\d{1,9}$")
                ),
                ASK: waiting(),
                DECLINE: waiting(
                    CallbackQueryHandler(pick_reason, pattern=r"^rqa:reason:\d{1,9}:\d{1,3}$")
                ),
            },
            fallbacks=[
                CallbackQueryHandler(stop, pattern=r"^rqa:stop$"),
                CommandHandler(list(CANCEL_COMMANDS), stop, filters=places),
            ],
        ),
        CommandHandler("requests", board_lists.list_open, filters=places),
        CallbackQueryHandler(handed_over, pattern=r"^rqa:handed:\d{1,9}$"),
        CallbackQueryHandler(board_lists.show, pattern=r"^rqa:show:\d{1,9}$"),
        CallbackQueryHandler(other_button, pattern=r"^rqa:"),
    ]
