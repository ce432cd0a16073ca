"""The help requests section of /mine: each request's status in plain words, and open questions.

A question still waiting for the person is shown in full, with its »Svar« button (the same
"rqq:<id>" the question notice has, handled by the request conversation).
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.context import BotContext
from domain.request_models import HelpRequest
from domain.requests import RequestStatus
from handlers.common import user_text
from handlers.requests.board_texts import collect_text
from handlers.requests.family_notices import ANSWER
from handlers.requests.family_outcomes import status_phrase
from handlers.requests.family_texts import kind_label

SHOWN = 10


async def requests_section(
    context: BotContext, user_id: int
) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """The person's help requests, newest first; an empty list when there are none."""
    repository = context.services.repos.requests
    shown = (await repository.list_for_user(user_id))[:SHOWN]
    if not shown:
        return []
    t = context.t
    _ = t.gettext
    questions = {q.request_id: q for q in await repository.open_questions_for_user(user_id)}
    lines = [_("<b>Your requests for help</b>")]
    buttons = []
    for request in shown:
        lines.append("")
        lines += await _lines(context, request)
        question = questions.get(request.id)
        if question is not None and question.question is not None:
            lines.append(
                _("Our question: <i>{question}</i>").format(question=user_text(question.question))
            )
            label = f"{_(ANSWER)} · {request.reference}"
            buttons.append([InlineKeyboardButton(label, callback_data=f"rqq:{request.id}")])
    return [("\n".join(lines), InlineKeyboardMarkup(buttons) if buttons else None)]


async def _lines(context: BotContext, request: HelpRequest) -> list[str]:
    t = context.t
    _ = t.gettext
    kind = kind_label(t, context.services.organisation, request.kind)
    lines = [
        f"<b>{request.reference}</b> · {kind}",
        _("Status: {status}.").format(status=status_phrase(t, request.status)),
    ]
    if request.status == RequestStatus.APPROVED:
        day = None
        if request.dropoff_day_id is not None:
            day = await context.services.repos.days.get(request.dropoff_day_id)
        lines.append(_("Collect your things: {when}").format(when=collect_text(t, request, day)))
    return lines
