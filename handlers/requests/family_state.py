"""Where the family is in their request, and asking the question of that place.

user_data["request_draft"] holds plain JSON: the answers (domain.request_draft.RequestDraft),
the question asked last ("at": state and child) so "back" knows where it is, and when it was
saved. The key ends in "_draft", so the shared /cancel drops it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram import Update
from telegram.ext import ConversationHandler

from bot.context import BotContext
from domain.clock import from_db, to_db
from domain.request_draft import Position, RequestDraft, Step
from handlers.requests import family_keyboards as keyboards
from handlers.requests import family_texts as texts

DRAFT_KEY = "request_draft"

# Conversation states (persisted as JSON strings). Step values, plus three of the handler's own.
CONSENT, KIND, ADULTS = Step.CONSENT.value, Step.KIND.value, Step.ADULTS.value
CHILDREN_COUNT, CHILD_AGE = Step.CHILDREN_COUNT.value, Step.CHILD_AGE.value
CHILD_SIZE, NEEDS, POSTCODE = Step.CHILD_SIZE.value, Step.NEEDS.value, Step.POSTCODE.value
REFERRAL, CONTACT, SUMMARY = Step.REFERRAL.value, Step.CONTACT.value, Step.SUMMARY.value
REFERRAL_NOTE = "referral_note"
CHANGE_PART = "change_part"
POSTCODE_CHECK = "postcode_check"  # "Is 2100 right?" before a postcode outside the area ends it


@dataclass(frozen=True)
class At:
    """The question shown last: a state and, for a child's age or size, which child."""

    state: str
    child: int | None = None

    @classmethod
    def of(cls, position: Position) -> At:
        return cls(position.step.value, position.child)

    def position(self) -> Position:
        """The domain's position ('back' from the two handler-only states is handled apart)."""
        return Position(Step(self.state), self.child)


@dataclass(frozen=True)
class Saved:
    draft: RequestDraft
    at: At
    saved_at: datetime | None


def load(context: BotContext) -> Saved | None:
    """The stored draft, or None when there is none or it cannot be read."""
    data = (context.user_data or {}).get(DRAFT_KEY)
    if not isinstance(data, dict):
        return None
    draft = RequestDraft.from_dict(data.get("answers"))
    at = data.get("at")
    if draft is None or not isinstance(at, list) or len(at) != 2:
        return None
    state, child = at
    if not isinstance(state, str) or not (child is None or isinstance(child, int)):
        return None
    stamp = data.get("saved_at")
    saved_at = from_db(stamp) if isinstance(stamp, str) else None
    return Saved(draft, At(state, child), saved_at)


def save(context: BotContext, draft: RequestDraft, at: At) -> None:
    assert context.user_data is not None
    context.user_data[DRAFT_KEY] = {
        "answers": draft.to_dict(),
        "at": [at.state, at.child],
        "saved_at": to_db(context.services.clock.now()),
    }


def forget(context: BotContext) -> None:
    if context.user_data is not None:
        context.user_data.pop(DRAFT_KEY, None)


async def say(update: Update, context: BotContext, text: str, markup: object = None) -> None:
    """A direct reply in the person's chat."""
    chat = update.effective_chat
    if chat is not None:
        await context.bot.send_message(chat.id, text, reply_markup=markup)  # type: ignore[arg-type]


async def ask(update: Update, context: BotContext, draft: RequestDraft, at: At) -> str:
    """Remembers where we are and asks that question; returns the conversation state."""
    save(context, draft, at)
    t = context.t
    org = context.services.organisation
    if at.state == CONSENT:
        text = texts.intro(t, org, context.services.settings.retention_days)
    else:
        text = texts.prompt(t, org, draft, at.state, at.child)
    markup = keyboards.for_state(t, org, draft, at.state, context.services.clock.now())
    await say(update, context, text, markup)
    return at.state


async def ask_next(update: Update, context: BotContext, draft: RequestDraft) -> str:
    """Asks the first unanswered question (the summary once everything is there)."""
    return await ask(update, context, draft, At.of(draft.next_position()))


async def ask_again(update: Update, context: BotContext, hint: str | None = None) -> str:
    """Repeats the current question, after a short hint of what is expected."""
    saved = load(context)
    if saved is None:
        return await start_over(update, context)
    if hint:
        await say(update, context, hint)
    return await ask(update, context, saved.draft, saved.at)


async def start_over(update: Update, context: BotContext) -> str:
    """The answers were lost (erased, or too old): say so kindly and begin again."""
    _ = context.t.gettext
    await say(update, context, _("Sorry, I lost your answers. Let's start again."))
    return await ask(update, context, RequestDraft(), At(CONSENT))


async def resume_or_end(update: Update, context: BotContext) -> str | int:
    """Back to a half-finished request, if the person was in the middle of one."""
    if load(context) is None:
        return ConversationHandler.END
    _ = context.t.gettext
    return await ask_again(update, context, _("Now, back to your request."))


def user_id_of(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id
