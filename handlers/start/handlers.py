"""/start, /help and the main menu: the first thing everyone sees."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.commands import HELP_GROUP_TITLES, CommandSpec, HelpGroup, visible_to
from bot.context import BotContext
from bot.i18n import Translator
from bot.keyboards import main_menu
from bot.roles import Role, role_of
from bot.settings import Settings
from domain.phone import display_phone
from handlers.common import PRIVATE, edit_in_place, send_menu, user_text
from handlers.journey import Handler
from handlers.requests import family_pickups


async def start(update: Update, context: BotContext) -> None:
    """Greets the person by name and shows the main menu."""
    _ = context.t.gettext
    org = context.services.organisation
    user = update.effective_user
    chat = update.effective_chat
    if chat is None:
        return
    name = user_text(user.first_name) if user else ""
    greeting = _("Hi {name} 👋\nWelcome to {org}.").format(name=name, org=user_text(org.name))
    # A family reads about their own times to collect, not the donors' drop-off days.
    requests = await family_pickups.requests_of(context.services, user.id if user else None)
    if requests:
        about = "\n" + await family_pickups.overview(context.services, context.t, requests)
    else:
        about = org.opening_note.in_(context.t.language)
    text = "\n".join([greeting, about, "", _("What would you like to do?")])
    menu = main_menu(context.t, family=bool(requests))
    await context.bot.send_message(chat.id, text, reply_markup=menu)


async def show_menu(update: Update, context: BotContext) -> None:
    """Shows the main menu again (the 'menu' button at the end of a journey)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await send_menu(update, context, context.t.gettext("What would you like to do?"))


def _line(spec: CommandSpec, t: Translator) -> str:
    return f"/{spec.name_in(t.language)} – {t.gettext(spec.description)}"


def board_groups(role: Role) -> list[HelpGroup]:
    """The groups of board commands this role may use, in the order of COMMANDS."""
    found = [spec.group for spec in visible_to(role) if spec.group is not None]
    return list(dict.fromkeys(found))


def group_buttons(t: Translator, groups: list[HelpGroup]) -> InlineKeyboardMarkup | None:
    if not groups:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t.gettext(HELP_GROUP_TITLES[group]), callback_data=f"help:{group}"
                )
            ]
            for group in groups
        ]
    )


async def help_command(update: Update, context: BotContext) -> None:
    """Explains what the bot does and lists everyone's commands, by their names in the reader's
    language; the board's commands come in groups behind buttons, each fitting a phone screen."""
    _ = context.t.gettext
    org = context.services.organisation
    user = update.effective_user
    role = await role_of(context.services, user.id if user else None)
    lines = [
        _("I help {org}: people give things, and people who need them get them for free.").format(
            org=user_text(org.name)
        ),
        "",
        _("You can use:"),
    ]
    lines += [_line(spec, context.t) for spec in visible_to(role) if spec.group is None]
    groups = board_groups(role)
    contact = " · ".join(part for part in (display_phone(org.phone), org.email) if part)
    if groups:
        lines += ["", _("For the board: choose below.")]
    elif contact:
        lines += ["", _("Contact: {contact}").format(contact=user_text(contact))]
    if update.effective_chat is not None:
        await context.bot.send_message(
            update.effective_chat.id,
            "\n".join(lines),
            reply_markup=group_buttons(context.t, groups),
        )


async def help_group(update: Update, context: BotContext) -> None:
    """One group of the board's commands, under a heading; the buttons stay for the others."""
    query = update.callback_query
    if query is None:
        return
    user = update.effective_user
    role = await role_of(context.services, user.id if user else None)
    groups = board_groups(role)
    wanted = (query.data or "").removeprefix("help:")
    group = next((group for group in groups if group == wanted), None)
    if group is None:  # forged, or no longer theirs
        await query.answer(context.t.gettext("Send /help to see what I can do."), show_alert=True)
        return
    await query.answer()
    specs = [spec for spec in visible_to(role) if spec.group is group]
    lines = [f"<b>{context.t.gettext(HELP_GROUP_TITLES[group])}</b>"]
    lines += [_line(spec, context.t) for spec in specs]
    await edit_in_place(query, "\n".join(lines), group_buttons(context.t, groups))


def build(settings: Settings) -> list[Handler]:
    return [
        CommandHandler("start", start, filters=PRIVATE),
        CommandHandler("help", help_command, filters=PRIVATE),
        CallbackQueryHandler(show_menu, pattern=r"^menu:home$"),
        CallbackQueryHandler(help_group, pattern=r"^help:[a-z]{1,16}$"),
    ]
