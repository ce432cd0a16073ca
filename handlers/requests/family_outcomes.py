"""Where a request stands or stops: status words, refusals, outside the area, sent, a closed season.

Only the person's own request is ever described. When the household rule finds another
person's request (same phone number), the answer names no reference and no status.
Danish aims at LIX 30 or less (tests/unit/test_request_texts_lix.py).
"""

from __future__ import annotations

from datetime import date

from bot.i18n import N_, Translator
from domain.organisation import Organisation
from domain.phone import display_phone
from domain.requests import RefusalReason, RequestStatus
from handlers.common import user_text
from handlers.requests.family_texts import kind_in_sentence, kind_label
from storage.requests import Blocked

STATUS: dict[RequestStatus, str] = {
    RequestStatus.PENDING: N_("waiting for an answer from us"),
    RequestStatus.NEEDS_INFO: N_("waiting for your answer to our question"),
    RequestStatus.APPROVED: N_("approved — you can collect your things"),
    RequestStatus.DECLINED: N_("closed — we could not help this time"),
    RequestStatus.HANDED_OVER: N_("handed over — we hope it helped"),
    RequestStatus.WITHDRAWN: N_("stopped"),
}


def status_phrase(t: Translator, status: RequestStatus) -> str:
    return t.gettext(STATUS[status])


def is_own(blocked: Blocked, user_id: int) -> bool:
    """Whether the request in the way is the person's own (else: someone in the same home)."""
    return blocked.existing.user_id == user_id


def refusal(t: Translator, org: Organisation, blocked: Blocked, user_id: int) -> str:
    """A second try: where the person's own first request stands, without blame."""
    if not is_own(blocked, user_id):
        return asked_for_this_home(t, org, blocked.existing.kind)
    _ = t.gettext
    existing = blocked.existing
    kind = kind_in_sentence(t, org, existing.kind)
    if blocked.refusal.reason == RefusalReason.SEASON_USED:
        first = _("Your home has already asked for {kind} this year: number {reference}.")
        rule = _("Each home can ask for it once a year.")
    else:
        first = _("You have already asked for {kind}: number {reference}.")
        rule = _("You can ask for one thing of each kind at a time.")
    return "\n".join(
        [
            first.format(kind=f"<b>{kind}</b>", reference=existing.reference),
            _("Status: {status}.").format(status=status_phrase(t, existing.status)),
            rule,
            _("We write to you here when there is news."),
        ]
    )


def asked_for_this_home(t: Translator, org: Organisation, kind: str) -> str:
    """Another person's request for the same home: no number, no status, only who to ask."""
    _ = t.gettext
    lines = [
        _("Someone has already asked for {kind} for this home this year.").format(
            kind=kind_in_sentence(t, org, kind)
        ),
        _("Write to us if this is a mistake."),
    ]
    contact = contact_us(t, org)
    return "\n".join(lines + ([contact] if contact else []))


def contact_us(t: Translator, org: Organisation) -> str:
    """How to reach the organisation (phone and email from the profile), or '' if neither."""
    _ = t.gettext
    phone, email = user_text(display_phone(org.phone)), user_text(org.email)
    if phone and email:
        return _("Call us on {phone}, or write to {email}.").format(phone=phone, email=email)
    if phone:
        return _("Call us on {phone}.").format(phone=phone)
    if email:
        return _("Write to us at {email}.").format(email=email)
    return ""


def kind_closed(t: Translator, org: Organisation, key: str, opens_on: date | None) -> str:
    _ = t.gettext
    if opens_on is None:
        return _(
            "We cannot take requests for {kind} right now. Please choose something else."
        ).format(kind=kind_in_sentence(t, org, key))
    return _("{kind} opens on {day}. Choose something else, or come back then.").format(
        kind=kind_label(t, org, key), day=t.day(opens_on)
    )


def outside_area(t: Translator, org: Organisation, postcode: str) -> str:
    _ = t.gettext
    return "\n".join(
        [
            _(
                "Thank you for asking. We only help in our own area, and {postcode} is outside it."
            ).format(postcode=user_text(postcode)),
            user_text(org.service_area.elsewhere.in_(t.language)),
            _("We have not saved anything you wrote."),
        ]
    )


def sent(t: Translator, org: Organisation, reference: str) -> str:
    _ = t.gettext
    return "\n".join(
        [
            _("Thank you! We got your request."),
            _("Your number is <b>{reference}</b>.").format(reference=reference),
            user_text(org.answer_time.in_(t.language)),
            _("We write to you here on Telegram."),
        ]
    )
