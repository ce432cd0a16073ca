"""What admins see of a help request: the card in the admin chat, its buttons, the prompts.

Callback data: "rqa:<action>:<request id>[:<arg>]". Everything the family typed is escaped.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import N_, Translator, language_name
from bot.keyboards import rows
from domain.days import DropoffDay
from domain.organisation import Organisation
from domain.request_models import HelpRequest, RequestQuestion
from domain.requests import RequestStatus
from handlers.common import user_text
from handlers.requests.family_texts import contact_text, household, kind_label, referral_text

ADMIN_STATUS: dict[RequestStatus, str] = {
    RequestStatus.PENDING: N_("new, waiting for a decision"),
    RequestStatus.NEEDS_INFO: N_("question asked, waiting for the answer"),
    RequestStatus.APPROVED: N_("approved"),
    RequestStatus.DECLINED: N_("declined"),
    RequestStatus.HANDED_OVER: N_("handed over"),
    RequestStatus.WITHDRAWN: N_("withdrawn"),
}


def status_label(t: Translator, status: RequestStatus) -> str:
    return t.gettext(ADMIN_STATUS[status])


def card(
    t: Translator,
    org: Organisation,
    request: HelpRequest,
    day: DropoffDay | None = None,
    questions: list[RequestQuestion] | None = None,
    language: str | None = None,
    matched: list[str] | None = None,
) -> str:
    """The request as admins see it (language: the family's, so that a question is written in
    it); the status line changes with each decision, and 🆕 marks
    one nobody has decided on or asked about yet. matched: its needs and the offers that fit."""
    _ = t.gettext
    if request.is_anonymised:
        return _("{reference}: the details were erased.").format(reference=request.reference)
    is_new = request.status == RequestStatus.PENDING and not questions
    lines = [
        ("🆕 " if is_new else "")
        + _("<b>{reference}</b> · {kind}").format(
            reference=request.reference, kind=kind_label(t, org, request.kind)
        ),
        _("👪 {household}").format(
            household=household(t, request.adults, list(request.children or ()))
        ),
        _("📝 {needs}").format(needs=user_text(request.needs)),
        _("📍 Postcode {postcode}").format(postcode=user_text(request.postcode)),
        _("🧭 Referred by: {referral}").format(
            referral=referral_text(t, request.referred_by, request.referral_text)
        ),
        _("☎️ {contact}").format(contact=contact_text(t, request.phone)),
        _("🕒 Sent {date}").format(date=t.moment(request.created_at)),
    ]
    if language is not None:
        lines.append(_("🗣 Writes in {language}").format(language=language_name(t, language)))
    for question in questions or []:
        # Shortened: a card must fit one message; each full text came in its own notice.
        lines.append(_("❓ {question}").format(question=user_text(_short(question.question))))
        if question.answer is not None:
            lines.append(_("💬 {answer}").format(answer=user_text(_short(question.answer))))
    lines += matched or []
    status = _("Status: {status}").format(status=status_label(t, request.status))
    if request.status == RequestStatus.APPROVED:
        status += " – " + collect_text(t, request, day)
    if request.status == RequestStatus.DECLINED:
        status += " – " + decline_reason(t, org, request)
    lines.append(status)
    return "\n".join(lines)


def _short(text: str | None, limit: int = 300) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def collect_text(t: Translator, request: HelpRequest, day: DropoffDay | None) -> str:
    """The time and place to collect, in the reader's language."""
    if day is not None:
        return f"{t.span(day.starts_at, day.ends_at)}, {user_text(day.place)}"
    return user_text(request.collect_text)


def decline_reason(t: Translator, org: Organisation, request: HelpRequest) -> str:
    """The profile's reason for requests (request_decline_reasons) the admin picked, or theirs."""
    preset = request.decline_preset
    reasons = org.request_decline_reasons
    if preset is not None and 0 <= preset < len(reasons):
        return user_text(reasons[preset].in_(t.language))
    return user_text(request.decline_text)


