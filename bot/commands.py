"""The bot's commands: one list, registered with Telegram (setMyCommands) in Danish and English."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

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


class HelpGroup(StrEnum):
    """The board's commands in /help come in groups, so that each list fits a phone screen."""

    CASES = "cases"
    DAYS = "days"
    NEWS = "news"
    OVERVIEW = "overview"


HELP_GROUP_TITLES: dict[HelpGroup, str] = {
    HelpGroup.CASES: N_("📦 Offers, requests and messages"),
    HelpGroup.DAYS: N_("📅 Drop-off days and volunteers"),
    HelpGroup.NEWS: N_("📣 Announcements"),
    HelpGroup.OVERVIEW: N_("📊 Overview and roles"),
}


@dataclass(frozen=True)
class CommandSpec:
    name: str
    description: str  # an N_() marked English text, translated when registered
    admin_only: bool = False
    # Who may use it, when not simply "admins" (admin_only) or "everyone".
    role: Role | None = None
    # Its Danish name (/frivillig for /volunteer): shown to Danish readers, and it works for all.
    da: str | None = None
    group: HelpGroup | None = None  # the board's commands: their group in /help

    @property
    def min_role(self) -> Role:
        if self.role is not None:
            return self.role
        return Role.ADMIN if self.admin_only else Role.NONE

    @property
    def names(self) -> tuple[str, ...]:
        """Every name it answers to: the English one, then the Danish one."""
        return (self.name, self.da) if self.da else (self.name,)

    def name_in(self, language: str | None) -> str:
        """The name a reader of this language is shown (Danish readers: the Danish one)."""
        return self.da if self.da and language == "da" else self.name


C, D, N, V = HelpGroup.CASES, HelpGroup.DAYS, HelpGroup.NEWS, HelpGroup.OVERVIEW
COORDINATOR = Role.COORDINATOR

# Order is the order people see in Telegram's menu and in /help.
COMMANDS: list[CommandSpec] = [
    CommandSpec("start", N_("Main menu")),
    CommandSpec("help", N_("What I can do")),
    CommandSpec("language", N_("Dansk / English / Українська / العربية"), da="sprog"),
    CommandSpec("cancel", N_("Stop what you are doing"), da="annuller"),
    # donor journey
    CommandSpec("donate", N_("Give things"), da="doner"),
    CommandSpec("mine", N_("My offers and shifts")),
    CommandSpec("offers", N_("Offers waiting for an answer"), admin_only=True, group=C),
    CommandSpec("notnow", N_("Pause a category: /notnow møbler reason"), admin_only=True, group=C),
    # recipient journey
    CommandSpec("request", N_("Ask for help"), da="hjaelp"),
    CommandSpec("privacy", N_("How we take care of your data"), da="privatliv"),
    CommandSpec("mydata", N_("Get the data we have about you"), da="minedata"),
    CommandSpec("deletedata", N_("Delete your data"), da="sletdata"),
    CommandSpec("requests", N_("Open help requests"), admin_only=True, group=C),
    CommandSpec(
        "inbox", N_("Messages waiting for an answer"), role=COORDINATOR, da="indbakke", group=C
    ),
    # volunteer journey
    CommandSpec("volunteer", N_("Become a volunteer"), da="frivillig"),
    CommandSpec("shifts", N_("Shifts: take or leave one"), da="vagter"),
    CommandSpec("dates", N_("Coming drop-off days"), da="datoer"),
    CommandSpec("newdate", N_("Create a drop-off day"), role=COORDINATOR, group=D),
    CommandSpec("plan", N_("Repeating drop-off days"), role=COORDINATOR, group=D),
    CommandSpec(
        "roster",
        N_("Who is on a day, with phone numbers"),
        role=COORDINATOR,
        da="vagtplan",
        group=D,
    ),
    # announcements and subscriptions
    CommandSpec("subscribe", N_("News and reminders: choose what you get"), da="abonner"),
    CommandSpec("unsubscribe", N_("Stop news and reminders"), da="afmeld"),
    CommandSpec("announce", N_("Send an announcement"), admin_only=True, da="opslag", group=N),
    CommandSpec("scheduled", N_("Planned announcements"), admin_only=True, da="planlagt", group=N),
    CommandSpec(
        "wanted",
        N_("Wanted posts: ask donors for what a family needs"),
        admin_only=True,
        da="efterlys",
        group=N,
    ),
    # board overview
    CommandSpec(
        "stats",
        N_("Statistics and a chart for the board"),
        admin_only=True,
        da="statistik",
        group=V,
    ),
    CommandSpec(
        "export", N_("Export data as spreadsheet files"), admin_only=True, da="eksport", group=V
    ),
    CommandSpec(
        "admins", N_("Admins and coordinators (owners)"), role=Role.OWNER, da="roller", group=V
    ),
    CommandSpec("audit", N_("Who did what (owners)"), role=Role.OWNER, da="log", group=V),
    CommandSpec("status", N_("How the bot is doing"), admin_only=True, group=V),
]


def command_list(
    i18n: I18n, language: str | None, admin: bool = False, role: Role | None = None
) -> list[BotCommand]:
    """The commands someone with this role may use (admin=True: an admin's)."""
    level = role if role is not None else (Role.ADMIN if admin else Role.NONE)
    t = i18n(language)
    return [
        BotCommand(spec.name_in(t.language), t.gettext(spec.description))
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
