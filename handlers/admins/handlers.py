"""/admins for owners (ADMIN_IDS): who may do what (/audit, in audit.py, shows who did what).

Owners add admins (an approved volunteer from a list, or anyone by Telegram user id once they
have written to the bot), make an approved volunteer a coordinator, and take either role away.
Every change is one action in actions.py (role row, audit row and the person's notice in one
commit); the person's command list follows after it (command_lists.py).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from bot.i18n import Translator
from bot.settings import Settings
from domain.roles import GrantedRole, Role
from handlers.admins.actions import grant_role, revoke_role
from handlers.admins.audit import audit_command, names_of
from handlers.admins.command_lists import set_commands
from handlers.admins.texts import roles_buttons, roles_text, volunteer_buttons
from handlers.common import admin_places, cancel_handler
from handlers.common.access import owner_only
from handlers.journey import Handler

logger = logging.getLogger(__name__)

END = ConversationHandler.END
ASK_ID = "admin_id"
DRAFT = "admins_draft"


async def admins_command(update: Update, context: BotContext) -> int:
    """Lists owners, admins and coordinators, with buttons to change them."""
    if await owner_only(update, context, "admins"):
        await show_roles(update, context)
    return END


async def list_again(update: Update, context: BotContext) -> int:
    """Shows the list again (the back button)."""
    query = update.callback_query
    if query is None or not await owner_only(update, context, "admins"):
        return END
    await query.answer()
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    await show_roles(update, context, edit=True)
    return END


async def show_roles(update: Update, context: BotContext, *, edit: bool = False) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    roles = context.services.repos.roles
    owners = list(context.services.settings.admin_ids)
    grants = await roles.all()
    names = await names_of(context, owners + [grant.user_id for grant in grants])
    text = roles_text(context.t, owners, grants, names)
    buttons = roles_buttons(context.t, grants, names)
    query = update.callback_query
    if edit and query is not None:
        try:
            await query.edit_message_text(text, reply_markup=buttons)
            return
        except BadRequest as error:  # too old to edit, or nothing changed
            logger.info("Could not edit the roles list: %s", error)
    await context.bot.send_message(chat.id, text, reply_markup=buttons)


async def ask_admin_id(update: Update, context: BotContext) -> str | int:
    """Offers the approved volunteers as buttons, or asks for the new admin's user id."""
    query = update.callback_query
    if query is None or update.effective_chat is None:
        return END
    if not await owner_only(update, context, "admins"):
        return END
    await query.answer()
    if context.user_data is not None:
        context.user_data[DRAFT] = {"step": ASK_ID}
    volunteers = await context.services.repos.roles.volunteers_without_role()
    text = _id_hint(context.t)
    if volunteers:
        text = context.t.gettext("Choose one of the volunteers below, or:") + "\n" + text
    buttons = volunteer_buttons(context.t, volunteers, action="pick")
    await context.bot.send_message(update.effective_chat.id, text, reply_markup=buttons)
    return ASK_ID


def _id_hint(t: Translator) -> str:
    return t.gettext(
        "Write the Telegram user id of the new admin (digits only, e.g. 123456789). "
        "The person must have written to me once. They can find their id with @userinfobot."
    )


async def got_admin_id(update: Update, context: BotContext) -> str | int:
    """Makes the person with that id an admin, if they have used the bot."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or update.effective_chat is None:
        return ASK_ID
    if not await owner_only(update, context, "admins"):
        return END
    _ = context.t.gettext
    chat_id = update.effective_chat.id
    text = (message.text or "").strip()
    if not text.isdigit() or len(text) > 15:
        await context.bot.send_message(
            chat_id, _("That is not a user id.") + "\n" + _id_hint(context.t)
        )
        return ASK_ID
    new_admin = int(text)
    services = context.services
    if new_admin in services.settings.admin_ids:
        await context.bot.send_message(
            chat_id, _("User {id} is responsible for the bot already.").format(id=new_admin)
        )
        return ASK_ID
    if await services.users.get(new_admin) is None:
        await context.bot.send_message(
            chat_id,
            _("I do not know user {id} yet. Ask them to send /start to me, then try again.").format(
                id=new_admin
            ),
        )
        return ASK_ID
    await grant(context, user.id, new_admin, GrantedRole.ADMIN)
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    await show_roles(update, context)
    return END


async def pick_admin(update: Update, context: BotContext) -> int:
    """Makes the chosen approved volunteer an admin."""
    return await _volunteer_chosen(update, context, GrantedRole.ADMIN)


async def make_coordinator(update: Update, context: BotContext) -> int:
    """Gives an approved volunteer the coordinator role."""
    return await _volunteer_chosen(update, context, GrantedRole.COORDINATOR)


async def _volunteer_chosen(update: Update, context: BotContext, role: GrantedRole) -> int:
    """Gives the pressed approved volunteer ('admins:<pick|coord>:<id>') the role."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or not await owner_only(update, context, "admins"):
        return END
    if not await _may_get_role(update, context, role):
        return END
    await query.answer()
    if context.user_data is not None:
        context.user_data.pop(DRAFT, None)
    await grant(context, user.id, int((query.data or "").rsplit(":", 1)[-1]), role)
    await show_roles(update, context, edit=True)
    return END


