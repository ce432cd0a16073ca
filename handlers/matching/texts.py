"""How matches read: the "fits" lines on the board's cards, and what the family and the donor
are told when an offered thing is set aside for a family.

The board sees request references (H-1003) and offer references (G-1004), never names; the
family hears what was found and where to collect it, nothing of the donor; the donor hears
that their gift went to a family, nothing of the family.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Translator
from bot.notify import Render
from domain.days import DropoffDay
from domain.matching import Need, NeedStatus, OfferItems, all_met
from domain.offer_models import Offer
from domain.organisation import Organisation
from domain.request_models import HelpRequest
from handlers.common import day_lines
from handlers.common.ages import age_text
from handlers.offers.texts import need_label


def need_text(t: Translator, org: Organisation, need: Need) -> str:
    """'Tøj str. 122, 7 år': what the need is, for the board."""
    text = need_label(org, need.category_key, need.size, t)
    if need.child_age is not None:
        text += ", " + age_text(t, need.child_age)
    if need.quantity > 1:
        text += f" ×{need.quantity}"
    return text


def offer_text(t: Translator, org: Organisation, offer: OfferItems) -> str:
    """'G-1004 (Tøj str. 122)', and a mark when it is not accepted yet."""
    text = f"{offer.reference} ({need_label(org, offer.category_key, offer.size, t)})"
    if not offer.accepted:
        text += " " + t.gettext("– not accepted yet")
    return text


def fits_line(t: Translator, org: Organisation, needs: Sequence[Need]) -> list[str]:
    """On an offer's card: the open needs it fits, oldest request first."""
    if not needs:
        return []
    fitting = ", ".join(f"{need.reference} ({need_text(t, org, need)})" for need in needs)
    return [t.gettext("🧩 Fits: {needs}").format(needs=fitting)]


def reserved_lines(t: Translator, org: Organisation, needs: Sequence[Need]) -> list[str]:
    """On an offer's card: the needs its items are set aside for."""
    return [
        t.gettext("🎁 Set aside for {reference} ({need})").format(
            reference=need.reference, need=need_text(t, org, need)
        )
        for need in needs
    ]


def request_lines(
    t: Translator,
    org: Organisation,
    needs: Sequence[Need],
    fitting: Sequence[tuple[Need, OfferItems]],
    found: dict[int, str],
    approved: bool,
) -> list[str]:
    """On a request's card: each need (✅ with the offer when met), then the offers that fit
    the open ones. found: need id → the reference of the offer set aside for it; approved: it
    has its 📦 button."""
    _ = t.gettext
    lines = []
    for need in needs:
        if need.status is NeedStatus.MET:
            reference = found.get(need.id)
            how = _("found: {offer}").format(offer=reference) if reference else _("found")
            lines.append(f"✅ {need_text(t, org, need)} – {how}")
        elif need.is_open:
            lines.append(f"🔎 {need_text(t, org, need)}")
    if all_met(needs):
        lines.append(
            _("🎉 Everything is found. Press 📦 when the family has collected it.")
            if approved
            else _("🎉 Everything is found.")
        )
    if fitting:
        shown = {offer.offer_id: offer for _need, offer in fitting}.values()
        offers = ", ".join(offer_text(t, org, offer) for offer in shown)
        lines.append(_("🧩 Fits: {offers}").format(offers=offers))
    return lines


def reserve_label(t: Translator, reference: str) -> str:
    return t.gettext("🎁 Set aside for {reference}").format(reference=reference)


def reserve_offer_label(t: Translator, org: Organisation, need: Need, offer: OfferItems) -> str:
    """Under a request's card: which offer goes to which of its needs."""
    return t.gettext("🎁 {offer} → {need}").format(
        offer=offer.reference, need=need_text(t, org, need)
    )


def reserved_answer(t: Translator, offer_reference: str, request_reference: str) -> str:
    """The admin's answer to the press (a short alert-free toast)."""
    return t.gettext("🎁 {offer} is set aside for {request}. The family is told.").format(
        offer=offer_reference, request=request_reference
    )


def not_reserved_answer(t: Translator) -> str:
    return t.gettext(
        "That can no longer be set aside: the need is met, or the offer is taken or not accepted."
    )


def found_for_family(
    org: Organisation, request: HelpRequest, offer: Offer, day: DropoffDay | None
) -> Render:
    """To the family, in their language: what was found, and when and where to collect it."""

    def render(t: Translator) -> tuple[str, None]:
        _ = t.gettext
        thing = need_label(org, offer.category_key, offer.size, t)
        lines = [
            _("Good news! 💚 We have found something for you: {thing}.").format(thing=thing),
        ]
        if day is not None:
            lines += [
                _("You can collect it here:"),
                *day_lines(t, day),
                _("Bring your number {reference}.").format(reference=request.reference),
            ]
        else:
            lines.append(_("We will write to you when you can collect it."))
        return "\n".join(lines), None

    return render


def thanks_to_donor(org: Organisation, offer: Offer) -> Render:
    """To the donor, once: their gift went to a family (nothing about who)."""

    def render(t: Translator) -> tuple[str, None]:
        text = t.gettext(
            "Thank you! 💚 Your gift {reference} ({thing}) is going to a family who needed it."
        )
        thing = need_label(org, offer.category_key, offer.size, t)
        return text.format(reference=offer.reference, thing=thing), None

    return render


def not_coming_for_family(org: Organisation, offer: Offer) -> Render:
    """To the family, when what was found for them is not coming after all."""

    def render(t: Translator) -> tuple[str, None]:
        thing = need_label(org, offer.category_key, offer.size, t)
        text = t.gettext(
            "Sorry! What we found for you ({thing}) is not coming after all."
            " We keep looking and write to you."
        )
        return text.format(thing=thing), None

    return render
