"""The postcode step: inside the area goes on; outside asks "is it right?" before anything ends.

One mistyped digit must not throw a whole request away: a postcode outside the service area is
kept in the draft as unconfirmed, and the person either corrects it or confirms it. Only a
confirmed postcode outside the area ends the request, storing nothing.
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from domain.request_input import Invalid, Reason, parse_postcode, parse_yes_no, postcode_in
from handlers.requests import outcomes
from handlers.requests.state import CONSENT, POSTCODE, POSTCODE_CHECK, At, ask, ask_next
from handlers.requests.steps import answer_of, end_with_menu, loaded_or_restart, refuse


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
