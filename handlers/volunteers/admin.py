"""The admins' side of /frivillig: the request with approve/decline buttons, and the decision.

The first admin to decide wins; every copy of the request is then edited to show the decision,
and the volunteer is told through the outbox.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot.context import BotContext
from bot.i18n import Translator
from bot.roles import is_admin
from bot.services import Services
from domain.clock import to_db
from domain.volunteer_form import display_phone
from domain.volunteers import Volunteer
from handlers.common import user_text
from storage.audit import AuditLog
from storage.volunteers import VolunteerRepository

logger = logging.getLogger(__name__)


def request_key(volunteer: Volunteer) -> str:
    """One request per registration (consent_at changes when they send the form again)."""
    return f"volunteer:{volunteer.id}:request:{to_db(volunteer.consent_at)}"


def request_text(services: Services, t: Translator, volunteer: Volunteer) -> str:
    _ = t.gettext
    labels = []
    for key in volunteer.skills:
        skill = services.organisation.volunteer_skill(key)
        labels.append(skill.label(t.language) if skill else key)
    return "\n".join(
        [
            _("🙋 New volunteer: {name}").format(name=user_text(volunteer.name)),
            f"📞 {user_text(display_phone(volunteer.phone))}",
            _("Likes to do: {skills}").format(skills=user_text(", ".join(labels)) or "–"),
        ]
    )


async def send_request(services: Services, volunteer: Volunteer) -> None:
    """Queues the request to the admin chat (or each admin) with approve/decline buttons."""

    def render(t: Translator) -> tuple[str, InlineKeyboardMarkup | None]:
        _ = t.gettext
        buttons = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(_("✅ Approve"), callback_data=f"vadm:ok:{volunteer.id}"),
                    InlineKeyboardButton(_("❌ Decline"), callback_data=f"vadm:no:{volunteer.id}"),
                ]
            ]
        )
        return request_text(services, t, volunteer), buttons

    await services.notifier.to_admins(render, dedup_key=request_key(volunteer))


async def decide(update: Update, context: BotContext) -> None:
    """Approves or declines once; a second press learns what was decided."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None:
        return
    _ = context.t.gettext
    services = context.services
    if not await is_admin(services, user.id):
        logger.warning("User %s pressed %r but is not an admin", user.id, query.data)
        await query.answer(_("Only the board can approve volunteers."), show_alert=True)
        return
    _prefix, action, raw_id = (query.data or "").split(":")
    volunteers = VolunteerRepository(services.db)
    now = services.clock.now()
    approve = action == "ok"
    decision = await (volunteers.approve if approve else volunteers.decline)(
        int(raw_id), user.id, now
    )
    if decision is None:
        logger.warning("Button %r names no volunteer", query.data)
        await query.answer(_("That request is gone."), show_alert=True)
        return
    volunteer = decision.volunteer
    if not decision.changed:
        await query.answer(
            _("Already decided: {status}.").format(
                status=status_label(context.t, volunteer.status)
            ),
            show_alert=True,
        )
        return
    action_name = "volunteer.approve" if approve else "volunteer.decline"
    await AuditLog(services.db).record(
        user.id, action_name, now, subject=f"volunteer:{volunteer.id}"
    )
    await tell_volunteer(services, volunteer)
    await query.answer()
    await mark_request_messages(update, context, volunteer, user.first_name)


def status_label(t: Translator, status: str) -> str:
    _ = t.gettext
    return {"approved": _("approved"), "declined": _("declined")}.get(status, _("waiting"))


async def tell_volunteer(services: Services, volunteer: Volunteer) -> None:
    """Tells the volunteer the board's answer, once per decision."""
    approved = volunteer.status == "approved"

    def render(t: Translator) -> tuple[str, InlineKeyboardMarkup | None]:
        _ = t.gettext
        if approved:
            text = _("🎉 Welcome to the team, {name}! You can take shifts now.").format(
                name=user_text(volunteer.name)
            )
            button = InlineKeyboardButton(_("📅 See the shifts"), callback_data="shift:list")
            return text, InlineKeyboardMarkup([[button]])
        org = services.organisation
        text = _(
            "Thank you for wanting to help. Right now we cannot take you on as a volunteer."
            " Questions? Call us on {phone}."
        ).format(phone=user_text(org.phone or org.email))
        return text, None

    stamp = to_db(volunteer.decided_at) if volunteer.decided_at else ""
    await services.notifier.send_to_user(
        volunteer.user_id, render, dedup_key=f"volunteer:{volunteer.id}:{volunteer.status}:{stamp}"
    )


async def mark_request_messages(
    update: Update, context: BotContext, volunteer: Volunteer, admin_name: str
) -> None:
    """Edits every copy of the request to show the decision, so no one presses it again."""
    services = context.services
    key = request_key(volunteer)
    edited = False
    for chat_id, t in await services.notifier.admin_targets():
        suffix = "chat" if services.settings.admin_chat_id is not None else str(chat_id)
        row = await services.outbox.get_by_dedup_key(f"{key}:{suffix}")
        if row is None or row.message_id is None:
            continue
        text = decided_text(services, t, volunteer, admin_name)
        edited |= await _edit(context, chat_id, row.message_id, text)
    query = update.callback_query
    if not edited and query is not None and query.message is not None:
        text = decided_text(services, context.t, volunteer, admin_name)
        await _edit(context, query.message.chat.id, query.message.message_id, text)


def decided_text(services: Services, t: Translator, volunteer: Volunteer, admin: str) -> str:
    mark = "✅" if volunteer.status == "approved" else "❌"
    decided = t.gettext("{mark} {status} by {admin}").format(
        mark=mark, status=status_label(t, volunteer.status).capitalize(), admin=user_text(admin)
    )
    return f"{request_text(services, t, volunteer)}\n\n{decided}"


async def _edit(context: BotContext, chat_id: int, message_id: int, text: str) -> bool:
    try:
        await context.bot.edit_message_text(text, chat_id=chat_id, message_id=message_id)
    except BadRequest as error:
        if "not modified" not in str(error).lower():
            logger.warning("Could not edit request message %s/%s: %s", chat_id, message_id, error)
            return False
    return True


HANDLERS: list[BaseHandler[Any, Any, Any]] = [
    CallbackQueryHandler(decide, pattern=r"^vadm:(ok|no):\d{1,9}$"),
]
