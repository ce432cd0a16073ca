"""The family's answers to the request's questions, one handler per question; each asks the
next one (family_state.ask_next). The postcode step is at the end."""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from bot.keyboards import main_menu
from domain.request_draft import Part, RequestDraft
from domain.request_input import (
    Invalid,
    Reason,
    is_dont_know,
    parse_adults,
    parse_child_age,
    parse_children_count,
    parse_needs,
    parse_phone,
    parse_postcode,
    parse_referral_text,
    parse_size,
    parse_yes_no,
    postcode_in,
    size_system_for,
)
from domain.requests import Referral, RequestStatus, check_kind, season_key
from handlers.requests import family_keyboards as keyboards
from handlers.requests import family_outcomes as outcomes
from handlers.requests import family_pickups
from handlers.requests import family_texts as texts
from handlers.requests.family_replies import show_open_questions
from handlers.requests.family_state import (
    CHANGE_PART,
    CONSENT,
    CONTACT,
    KIND,
    POSTCODE,
    POSTCODE_CHECK,
    REFERRAL,
    REFERRAL_NOTE,
    SUMMARY,
    At,
    Saved,
    ask,
    ask_again,
    ask_next,
    forget,
    load,
    say,
    start_over,
    user_id_of,
)
from storage.requests import Blocked

logger = logging.getLogger(__name__)
END = ConversationHandler.END


async def answer_of(update: Update) -> str:
    """The pressed button's argument ('rq:n:2' → '2') or the typed text."""
    query = update.callback_query
    if query is not None:
        await query.answer()
        return (query.data or "").rsplit(":", 1)[-1]
    message = update.effective_message
    return (message.text or "") if message else ""


async def loaded_or_restart(update: Update, context: BotContext) -> Saved | None:
    saved = load(context)
    if saved is None:
        await start_over(update, context)
    return saved


async def refuse(update: Update, context: BotContext, problem: Invalid) -> str:
    saved = load(context)
    sizes = saved.draft.size_system if saved else "none"
    return await ask_again(update, context, texts.invalid(context.t, problem, sizes))


async def end_with_menu(update: Update, context: BotContext, text: str) -> int:
    """Leaves the request: forgets the answers and shows the main menu."""
    forget(context)
    user = update.effective_user
    family = bool(await family_pickups.requests_of(context.services, user.id if user else None))
    await say(update, context, text, main_menu(context.t, family=family))
    return END


async def on_consent(update: Update, context: BotContext) -> str | int:
    """Notes the consent and asks for the kind of help (or stops, storing nothing)."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    answer = await answer_of(update)
    if update.callback_query is None:  # typed: "ja", "yes", "nej" …
        said = parse_yes_no(answer)
        if said is None:
            _ = context.t.gettext
            return await ask_again(update, context, _("Please tap a button, or write yes or no."))
        answer = "yes" if said else "no"
    if answer == "no":
        _ = context.t.gettext
        return await end_with_menu(
            update, context, _("Okay. We have not saved anything. You are welcome back any time.")
        )
    draft = saved.draft.with_consent(context.services.clock.now())
    return await ask_next(update, context, draft)


async def on_kind(update: Update, context: BotContext) -> str | int:
    """Checks the season and earlier requests, then asks about the home."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    key = await answer_of(update)
    services = context.services
    t = context.t
    today = t.local(services.clock.now()).date()
    checked = check_kind(services.organisation, key, today)
    if isinstance(checked, Invalid):
        if checked.reason == Reason.KIND_CLOSED:
            closed = outcomes.kind_closed(t, services.organisation, key, checked.opens_on)
            return await ask_again(update, context, closed)
        logger.warning("Unknown kind %r from user %s", key[:32], user_id_of(update))
        return await ask_again(update, context)
    user_id = user_id_of(update)
    blocked = await services.repos.requests.blocked_for_new(
        key, user_id, saved.draft.phone, season_key(checked, today)
    )
    if blocked is not None:
        return await back_to_kinds(update, context, saved.draft, blocked)
    draft = saved.draft.with_kind(key, size_system_for(services.organisation, key))
    return await ask_next(update, context, draft)


