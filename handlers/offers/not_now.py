"""/notnow for admins: categories we do not take right now, and the reason donors are told."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.i18n import N_, Translator
from bot.roles import is_admin
from domain.not_now import (
    REASON_MAX,
    ClearNotNow,
    NotNowError,
    NotNowProblem,
    SetNotNow,
    ShowList,
    parse_not_now,
)
from domain.offer_models import NotNow
from domain.organisation import Organisation
from handlers.common import ADMIN_PLACES, user_text
from storage.audit import AuditLog
from storage.not_now import NotNowRepository

logger = logging.getLogger(__name__)


def usage(organisation: Organisation, t: Translator) -> str:
    _ = t.gettext
    names = ", ".join(category.label(t.language).lower() for category in organisation.categories)
    return "\n".join(
        [
            _("To pause a category: /notnow møbler No sofas until January, sorry."),
            _("With an end date: /notnow møbler til 2027-01-15 No sofas until then."),
            _("In Danish and English: /notnow møbler Ingen sofaer | No sofas"),
            _("To take it off the list: /notnow møbler off"),
            _("Categories: {names}").format(names=names),
        ]
    )


def listing(
    entries: list[NotNow], organisation: Organisation, t: Translator
) -> tuple[str, InlineKeyboardMarkup | None]:
    _ = t.gettext
    if not entries:
        lines = [_("We take every category right now.")]
        return "\n".join([*lines, "", usage(organisation, t)]), None
    lines = [_("<b>Not taken right now:</b>")]
    buttons = []
    for entry in entries:
        category = organisation.category(entry.category_key)
        label = category.label(t.language) if category else entry.category_key
        until = _(" (until {date})").format(date=t.day(entry.until)) if entry.until else ""
        lines.append(f"• <b>{user_text(label)}</b>{until}: {user_text(entry.reason(t.language))}")
        buttons.append(
            [
                InlineKeyboardButton(
                    _("✖️ Take {category} again").format(category=label),
                    callback_data=f"notnow:clear:{entry.category_key}",
                )
            ]
        )
    return "\n".join([*lines, "", usage(organisation, t)]), InlineKeyboardMarkup(buttons)


PROBLEMS = {
    NotNowProblem.UNKNOWN_CATEGORY: N_("I do not know that category."),
    NotNowProblem.NO_REASON: N_("Please write the reason donors will read."),
    NotNowProblem.BAD_DATE: N_("That date does not exist."),
    NotNowProblem.PAST_DATE: N_("That date has passed."),
    NotNowProblem.TOO_LONG: N_("Please keep the reason under {max} characters."),
}


async def not_now_command(update: Update, context: BotContext) -> None:
    """Lists, sets or clears "not now" categories (admins only)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None or user is None or message is None:
        return
    t = context.t
    _ = t.gettext
    services = context.services
    if not await is_admin(services, user.id):
        logger.warning("Non-admin %s sent /notnow", user.id)
        await message.reply_text(_("This is only for the association's admins."))
        return
    organisation = services.organisation
    now = services.clock.now()
    words = (message.text or "").partition(" ")[2]
    command = parse_not_now(
        words, organisation.categories, now.astimezone(services.settings.zone).date()
    )
    repo = NotNowRepository(services.db)
    if isinstance(command, ShowList):
        text, buttons = listing(await repo.list_all(), organisation, t)
        await message.reply_text(text, reply_markup=buttons)
        return
    if isinstance(command, NotNowError):
        problem = _(PROBLEMS[command.problem]).format(max=REASON_MAX)
        await message.reply_text(f"{problem}\n\n{usage(organisation, t)}")
        return
    category = organisation.category(command.category_key)
    label = category.label(t.language) if category else command.category_key
    if isinstance(command, ClearNotNow):
        removed = await repo.clear(command.category_key)
        if removed:
            await AuditLog(services.db).record(user.id, "notnow.clear", now, command.category_key)
            await message.reply_text(_("✅ {category} is welcome again.").format(category=label))
        else:
            await message.reply_text(_("{category} was not on the list.").format(category=label))
        return
    assert isinstance(command, SetNotNow)
    entry = await repo.set(
        command.category_key, command.reason_da, command.reason_en, command.until, user.id, now
    )
    await AuditLog(services.db).record(
        user.id, "notnow.set", now, command.category_key, str(command.until or "")
    )
    text = _("✅ Donors who choose {category} are now told: {reason}").format(
        category=label, reason=user_text(entry.reason(t.language))
    )
    if entry.until is not None:
        text += "\n" + _("This lasts until {date}.").format(date=t.day(entry.until))
    await message.reply_text(text)


async def clear_pressed(update: Update, context: BotContext) -> None:
    """The "take it again" button under the list."""
    query, user = update.callback_query, update.effective_user
    if query is None:
        return
    _ = context.t.gettext
    services = context.services
    if not await is_admin(services, user.id if user else None):
        logger.warning("Non-admin %s pressed %r", user.id if user else None, query.data)
        await query.answer(_("Only the association's admins can do that."), show_alert=True)
        return
    key = (query.data or "").rsplit(":", 1)[-1]
    repo = NotNowRepository(services.db)
    if user is not None and await repo.clear(key):
        await AuditLog(services.db).record(user.id, "notnow.clear", services.clock.now(), key)
    await query.answer()
    text, buttons = listing(await repo.list_all(), services.organisation, context.t)
    await query.edit_message_text(text, reply_markup=buttons)


HANDLERS = [
    CommandHandler("notnow", not_now_command, filters=ADMIN_PLACES),
    CallbackQueryHandler(clear_pressed, pattern=r"^notnow:clear:[a-z][a-z0-9_]{0,30}$"),
]
