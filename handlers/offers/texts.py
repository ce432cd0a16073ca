"""How an offer reads: its lines (donor's summary and admins' card), decisions and statuses."""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date

from bot.i18n import N_, Translator, language_name
from domain.days import DropoffDay
from domain.offer_draft import OfferDraft
from domain.offer_models import Offer, OfferQuestion
from domain.offers import MIXED_SIZE, Condition, Handover, OfferStatus
from domain.organisation import Organisation
from domain.phone import display_phone
from domain.wanted import format_reference as format_wanted
from handlers.common import user_text

CONDITION_LABELS: dict[Condition, str] = {
    Condition.LIKE_NEW: N_("Like new"),
    Condition.GOOD: N_("Good"),
    Condition.WORN: N_("Worn but whole"),
}
STATUS_LABELS: dict[OfferStatus, str] = {
    OfferStatus.PENDING: N_("⏳ Waiting for an answer"),
    OfferStatus.ACCEPTED: N_("✅ Accepted"),
    OfferStatus.DECLINED: N_("❌ Declined"),
    OfferStatus.RECEIVED: N_("📦 Received"),
    OfferStatus.WITHDRAWN: N_("↩️ Withdrawn"),
}


@dataclass(frozen=True)
class OfferView:
    """What both a draft and a stored offer show: the same lines for donor and admins."""

    category_key: str | None
    description: str | None
    size: str | None
    quantity: int | None
    condition: Condition | None
    photo_count: int
    handover: Handover | None
    day: DropoffDay | None
    pickup_address: str | None
    pickup_postcode: str | None
    phone: str | None

    @classmethod
    def of_draft(cls, draft: OfferDraft, day: DropoffDay | None) -> OfferView:
        return cls(
            draft.category_key,
            draft.description,
            draft.size,
            draft.quantity,
            draft.condition,
            len(draft.photos),
            draft.handover,
            day,
            draft.pickup_address,
            draft.pickup_postcode,
            draft.phone,
        )

    @classmethod
    def of_offer(cls, offer: Offer, photo_count: int, day: DropoffDay | None) -> OfferView:
        return cls(
            offer.category_key,
            offer.description,
            offer.size,
            offer.quantity,
            offer.condition,
            photo_count,
            offer.handover,
            day,
            offer.pickup_address,
            offer.pickup_postcode,
            offer.phone,
        )


def category_label(organisation: Organisation, key: str | None, t: Translator) -> str:
    category = organisation.category(key) if key else None
    return category.label(t.language) if category else (key or "?")


def size_label(size: str, t: Translator) -> str:
    if size == MIXED_SIZE:
        return t.gettext("Mixed sizes")
    return size.replace(".", ",") if t.language == "da" else size


def day_text(day: DropoffDay, t: Translator) -> str:
    """'lørdag den 21. november kl. 10.00-13.00'."""
    return t.span(day.starts_at, day.ends_at)


def day_button(day: DropoffDay, t: Translator) -> str:
    """'lør. 21. nov. 10.00-13.00': short enough for a button."""
    pattern = "EEE d. MMM" if t.language == "da" else "EEE d MMM"
    start = format_date(t.local(day.starts_at).date(), pattern, locale=t.language)
    return f"{start} {t.clock(day.starts_at)}-{t.clock(day.ends_at)}"


def offer_lines(view: OfferView, organisation: Organisation, t: Translator) -> list[str]:
    """The parts of an offer, one line each; everything the donor typed is escaped."""
    _ = t.gettext
    lines = [
        _("Category: {category}").format(
            category=category_label(organisation, view.category_key, t)
        )
    ]
    if view.description:
        lines.append(_("What: {description}").format(description=user_text(view.description)))
    if view.size:
        lines.append(_("Size: {size}").format(size=size_label(view.size, t)))
    if view.quantity is not None:
        lines.append(_("Quantity: {quantity}").format(quantity=view.quantity))
    if view.condition is not None:
        lines.append(
            _("Condition: {condition}").format(condition=_(CONDITION_LABELS[view.condition]))
        )
    if view.photo_count:
        lines.append(_("Photos: {count}").format(count=view.photo_count))
    else:
        lines.append(_("Photos: none"))
    if view.handover is Handover.PICKUP:
        lines.append(
            _("Hand-over: pickup at {address}, {postcode}").format(
                address=user_text(view.pickup_address), postcode=user_text(view.pickup_postcode)
            )
        )
    elif view.day is not None:
        lines.append(_("Hand-over: drop-off day {day}").format(day=day_text(view.day, t)))
    if view.phone:
        lines.append(
            _("Contact: Telegram and phone {phone}").format(
                phone=user_text(display_phone(view.phone))
            )
        )
    else:
        lines.append(_("Contact: Telegram only"))
    return lines