async def back_to_kinds(
    update: Update, context: BotContext, draft: RequestDraft, blocked: Blocked
) -> str:
    """Refused: where their own earlier request stands (with its open question, if any), or for
    someone else's only who to ask; then the kinds again, so they can choose something else."""
    user_id = user_id_of(update)
    await say(
        update,
        context,
        outcomes.refusal(context.t, context.services.organisation, blocked, user_id),
    )
    if outcomes.is_own(blocked, user_id) and blocked.existing.status == RequestStatus.NEEDS_INFO:
        await show_open_questions(update, context, user_id)
    return await ask(update, context, draft.cleared(Part.KIND), At(KIND))


async def on_adults(update: Update, context: BotContext) -> str:
    """Stores how many adults live there and asks about children."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    adults = parse_adults(await answer_of(update))
    if isinstance(adults, Invalid):
        return await refuse(update, context, adults)
    return await ask_next(update, context, saved.draft.with_adults(adults))


async def on_children_count(update: Update, context: BotContext) -> str:
    """Stores how many children there are and asks for the first one's age."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    count = parse_children_count(await answer_of(update))
    if isinstance(count, Invalid):
        return await refuse(update, context, count)
    return await ask_next(update, context, saved.draft.with_children_count(count))


async def on_child_age(update: Update, context: BotContext) -> str:
    """Stores a child's age; asks their size (clothes, shoes) or about the next child."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    age = parse_child_age(await answer_of(update))
    if isinstance(age, Invalid):
        return await refuse(update, context, age)
    draft = _child_answer(saved, lambda draft, index: draft.with_child_age(index, age))
    return await ask_next(update, context, draft)


async def on_child_size(update: Update, context: BotContext) -> str:
    """Stores a child's size, or "I don't know", and goes on."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    answer = await answer_of(update)
    size: str | Invalid | None = None
    if update.callback_query is None and not is_dont_know(answer):
        size = parse_size(answer, saved.draft.size_system)
    if isinstance(size, Invalid):
        return await refuse(update, context, size)
    draft = _child_answer(saved, lambda draft, index: draft.with_child_size(index, size))
    return await ask_next(update, context, draft)


def _child_answer(
    saved: Saved, change: Callable[[RequestDraft, int], RequestDraft]
) -> RequestDraft:
    index = saved.at.child or 0
    if not 0 <= index < len(saved.draft.children or ()):
        index = saved.draft.next_position().child or 0  # a stale position: the first unanswered
    return change(saved.draft, index)


async def on_needs(update: Update, context: BotContext) -> str:
    """Stores what they need, in their own words, and asks for the postcode."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    needs = parse_needs(await answer_of(update))
    if isinstance(needs, Invalid):
        return await refuse(update, context, needs)
    return await ask_next(update, context, saved.draft.with_needs(needs))


async def on_referral(update: Update, context: BotContext) -> str:
    """Who sent them: a caseworker, an association or someone else asks for a name next."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    answer = await answer_of(update)
    if answer == "skip":
        return await ask_next(update, context, saved.draft.with_referral(None))
    try:
        referral = Referral(answer)
    except ValueError:
        return await ask_again(update, context)
    draft = saved.draft.with_referral(referral)
    if referral == Referral.SELF:
        return await ask_next(update, context, draft)
    return await ask(update, context, draft, At(REFERRAL_NOTE))


