"""What the person who asked for help is told later: each change of status, questions, feedback.

Each render(t) gives the text and buttons in the person's own language (bot.notify.Render), for
the outbox. Short, warm and never shaming; Danish aims at LIX 30 or less.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import N_, Translator
from bot.keyboards import with_write_to_us
from bot.notify import Render
from domain.days import DropoffDay
from domain.organisation import Organisation
from domain.request_models import HelpRequest
from handlers.common import day_lines, user_text
from handlers.requests.board_texts import collect_text, decline_reason
from handlers.requests.family_texts import kind_in_sentence

ANSWER = N_("✍️ Answer")
NO_THANKS = N_("No thanks")
Rendered = tuple[str, InlineKeyboardMarkup | None]


def approved(org: Organisation, request: HelpRequest, day: DropoffDay | None) -> Render:
    def render(t: Translator) -> Rendered:
        _ = t.gettext
        lines = [
            _("Good news! We can help with your request {reference} ({kind}).").format(
                reference=request.reference, kind=kind_in_sentence(t, org, request.kind)
            ),
            _("Come and collect your things:"),
        ]
        if day is not None:
            lines += day_lines(t, day)
        else:
            lines.append(f"🕒 {collect_text(t, request, None)}")
        lines.append(_("Bring your number {reference}.").format(reference=request.reference))
        return "\n".join(lines), with_write_to_us(t)

    return render


def question(request: HelpRequest, question_text: str) -> Render:
    def render(t: Translator) -> Rendered:
        _ = t.gettext
        text = "\n".join(
            [
                _("We have a question about your request {reference}:").format(
                    reference=request.reference
                ),
                "",
                "<i>" + _("“{question}”").format(question=user_text(question_text)) + "</i>",
                "",
                _("Tap “Answer” and write to us."),
            ]
        )
        button = InlineKeyboardButton(_(ANSWER), callback_data=f"rqq:{request.id}")
        return text, with_write_to_us(t, InlineKeyboardMarkup([[button]]))

    return render


def declined(org: Organisation, request: HelpRequest) -> Render:
    def render(t: Translator) -> Rendered:
        _ = t.gettext
        lines = [
            _("About your request {reference} ({kind}):").format(
                reference=request.reference, kind=kind_in_sentence(t, org, request.kind)
            ),
            _("Sadly, we cannot help this time."),
        ]
        reason = decline_reason(t, org, request)
        if reason:
            lines.append(reason)
        lines.append(_("You are welcome to ask again later."))
        return "\n".join(lines), with_write_to_us(t)

    return render


def handed_over(request: HelpRequest) -> Render:
    def render(t: Translator) -> Rendered:
        _ = t.gettext
        text = _("Thank you for coming! We hope you can use the things. ({reference})").format(
            reference=request.reference
        )
        return text, with_write_to_us(t)

    return render


def feedback_question(request: HelpRequest) -> Render:
    def render(t: Translator) -> Rendered:
        _ = t.gettext
        text = "\n".join(
            [
                _("Hi! You got help from us a short while ago ({reference}).").format(
                    reference=request.reference
                ),
                _("How did it go? Tap a number from 1 to 5."),
                _("1 is bad, 5 is very good. You do not have to answer."),
            ]
        )
        scores = [
            InlineKeyboardButton(str(score), callback_data=f"rqf:{request.id}:{score}")
            for score in range(1, 6)
        ]
        skip = InlineKeyboardButton(_(NO_THANKS), callback_data=f"rqf:{request.id}:no")
        return text, with_write_to_us(t, InlineKeyboardMarkup([scores, [skip]]))

    return render


def feedback_comment_buttons(t: Translator, request_id: int) -> InlineKeyboardMarkup:
    skip = InlineKeyboardButton(t.gettext(NO_THANKS), callback_data=f"rqf:{request_id}:done")
    return InlineKeyboardMarkup([[skip]])
