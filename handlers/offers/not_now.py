"""/notnow for admins: categories we do not take right now, and the reason donors are told.

The words are parsed in domain/not_now.py; a change is actions.pause_category or
actions.take_category_again (the list and its audit row in one transaction).
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.context import BotContext
from bot.i18n import N_, Translator
from bot.settings import Settings
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
from handlers.common import admin_places, user_text
from handlers.common.access import admin_only
from handlers.journey import Handler
from handlers.offers import actions

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
    if not await admin_only(update, context, "/notnow"):
        return
    organisation = services.organisation
    now = services.clock.now()
    words = (message.text or "").partition(" ")[2]
    command = parse_not_now(
        words, organisation.categories, now.astimezone(services.settings.zone).date()
    )
    if isinstance(command, ShowList):
        text, buttons = listing(await services.repos.not_now.list_all(), organisation, t)
        await message.reply_text(text, reply_markup=buttons)
        return
    if isinstance(command, NotNowError):
        problem = _(PROBLEMS[command.problem]).format(max=REASON_MAX)
        await message.reply_text(f"{problem}\n\n{usage(organisation, t)}")
        return
    category = organisation.category(command.category_key)
    label = category.label(t.language) if category else command.category_key
    if isinstance(command, ClearNotNow):
        if await actions.take_category_again(services, user.id, command.category_key):
            await message.reply_text(_("✅ {category} is welcome again.").format(category=label))
        else:
            await message.reply_text(_("{category} was not on the list.").format(category=label))
        return
    assert isinstance(command, SetNotNow)
    entry = await actions.pause_category(services, user.id, command)
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
    services = context.services
    if user is None or not await admin_only(update, context, "a /notnow button"):
        return
    key = (query.data or "").rsplit(":", 1)[-1]
    await actions.take_category_again(services, user.id, key)
    await query.answer()
    text, buttons = listing(
        await services.repos.not_now.list_all(), services.organisation, context.t
    )
    await query.edit_message_text(text, reply_markup=buttons)


def build(settings: Settings) -> list[Handler]:
    return [
        CommandHandler("notnow", not_now_command, filters=admin_places(settings)),
        CallbackQueryHandler(clear_pressed, pattern=r"^notnow:clear:[a-z][a-z0-9_]{0,30}$"),
    ]