@dataclass(frozen=True)
class Donor:
    """Who offered it, for the admins: first name (from Telegram, not stored) and language."""

    first_name: str | None
    language: str


def donor_line(donor: Donor, t: Translator) -> str:
    _ = t.gettext
    name = user_text(donor.first_name) if donor.first_name else "–"
    language = language_name(t, donor.language)
    return _("Donor: {name} (writes in {language})").format(name=name, language=language)


def admin_card(
    offer: Offer,
    photo_count: int,
    day: DropoffDay | None,
    organisation: Organisation,
    t: Translator,
    outcome: str | None = None,
    donor: Donor | None = None,
    new: bool = False,
    matched: list[str] | None = None,
) -> str:
    """The admins' message about one offer; 🆕 until decided, then the outcome line.
    matched: the lines about the families' needs it fits or is set aside for."""
    _ = t.gettext
    title = _("📦 <b>Offer {reference}</b> ({date})").format(
        reference=offer.reference, date=t.short_date(offer.created_at)
    )
    lines = ["🆕 " + title if new and not outcome else title]
    if donor is not None:
        lines.append(donor_line(donor, t))
    lines += offer_lines(OfferView.of_offer(offer, photo_count, day), organisation, t)
    lines += wanted_lines(offer, organisation, t)
    lines += matched or []
    if outcome:
        lines += ["", outcome]
    return "\n".join(lines)


def question_lines(questions: list[OfferQuestion], t: Translator) -> list[str]:
    """The board's questions about an offer, for /offers: each with its answer, or waiting."""
    _ = t.gettext
    lines = []
    for question in questions:
        if question.question is None:
            continue  # erased
        lines.append(_("❓ Question: {question}").format(question=user_text(question.question)))
        if question.answer is None:
            lines.append(_("⏳ No answer yet."))
        else:
            lines.append(_("💬 Answer: {answer}").format(answer=user_text(question.answer)))
    return lines


def accepted_for_donor(
    offer: Offer, day: DropoffDay | None, organisation: Organisation, t: Translator
) -> str:
    _ = t.gettext
    lines = [
        _("Good news! 🎉 We would love to have your offer {reference} ({category}).").format(
            reference=offer.reference, category=category_label(organisation, offer.category_key, t)
        )
    ]
    if day is not None:
        lines.append(
            _("Please bring it on {day}. The address is {place}.").format(
                day=day_text(day, t), place=user_text(day.place)
            )
        )
    else:
        lines.append(_("We will contact you to agree on a pickup."))
    lines.append(_("Thank you! 💚"))
    return "\n".join(lines)


def declined_for_donor(
    offer: Offer, reason: str | None, organisation: Organisation, t: Translator
) -> str:
    """reason: already in the donor's language and escaped, or None."""
    _ = t.gettext
    text = _(
        "Thank you for thinking of us. 💚 Sadly, we cannot take your offer {reference}"
        " ({category}) this time."
    ).format(
        reference=offer.reference, category=category_label(organisation, offer.category_key, t)
    )
    if reason:
        text += "\n" + _("Reason: {reason}").format(reason=reason)
    return text


def decline_reason(offer: Offer, organisation: Organisation, t: Translator) -> str | None:
    """The reason as the donor reads it: a preset in their language, or the typed text."""
    reasons = organisation.decline_reasons
    if offer.decline_preset is not None and 0 <= offer.decline_preset < len(reasons):
        return user_text(reasons[offer.decline_preset].in_(t.language))
    return user_text(offer.decline_text) if offer.decline_text else None


def status_label(offer: Offer, t: Translator) -> str:
    return t.gettext(STATUS_LABELS[offer.status])


def need_label(
    organisation: Organisation, category_key: str, size: str | None, t: Translator
) -> str:
    """'Tøj str. 122', or the category alone: what an efterlysning asks for."""
    label = category_label(organisation, category_key, t)
    if not size:
        return label
    return t.gettext("{category} size {size}").format(category=label, size=size_label(size, t))


def wanted_lines(offer: Offer, organisation: Organisation, t: Translator) -> list[str]:
    """On the admins' card of an offer made from an efterlysning's button: which one."""
    if offer.wanted_id is None:
        return []
    need = need_label(organisation, offer.category_key, offer.size, t)
    text = t.gettext("↩️ Answers wanted post {reference}: {need}")
    return [text.format(reference=format_wanted(offer.wanted_id), need=need)]
