"""Giving a role: stored, audited, told to the person, and their command list changed."""

from __future__ import annotations

import logging

from telegram import BotCommandScopeChat
from telegram.error import TelegramError

from bot.commands import command_list
from bot.context import BotContext
from bot.i18n import Translator
from bot.roles import Role
from storage.audit import AuditLog
from storage.roles import RoleRepository, StoredRole

logger = logging.getLogger(__name__)


async def grant(context: BotContext, owner: int, target: int, role: StoredRole) -> None:
    """Gives the role once (a doubled press changes nothing) and tells the person."""
    services = context.services
    now = services.clock.now()
    if not await RoleRepository(services.db).grant(target, role, owner, now):
        return
    await AuditLog(services.db).record(
        owner, "role.grant", now, subject=f"user:{target}", details=role
    )
    org = services.organisation.name

    def render(t: Translator) -> tuple[str, None]:
        if role == "admin":
            text = t.gettext("🎉 You are now an admin of {org}. Send /help to see what you can do.")
        else:
            text = t.gettext(
                "🎉 You are now a coordinator of {org}: you can manage drop-off days and shifts.\n"
                "/newdate – a new drop-off day\n/plan – repeating days\n"
                "/roster – who is on which shift\n/dates – the coming days"
            )
        return text.format(org=org), None

    await context.notify.send_to_user(
        target, render, dedup_key=f"role:{target}:{role}:{now.timestamp():.0f}"
    )
    await set_commands(context, target, Role.ADMIN if role == "admin" else Role.COORDINATOR)
    logger.info("User %s is now %s (by %s)", target, role, owner)


async def set_commands(context: BotContext, user_id: int, role: Role) -> None:
    """The person's command list in their chat for the new role (best effort)."""
    scope = BotCommandScopeChat(user_id)
    try:
        if role > Role.NONE:
            language = (await context.services.users.languages([user_id])).get(user_id)
            commands = command_list(context.services.i18n, language, role=role)
            await context.bot.set_my_commands(commands, scope=scope)
        else:
            await context.bot.delete_my_commands(scope=scope)
    except TelegramError as error:
        logger.warning("Could not change the commands of %s: %s", user_id, error)
