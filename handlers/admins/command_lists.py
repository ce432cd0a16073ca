"""The person's own command list in their chat, changed after their role changed (best effort:
a Bot API call, so it runs after the action has committed)."""

from __future__ import annotations

import logging

from telegram import BotCommandScopeChat
from telegram.error import TelegramError

from bot.commands import command_list
from bot.context import BotContext
from domain.roles import Role

logger = logging.getLogger(__name__)


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
