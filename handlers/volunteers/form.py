"""The /volunteer (/frivillig) form: name, phone, what they like to do, consent; then the
board approves (handlers/volunteers/decisions.py).

The draft lives in user_data["volunteer_draft"]; its keys say how far the person got, so "Back"
and a restart after a crash both land on the right step.
"""

from __future__ import annotations

from typing import Any

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.context import BotContext
from domain.offers import Valid
from domain.phone import display_phone
from domain.volunteer_form import check_name, check_phone, toggle_skill
from domain.volunteers import Registration, VolunteerStatus
from handlers.common import PRIVATE, cancel_conversation, cancel_handler, user_text
from handlers.common.privacy import volunteer_note
from handlers.shifts import handlers as shifts
from handlers.volunteers.actions import register_volunteer
from handlers.volunteers.keyboards import (
    back_button,
    consent_keyboard,
    phone_keyboard,
    skills_keyboard,
)

NAME, PHONE, SKILLS, CONSENT = "vol_name", "vol_phone", "vol_skills", "vol_consent"
DRAFT = "volunteer_draft"


def _draft(context: BotContext) -> dict[str, Any]:
    assert context.user_data is not None
    draft: dict[str, Any] = context.user_data.setdefault(DRAFT, {})
    return draft


async def _say(update: Update, context: BotContext, text: str, markup: Any = None) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()
    if update.effective_chat is not None:
        await context.bot.send_message(update.effective_chat.id, text, reply_markup=markup)


async def begin(update: Update, context: BotContext) -> str | int:
    """Starts the form, or says where an earlier request stands."""
    _ = context.t.gettext
    user = update.effective_user
    if user is None:
        return ConversationHandler.END
    volunteer = await context.services.repos.volunteers.get_by_user(user.id)
    if volunteer is not None and volunteer.status is VolunteerStatus.APPROVED:
        if update.callback_query is not None and update.callback_query.data == "menu:volunteer":
            await shifts.show_shifts(update, context)
            return ConversationHandler.END
        text = _("You are one of our volunteers 💚 See the shifts with /shifts.")
    elif volunteer is not None and volunteer.status is VolunteerStatus.PENDING:
        text = _("Thank you! Your request is waiting for the board. You will hear from us.")
    else:
        return await start_form(update, context)
    update_button = InlineKeyboardButton(_("✏️ Update my details"), callback_data="vol:update")
    await _say(update, context, text, InlineKeyboardMarkup([[update_button]]))
    return ConversationHandler.END


async def start_form(update: Update, context: BotContext) -> str:
    """Starts with an empty form."""
    assert context.user_data is not None
    context.user_data[DRAFT] = {}
    return await ask_name(update, context)


async def ask_name(update: Update, context: BotContext) -> str:
    _ = context.t.gettext
    user = update.effective_user
    buttons = []
    if user is not None:
        full = " ".join(part for part in (user.first_name, user.last_name) if part)
        if check_name(full) == Valid(full):
            label = _("Use “{name}”").format(name=full)[:60]
            buttons.append([InlineKeyboardButton(label, callback_data="vol:name:telegram")])
    text = _("🙋 How nice that you want to help!\nStep 1 of 4: What is your name?")
    await _say(update, context, text, InlineKeyboardMarkup([*buttons, [back_button(context.t)]]))
    return NAME


async def on_name(update: Update, context: BotContext) -> str:
    """Stores the name (typed or Telegram's) and asks for the phone number."""
    user = update.effective_user
    if update.callback_query is not None and user is not None:
        text = " ".join(part for part in (user.first_name, user.last_name) if part)
    else:
        text = (update.effective_message.text or "") if update.effective_message else ""
    checked = check_name(text)
    if not isinstance(checked, Valid):
        await _say(update, context, context.t.gettext("Please write your name (2 to 60 letters)."))
        return NAME
    _draft(context)["name"] = checked.value
    return await ask_phone(update, context)


async def ask_phone(update: Update, context: BotContext) -> str:
    _ = context.t.gettext
    keyboard = phone_keyboard(context.t)
    text = _(
        "Step 2 of 4: Your phone number, so we can call you on the day?"
        " Tap the button, or write it."
    )
    await _say(update, context, text, keyboard)
    return PHONE


async def on_phone(update: Update, context: BotContext) -> str | int:
    """Stores a valid phone number (shared or typed) and asks what they like to do."""
    _ = context.t.gettext
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return PHONE
    if message.contact is not None:
        if message.contact.user_id != user.id:
            await message.reply_text(_("Please send your own number: tap “📱 Send my number”."))
            return PHONE
        checked = check_phone(message.contact.phone_number, shared_contact=True)
    elif (message.text or "").strip() == _("⬅️ Back"):
        return await back(update, context)
    else:
        checked = check_phone((message.text or "")[:40])
    if not isinstance(checked, Valid):
        await message.reply_text(
            _("That does not look like a phone number. Write it like 20 12 34 56.")
        )
        return PHONE
    _draft(context)["phone"] = checked.value
    await message.reply_text(_("Thanks 👍"), reply_markup=ReplyKeyboardRemove())
    return await ask_skills(update, context)


