"""/start, /help and the main menu: the first thing everyone sees."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.commands import visible_to
from bot.context import BotContext
from bot.keyboards import main_menu
from bot.roles import role_of
from bot.settings import Settings
from handlers.common import PRIVATE, send_menu, user_text
from handlers.journey import Handler


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
    text = "\n".join(
        [greeting, org.opening_note.in_(context.t.language), "", _("What would you like to do?")]
    )
    await context.bot.send_message(chat.id, text, reply_markup=main_menu(context.t))


async def show_menu(update: Update, context: BotContext) -> None:
    """Shows the main menu again (the 'menu' button at the end of a journey)."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    await send_menu(update, context, context.t.gettext("What would you like to do?"))


async def help_command(update: Update, context: BotContext) -> None:
    """Explains what the bot does and lists the commands."""
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
    visible = visible_to(role)
    lines += [f"/{spec.name} – {_(spec.description)}" for spec in visible if not spec.min_role]
    board = [f"/{spec.name} – {_(spec.description)}" for spec in visible if spec.min_role]
    if board:
        lines += ["", _("For the board:"), *board]
    contact = " · ".join(part for part in (org.phone, org.email) if part)
    if contact:
        lines += ["", _("Contact: {contact}").format(contact=user_text(contact))]
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, "\n".join(lines))


def build(settings: Settings) -> list[Handler]:
    return [
        CommandHandler("start", start, filters=PRIVATE),
        CommandHandler("help", help_command, filters=PRIVATE),
        CallbackQueryHandler(show_menu, pattern=r"^menu:home$"),
    ]
