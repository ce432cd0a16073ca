"""The bot's commands: one list, registered with Telegram (setMyCommands) in Danish and English."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import (
    Bot,
    BotCommand,
    BotCommandScope,
    BotCommandScopeChat,
    BotCommandScopeDefault,
)
from telegram.error import TelegramError

from bot.i18n import N_, I18n
from bot.roles import Role

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CommandSpec:
    name: str
    description: str  # an N_() marked English text, translated when registered
    admin_only: bool = False
    # Who may use it, when not simply "admins" (admin_only) or "everyone".
    role: Role | None = None

    @property
    def min_role(self) -> Role:
        if self.role is not None:
            return self.role
        return Role.ADMIN if self.admin_only else Role.NONE


# Order is the order people see in Telegram's menu and in /help.
COMMANDS: list[CommandSpec] = [
    CommandSpec("start", N_("Main menu")),
    CommandSpec("help", N_("What I can do")),
    CommandSpec("language", N_("Dansk / English / Українська / العربية")),
    CommandSpec("cancel", N_("Stop what you are doing")),
    # donor journey
    CommandSpec("donate", N_("Give things")),
    CommandSpec("mine", N_("My offers and shifts")),
    CommandSpec("offers", N_("Offers waiting for an answer"), admin_only=True),
    CommandSpec("notnow", N_("Pause a category: /notnow møbler reason"), admin_only=True),
    # recipient journey
    CommandSpec("request", N_("Ask for help")),
    CommandSpec("privacy", N_("How we take care of your data")),
    CommandSpec("mydata", N_("Get the data we have about you")),
    CommandSpec("deletedata", N_("Delete your data")),
    CommandSpec("requests", N_("Open help requests"), admin_only=True),
    # volunteer journey
    CommandSpec("volunteer", N_("Become a volunteer")),
    CommandSpec("shifts", N_("Shifts: take or leave one")),
    CommandSpec("dates", N_("Coming drop-off days")),
    CommandSpec("newdate", N_("Create a drop-off day"), role=Role.COORDINATOR),
    CommandSpec("plan", N_("Repeating drop-off days"), role=Role.COORDINATOR),
    CommandSpec("roster", N_("Who is on a day, with phone numbers"), role=Role.COORDINATOR),
    # announcements and subscriptions
    CommandSpec("subscribe", N_("News and reminders: choose what you get")),
    CommandSpec("unsubscribe", N_("Stop news and reminders")),
    CommandSpec("announce", N_("Send an announcement"), admin_only=True),
    CommandSpec("scheduled", N_("Planned announcements"), admin_only=True),
    CommandSpec(
        "efterlys", N_("Wanted posts: ask donors for what a family needs"), admin_only=True
    ),
    # board overview
    CommandSpec("stats", N_("Statistics and a chart for the board"), admin_only=True),
    CommandSpec("export", N_("Export data as spreadsheet files"), admin_only=True),
    CommandSpec("admins", N_("Admins and coordinators (owners)"), role=Role.OWNER),
    CommandSpec("audit", N_("Who did what (owners)"), role=Role.OWNER),
    CommandSpec("status", N_("How the bot is doing"), admin_only=True),
]


def command_list(
    i18n: I18n, language: str | None, admin: bool = False, role: Role | None = None
) -> list[BotCommand]:
    """The commands someone with this role may use (admin=True: an admin's)."""
    level = role if role is not None else (Role.ADMIN if admin else Role.NONE)
    t = i18n(language)
    return [
        BotCommand(spec.name, t.gettext(spec.description))
        for spec in COMMANDS
        if spec.min_role <= level
    ]


def visible_to(role: Role) -> list[CommandSpec]:
    return [spec for spec in COMMANDS if spec.min_role <= role]


async def register_commands(bot: Bot, i18n: I18n, admin_chats: list[int]) -> None:
    """Default list in the default language, one per language, and a fuller one for admins."""
    await _set(bot, command_list(i18n, None, admin=False), BotCommandScopeDefault(), None)
    for translator in i18n.all():
        commands = command_list(i18n, translator.language, admin=False)
        await _set(bot, commands, BotCommandScopeDefault(), translator.language)
    for chat_id in admin_chats:
        # Owners (ADMIN_IDS) privately get everything; the admin group gets the admins' list.
        role = Role.ADMIN if chat_id < 0 else Role.OWNER
        await _set(bot, command_list(i18n, None, role=role), BotCommandScopeChat(chat_id), None)


async def _set(
    bot: Bot, commands: list[BotCommand], scope: BotCommandScope, language: str | None
) -> None:
    try:
        await bot.set_my_commands(commands, scope=scope, language_code=language)
    except TelegramError as error:
        # Commands are a convenience: the bot works without them. An admin who has never
        # written to the bot has no chat yet, so Telegram refuses their list until they do.
        logger.warning("Could not register commands (%s, %s): %s", scope.type, language, error)