APPROVE = N_("✅ Approve")
ASK = N_("❓ Ask")
DECLINE = N_("❌ Decline")
HANDED_OVER = N_("📦 Handed over")
STOP = N_("✖️ Cancel")


def card_buttons(
    t: Translator, request: HelpRequest, reserve: list[list[InlineKeyboardButton]] | None = None
) -> InlineKeyboardMarkup | None:
    """What can be done next: decide, ask; after approval, hand over (or decline). reserve:
    the buttons that set a fitting offer aside for one of its needs, while it is open."""
    _ = t.gettext
    rid = request.id
    if request.status in (RequestStatus.PENDING, RequestStatus.NEEDS_INFO):
        return InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(_(APPROVE), callback_data=f"rqa:approve:{rid}"),
                    InlineKeyboardButton(_(ASK), callback_data=f"rqa:ask:{rid}"),
                ],
                [InlineKeyboardButton(_(DECLINE), callback_data=f"rqa:decline:{rid}")],
                *(reserve or []),
            ]
        )
    if request.status == RequestStatus.APPROVED:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(_(HANDED_OVER), callback_data=f"rqa:handed:{rid}")],
                [InlineKeyboardButton(_(DECLINE), callback_data=f"rqa:decline:{rid}")],
                *(reserve or []),
            ]
        )
    return None


def stop_row(t: Translator) -> list[InlineKeyboardButton]:
    return [InlineKeyboardButton(t.gettext(STOP), callback_data="rqa:stop")]


def stop_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([stop_row(t)])


def day_choices(t: Translator, request_id: int, days: list[DropoffDay]) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            f"{t.short_date(day.starts_at)} {t.clock(day.starts_at)}-{t.clock(day.ends_at)}",
            callback_data=f"rqa:day:{request_id}:{day.id}",
        )
        for day in days
    ]
    return InlineKeyboardMarkup([*rows(buttons, per_row=1), stop_row(t)])


def reason_choices(t: Translator, org: Organisation, request_id: int) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(
            reason.in_(t.language)[:60], callback_data=f"rqa:reason:{request_id}:{i}"
        )
        for i, reason in enumerate(org.request_decline_reasons)
    ]
    return InlineKeyboardMarkup([*rows(buttons, per_row=1), stop_row(t)])


def open_list(
    t: Translator,
    org: Organisation,
    requests: list[HelpRequest],
    fitting: dict[int, list[str]] | None = None,
) -> str:
    """fitting: request id → the references of the offers that fit its open needs."""
    _ = t.gettext
    if not requests:
        return _("No open help requests.")
    lines = [_("<b>Open help requests ({count})</b>").format(count=len(requests))]
    for request in requests:
        line = (
            f"{request.reference} · {kind_label(t, org, request.kind)} · "
            f"{status_label(t, request.status)} · {t.short_date(request.created_at)}"
        )
        offers = (fitting or {}).get(request.id)
        if offers:
            line += " · " + _("🧩 Fits: {offers}").format(offers=", ".join(offers))
        lines.append(line)
    return "\n".join(lines)


def open_list_buttons(requests: list[HelpRequest]) -> InlineKeyboardMarkup | None:
    buttons = [
        InlineKeyboardButton(request.reference, callback_data=f"rqa:show:{request.id}")
        for request in requests[:30]
    ]
    return InlineKeyboardMarkup(rows(buttons, per_row=3)) if buttons else None


def answer_notice(t: Translator, request: HelpRequest, question: str | None, answer: str) -> str:
    _ = t.gettext
    return "\n".join(
        [
            _("💬 Answer about <b>{reference}</b>").format(reference=request.reference),
            _("❓ {question}").format(question=user_text(question)),
            _("💬 {answer}").format(answer=user_text(answer)),
        ]
    )


def feedback_notice(t: Translator, request: HelpRequest, score: int, comment: str | None) -> str:
    _ = t.gettext
    text = _("⭐ Feedback on {reference}: {score}/5").format(
        reference=request.reference, score=score
    )
    return text + (f"\n💬 {user_text(comment)}" if comment else "")