async def grant(context: BotContext, owner: int, target: int, role: GrantedRole) -> None:
    """Gives the role once (actions.grant_role), then changes the person's command list."""
    if await grant_role(context.services, owner, target, role):
        await set_commands(context, target, role.rank)


async def _may_get_role(update: Update, context: BotContext, role: GrantedRole) -> bool:
    """False (with an alert) when the pressed person has a role or is no approved volunteer."""
    query = update.callback_query
    assert query is not None
    _ = context.t.gettext
    target = int((query.data or "").rsplit(":", 1)[-1])
    roles = context.services.repos.roles
    if target in context.services.settings.admin_ids or await roles.role_of(target):
        await query.answer(_("They have a role already."), show_alert=True)
        return False
    if not await roles.is_volunteer(target):
        logger.warning("%s button for %s, not an approved volunteer", role, target)
        await query.answer(_("That is not an approved volunteer."), show_alert=True)
        return False
    return True


async def id_other_input(update: Update, context: BotContext) -> str:
    """Answers a sticker, photo … while a user id is wanted."""
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, _id_hint(context.t))
    return ASK_ID


async def choose_coordinator(update: Update, context: BotContext) -> int:
    """Shows the approved volunteers who have no role yet."""
    query = update.callback_query
    if query is None or not await owner_only(update, context, "admins"):
        return END
    await query.answer()
    volunteers = await context.services.repos.roles.volunteers_without_role()
    _ = context.t.gettext
    text = (
        _("Who should be a coordinator? (approved volunteers)")
        if volunteers
        else _("There is no approved volunteer without a role yet.")
    )
    try:
        await query.edit_message_text(text, reply_markup=volunteer_buttons(context.t, volunteers))
    except BadRequest as error:
        logger.info("Could not edit the roles list: %s", error)
    return END


async def remove_role(update: Update, context: BotContext) -> int:
    """Takes the admin or coordinator role away."""
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or not await owner_only(update, context, "admins"):
        return END
    _ = context.t.gettext
    target = int((query.data or "").rsplit(":", 1)[-1])
    if await revoke_role(context.services, user.id, target) is None:
        await query.answer(_("They have no role any more."), show_alert=True)
        return END
    await query.answer(_("Removed."))
    await set_commands(context, target, Role.NONE)
    await show_roles(update, context, edit=True)
    return END


def build(settings: Settings) -> list[Handler]:
    """/admins (a conversation: its one typed step is a user id) and /audit."""
    places = admin_places(settings)
    return [
        ConversationHandler(
            name="admins",
            persistent=True,
            allow_reentry=True,
            entry_points=[
                CommandHandler(["admins", "roller"], admins_command, filters=places),
                CallbackQueryHandler(list_again, pattern=r"^admins:list$"),
                CallbackQueryHandler(ask_admin_id, pattern=r"^admins:add$"),
                CallbackQueryHandler(choose_coordinator, pattern=r"^admins:coord$"),
                CallbackQueryHandler(make_coordinator, pattern=r"^admins:coord:\d{1,15}$"),
                CallbackQueryHandler(pick_admin, pattern=r"^admins:pick:\d{1,15}$"),
                CallbackQueryHandler(remove_role, pattern=r"^admins:rm:\d{1,15}$"),
            ],
            states={
                ASK_ID: [MessageHandler(places & filters.TEXT & ~filters.COMMAND, got_admin_id)]
            },
            fallbacks=[
                cancel_handler(places),
                MessageHandler(
                    places & ~filters.COMMAND & ~filters.StatusUpdate.ALL, id_other_input
                ),
            ],
        ),
        CommandHandler(["audit", "log"], audit_command, filters=places),
    ]