def _skills(context: BotContext) -> InlineKeyboardMarkup:
    chosen = _draft(context).get("skills", [])
    return skills_keyboard(context.t, context.services.organisation, chosen)


async def ask_skills(update: Update, context: BotContext) -> str:
    if not context.services.organisation.volunteer_skills:
        _draft(context)["skills_done"] = True
        return await ask_consent(update, context)
    text = context.t.gettext("Step 3 of 4: What do you like to do? Tap all that fit, then ➡️ Done.")
    await _say(
        update,
        context,
        text,
        _skills(context),
    )
    return SKILLS


async def on_skill(update: Update, context: BotContext) -> str:
    """Ticks or unticks one thing they like to do."""
    query = update.callback_query
    assert query is not None
    key = (query.data or "").rsplit(":", 1)[-1]
    known = [skill.key for skill in context.services.organisation.volunteer_skills]
    if key not in known:
        await query.answer(context.t.gettext("That button no longer works."), show_alert=True)
        return SKILLS
    draft = _draft(context)
    draft["skills"] = toggle_skill(draft.get("skills", []), key, known)
    await query.answer()
    await query.edit_message_reply_markup(_skills(context))
    return SKILLS


async def on_skills_done(update: Update, context: BotContext) -> str:
    """Closes the choice and asks for consent."""
    _draft(context)["skills_done"] = True
    return await ask_consent(update, context)


async def ask_consent(update: Update, context: BotContext) -> str:
    _ = context.t.gettext
    draft = _draft(context)
    text = "\n".join(
        [
            _("Step 4 of 4: May we keep this?"),
            f"👤 {user_text(draft.get('name'))}  📞 {user_text(display_phone(draft.get('phone')))}",
            _(
                "The board and the coordinators use it to plan shifts and to call you. Nobody else"
                " sees it. You can have it deleted at any time."
            ),
            volunteer_note(context.t, context.services.organisation),
        ]
    )
    markup = consent_keyboard(context.t)
    await _say(update, context, text, markup)
    return CONSENT


async def on_consent(update: Update, context: BotContext) -> int:
    """Stores the volunteer with their consent and sends the request to the admins."""
    _ = context.t.gettext
    query = update.callback_query
    user = update.effective_user
    if query is None or user is None or query.data == "vol:consent:no":
        return await cancel_conversation(update, context)
    draft = _draft(context)
    _volunteer, outcome = await register_volunteer(
        context.services, user.id, draft["name"], draft["phone"], draft.get("skills", [])
    )
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]
    if outcome is Registration.UPDATED:
        text = _("✅ Your details are updated.")
    else:
        text = _("🙏 Thank you! The board will look at your request soon, and I will tell you.")
    await query.answer()
    await query.edit_message_text(text)
    return ConversationHandler.END


async def back(update: Update, context: BotContext) -> int | str:
    """One step back; from the first step, out of the form."""
    draft = _draft(context)
    if update.effective_message is not None and update.callback_query is None:
        await update.effective_message.reply_text("↩️", reply_markup=ReplyKeyboardRemove())
    if draft.pop("skills_done", None) and context.services.organisation.volunteer_skills:
        return await ask_skills(update, context)
    if draft.pop("phone", None):
        return await ask_phone(update, context)
    if draft.pop("name", None):
        return await ask_name(update, context)
    return await cancel_conversation(update, context)


async def hint(update: Update, context: BotContext) -> str:
    """Asks the current question again when something else than expected arrives."""
    _ = context.t.gettext
    await _say(update, context, _("I cannot use that here. Please answer the question below."))
    draft = _draft(context)
    if draft.get("skills_done"):
        return await ask_consent(update, context)
    if "phone" in draft:
        return await ask_skills(update, context)
    return await ask_phone(update, context) if "name" in draft else await ask_name(update, context)


TEXT = filters.TEXT & ~filters.COMMAND


def conversation() -> ConversationHandler[BotContext]:
    """The form as one persistent conversation (one per application)."""
    # Typed loosely: PTB's generics reject a CommandHandler returning int among these.
    cancel = cancel_handler()
    return ConversationHandler(
        name="volunteer",
        persistent=True,
        allow_reentry=True,
        entry_points=[
            CommandHandler(["volunteer", "frivillig"], begin, filters=PRIVATE),
            CallbackQueryHandler(begin, pattern=r"^menu:volunteer$"),
            CallbackQueryHandler(start_form, pattern=r"^vol:update$"),
        ],
        states={
            NAME: [
                MessageHandler(TEXT, on_name),
                CallbackQueryHandler(on_name, pattern=r"^vol:name:telegram$"),
            ],
            PHONE: [MessageHandler((TEXT | filters.CONTACT) & PRIVATE, on_phone)],
            SKILLS: [
                CallbackQueryHandler(on_skill, pattern=r"^vol:skill:[a-z0-9_]{1,31}$"),
                CallbackQueryHandler(on_skills_done, pattern=r"^vol:skills:done$"),
            ],
            CONSENT: [CallbackQueryHandler(on_consent, pattern=r"^vol:consent:(yes|no)$")],
        },
        fallbacks=[
            cancel,
            CallbackQueryHandler(back, pattern=r"^vol:back$"),
            MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL, hint),
        ],
    )
