"""Admins decide on help requests: approve with a time and place, ask, decline, hand over.

Works in the admin group and in an admin's private chat. Approve, ask and decline are a short
conversation (the admin picks or types the time and place, the question or the reason); every
step checks the admin and the request's status again (requests_admin_common).
"""

from __future__ import annotations

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
from domain.request_input import Invalid, parse_answer, parse_short_text
from handlers.common import ADMIN_PLACES
from handlers.requests import admin_lists as lists
from handlers.requests import admin_texts as texts
from handlers.requests.admin_common import (
    APPROVE,
    ASK,
    DECLINE,
    END,
    PENDING_KEY,
    TYPED,
    admin_or_refuse,
    finish,
    forget_pending,
    logger,
    open_request,
    parsed_data,
    pending_of,
    remember_prompt,
    say,
)
from storage.dropoff_days import DropoffDayRepository
from storage.requests import RequestRepository


async def start_action(update: Update, context: BotContext) -> str | int:
    """Approve, ask or decline: asks for the time and place, the question or the reason."""
    query = update.callback_query
    parsed = parsed_data(update)
    if query is None or parsed is None or not await admin_or_refuse(update, context):
        return END
    action, request_id, _extra = parsed
    request = await open_request(update, context, request_id, action)
    if request is None:
        return END
    await query.answer()
    origin = query.message
    assert context.user_data is not None
    context.user_data[PENDING_KEY] = {
        "action": action,
        "request_id": request_id,
        "origin": [origin.chat.id, origin.message_id] if origin else None,
    }
    _ = context.t.gettext
    ref = request.reference
    t, org = context.t, context.services.organisation
    if action == APPROVE:
        days = await DropoffDayRepository(context.services.db).upcoming(
            context.services.clock.now(), limit=5
        )
        text = _("Approve {reference}: pick a drop-off day, or write a time and place.")
        markup = texts.day_choices(t, request_id, days)
    elif action == ASK:
        text = _("Write your question about {reference}. I will send it to the family.")
        markup = texts.stop_markup(t)
    else:
        text = _("Decline {reference}: pick a reason, or write your own. The family will see it.")
        if not org.request_decline_reasons:
            text = _("Decline {reference}: write the reason. The family will see it.")
        markup = texts.reason_choices(t, org, request_id)
    remember_prompt(context, await say(update, context, text.format(reference=ref), markup))
    return action


async def _stillpending_of(update: Update, context: BotContext, request_id: int | None) -> bool:
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
    _action, request_id, day_id = parsed
    if not await _stillpending_of(update, context, request_id):
        return APPROVE
    day = await DropoffDayRepository(context.services.db).get(day_id or 0)
    if day is None or day.status != "planned" or day.ends_at <= context.services.clock.now():
        _ = context.t.gettext
        assert update.callback_query is not None
        await update.callback_query.answer(
            _("That day is no longer open. Pick another, or write a time and place."),
            show_alert=True,
        )
        return APPROVE
    return await _decide(update, context, day_id=day.id, details=f"day:{day.id}")


async def typed_answer(update: Update, context: BotContext) -> str | int:
    """The typed time and place, question or reason."""
    if not await admin_or_refuse(update, context):
        return END
    pending = pending_of(context)
    action = pending.get("action")
    if action not in (APPROVE, ASK, DECLINE):
        return await stop(update, context)
    message = update.effective_message
    assert message is not None
    parsed = (
        parse_answer(message.text or "") if action == ASK else parse_short_text(message.text or "")
    )
    if isinstance(parsed, Invalid):
        _ = context.t.gettext
        await say(
            update,
            context,
            _("Please keep it under {maximum} characters.").format(maximum=parsed.maximum),
        )
        return str(action)
    return await _decide(update, context, text=parsed, details="typed")


async def pick_reason(update: Update, context: BotContext) -> str | int:
    """Declines with one of the profile's reasons."""
    parsed = parsed_data(update)
    if parsed is None or not await admin_or_refuse(update, context):
        return END
    _action, request_id, index = parsed
    reasons = context.services.organisation.request_decline_reasons
    if not await _stillpending_of(update, context, request_id) or not (
        index is not None and 0 <= index < len(reasons)
    ):
        return DECLINE
    return await _decide(update, context, preset=index, details=f"preset:{index}")


async def _decide(
    update: Update,
    context: BotContext,
    *,
    text: str | None = None,
    day_id: int | None = None,
    preset: int | None = None,
    details: str,
) -> int:
    pending = pending_of(context)
    action, request_id = str(pending.get("action")), int(pending.get("request_id") or 0)
    if update.callback_query is not None:
        await update.callback_query.answer()
    request = await open_request(update, context, request_id, action)
    if request is None:
        return await stop(update, context, quiet=True)
    requests = RequestRepository(context.services.db)
    now = context.services.clock.now()
    ref = request.reference
    if action == APPROVE:
        changed = await requests.approve(ref, now, collect_text=text, dropoff_day_id=day_id)
    elif action == ASK:
        changed = await requests.ask(ref, text or "", now) is not None
    else:
        changed = await requests.decline(ref, now, preset=preset, text=text)
    return await finish(
        update, context, request_id, action, changed, details, pending.get("origin")
    )


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
    parsed = parsed_data(update)
    if (
        update.callback_query is None
        or parsed is None
        or not await admin_or_refuse(update, context)
    ):
        return
    request = await open_request(update, context, parsed[1], "handed")
    if request is None:
        return
    await update.callback_query.answer()
    now = context.services.clock.now()
    changed = await RequestRepository(context.services.db).mark_handed_over(request.reference, now)
    message = update.callback_query.message
    origin = [message.chat.id, message.message_id] if message else None
    await finish(update, context, request.id, "handed", changed, None, origin)


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


def _waiting(*handlers: Any) -> list[Any]:
    return [
        *handlers,
        MessageHandler(TYPED, typed_answer),
        MessageHandler(filters.UpdateType.MESSAGE & ADMIN_PLACES & ~filters.COMMAND, not_text),
    ]


HANDLERS: list[BaseHandler[Any, Any, Any]] = [
    ConversationHandler(
        name="requests_admin",
        persistent=True,
        allow_reentry=True,
        entry_points=[
            CallbackQueryHandler(start_action, pattern=r"^rqa:(approve|ask|decline):\d{1,9}$")
        ],
        states={
            APPROVE: _waiting(CallbackQueryHandler(pick_day, pattern=r"^rqa:day:\d{1,9}:\d{1,9}$")),
            ASK: _waiting(),
            DECLINE: _waiting(
                CallbackQueryHandler(pick_reason, pattern=r"^rqa:reason:\d{1,9}:\d{1,3}$")
            ),
        },
        fallbacks=[
            CallbackQueryHandler(stop, pattern=r"^rqa:stop$"),
            CommandHandler("cancel", stop, filters=ADMIN_PLACES),
        ],
    ),
    CommandHandler("requests", lists.list_open, filters=ADMIN_PLACES),
    CallbackQueryHandler(handed_over, pattern=r"^rqa:handed:\d{1,9}$"),
    CallbackQueryHandler(lists.show, pattern=r"^rqa:show:\d{1,9}$"),
    CallbackQueryHandler(other_button, pattern=r"^rqa:"),
]