async def on_referral_note(update: Update, context: BotContext) -> str:
    """Stores the name or word about who sent them (or skips it)."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    answer = await answer_of(update)
    draft = saved.draft
    if update.callback_query is None:
        note = parse_referral_text(answer)
        if isinstance(note, Invalid):
            return await refuse(update, context, note)
        draft = draft.with_referral(draft.referred_by, note)
    if not draft.referral_answered:
        return await ask(update, context, draft, At(REFERRAL))
    return await ask_next(update, context, draft)


async def on_contact(update: Update, context: BotContext) -> str:
    """Telegram only, a shared contact or a typed number; then the summary."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    message = update.effective_message
    assert message is not None
    i18n = context.services.i18n
    phone: str | Invalid | None
    if message.contact is not None:
        phone = parse_phone(message.contact.phone_number, verified=True)
    elif keyboards.is_label(i18n, keyboards.BACK, message.text or ""):
        return await on_back(update, context)
    elif keyboards.is_label(i18n, keyboards.ONLY_TELEGRAM, message.text or ""):
        phone = None
    else:
        phone = parse_phone(message.text or "")
    if isinstance(phone, Invalid):
        return await refuse(update, context, phone)
    _ = context.t.gettext
    await say(update, context, _("Thank you 👍"), ReplyKeyboardRemove())
    return await ask_next(update, context, saved.draft.with_contact(phone))


async def on_back(update: Update, context: BotContext) -> str:
    """Asks the question before the current one again."""
    if update.callback_query is not None:
        await update.callback_query.answer()
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    state = saved.at.state
    if state == CONTACT:
        _ = context.t.gettext
        await say(update, context, _("Okay."), ReplyKeyboardRemove())
    if state == REFERRAL_NOTE:
        target = At(REFERRAL)
    elif state == POSTCODE_CHECK:
        target = At(POSTCODE)
    elif state == CHANGE_PART:
        target = At(SUMMARY)
    elif state == CONSENT:
        target = At(CONSENT)
    else:
        target = At.of(saved.draft.position_before(saved.at.position()))
    return await ask(update, context, saved.draft, target)


# --- the postcode: inside the area goes on; outside asks "is it right?" before anything ends.
# One mistyped digit must not throw a whole request away: a postcode outside the service area is
# kept in the draft as unconfirmed, and the person either corrects it or confirms it. Only a
# confirmed postcode outside the area ends the request, storing nothing.


async def on_postcode(update: Update, context: BotContext) -> str | int:
    """Inside the area: asks who sent them. Outside: asks whether the postcode is right."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    typed = await answer_of(update)
    postcode = parse_postcode(typed, context.services.organisation.service_area)
    if isinstance(postcode, Invalid) and postcode.reason == Reason.OUTSIDE_AREA:
        draft = saved.draft.with_unconfirmed_postcode(postcode_in(typed))
        return await ask(update, context, draft, At(POSTCODE_CHECK))
    if isinstance(postcode, Invalid):
        return await refuse(update, context, postcode)
    return await ask_next(update, context, saved.draft.with_postcode(postcode))


async def on_postcode_check(update: Update, context: BotContext) -> str | int:
    """ "Change postcode" asks again; "yes, it is right" ends kindly; a new postcode is taken."""
    if (saved := await loaded_or_restart(update, context)) is None:
        return CONSENT
    answer = await answer_of(update)
    if update.callback_query is None:
        said = parse_yes_no(answer)
        if said is None:  # most likely the corrected postcode
            return await on_postcode(update, context)
        answer = "yes" if said else "fix"
    if answer != "yes":
        return await ask(update, context, saved.draft.with_unconfirmed_postcode(None), At(POSTCODE))
    org = context.services.organisation
    text = outcomes.outside_area(context.t, org, saved.draft.unconfirmed_postcode or "")
    ended = await end_with_menu(update, context, text)
    schedule_checkpoint(context)
    return ended


def schedule_checkpoint(context: BotContext) -> None:
    """The dropped answers were in the saved conversation data: once that is written again
    (right after this update), move the WAL into the file so no old copy stays readable."""

    db = context.services.db

    async def checkpoint(_: object) -> None:
        await db.checkpoint()

    if context.job_queue is not None:
        context.job_queue.run_once(checkpoint, when=1.0, name="request:checkpoint")
