"""What the donor reads at each step of /donate, and why an answer was not taken."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from bot.i18n import N_, Translator
from domain.days import DropoffDay
from domain.offer_draft import MAX_PHOTOS, OfferDraft, Step
from domain.offer_models import NotNow
from domain.offers import (
    ADDRESS_MAX,
    DESCRIPTION_MAX,
    DESCRIPTION_MIN,
    QUANTITY_MAX,
    QUANTITY_MIN,
    SHOE_MAX,
    SHOE_MIN,
    Invalid,
    Problem,
)
from domain.organisation import Category, Organisation
from handlers.offers.texts import OfferView, day_text, offer_lines


def question(
    step: Step,
    draft: OfferDraft,
    category: Category | None,
    days: Sequence[DropoffDay],
    chosen_day: DropoffDay | None,
    organisation: Organisation,
    t: Translator,
) -> str:
    """The question that opens a step (days: the upcoming drop-off days, for HANDOVER;
    chosen_day: the donor's day, for SUMMARY)."""
    _ = t.gettext
    if step is Step.CATEGORY:
        return _("What would you like to give? Choose a kind of thing.")
    if step is Step.DESCRIPTION:
        return description_question(category, t)
    if step is Step.SIZE:
        if category is not None and category.sizes == "shoes":
            return _("Which shoe size? Write a size from 16 to 48, e.g. 38 or 38.5.")
        return _(
            "Which size? For children, the size is their height in cm: 50, 56, 62 … 176,"
            " e.g. 110 or 110/116. Adults: XS to XXXXL."
            " Several sizes? Tap “Mixed sizes”."
        )
    if step is Step.QUANTITY:
        return _("How many? Tap a number, or write one from 1 to 100.")
    if step is Step.CONDITION:
        return _("What condition is it in?")
    if step is Step.PHOTOS:
        return photos_question(draft, t)
    if step is Step.HANDOVER:
        return handover_question(category, days, organisation, t)
    if step is Step.PICKUP_ADDRESS:
        return _("Where can we pick it up? Write the street and house number.")
    if step is Step.PICKUP_POSTCODE:
        return _("And the postcode? Four digits, e.g. 7400.")
    if step is Step.CONTACT:
        return _(
            "How can we reach you? We always write to you here in Telegram."
            " You may also give us your phone number: tap the button, or write it."
        )
    return summary(draft, chosen_day, organisation, t)


# A fitting example per category of the profile; other categories get a neutral question.
DESCRIPTION_EXAMPLES: dict[str, str] = {
    "clothes": N_("Two winter jackets for a boy, hardly used."),
    "shoes": N_("A pair of red rubber boots, worn one winter."),
    "furniture": N_("An oak dining table with four chairs."),
    "toys": N_("A box of LEGO and two puzzles."),
    "kitchen": N_("A set of plates and six glasses."),
}


def description_question(category: Category | None, t: Translator) -> str:
    _ = t.gettext
    example = DESCRIPTION_EXAMPLES.get(category.key) if category is not None else None
    if example is None:
        return _("Write a few words about it: what is it, and is there anything we should know?")
    return _("Write a few words about it. For example: “{example}”").format(example=_(example))


def photos_question(draft: OfferDraft, t: Translator) -> str:
    _ = t.gettext
    if draft.photos:
        return photos_so_far(len(draft.photos), t)
    return _(
        "Send up to {max} photos, if you like. Then we can say yes faster. No photos? Tap “Skip”."
    ).format(max=MAX_PHOTOS)


def photos_so_far(count: int, t: Translator) -> str:
    _ = t.gettext
    if count >= MAX_PHOTOS:
        return _("I have {count} of {max} photos. That is the most I can take. Tap “Done”.").format(
            count=count, max=MAX_PHOTOS
        )
    return _("I have {count} of {max} photos. Send more, or tap “Done”.").format(
        count=count, max=MAX_PHOTOS
    )


def handover_question(
    category: Category | None,
    days: Sequence[DropoffDay],
    organisation: Organisation,
    t: Translator,
) -> str:
    _ = t.gettext
    large = category is not None and category.large
    if not days:
        if large:
            return _(
                "We have no drop-off day planned right now. We can pick it up, or you can"
                " come back later."
            )
        return _(
            "We have no drop-off day planned right now. Please come back later."
            " Shall I tell you when we plan one?"
        )
    places = {day.place for day in days}
    if len(places) == 1:  # one place for all: said once
        lines = [
            _("When can you bring it? Our drop-off days at {place}:").format(
                place=escape(days[0].place)
            )
        ]
        lines += [f"• {day_text(day, t)}" for day in days]
    else:  # days held at different places: each with its own
        lines = [_("When can you bring it? Our drop-off days:")]
        lines += [f"• {day_text(day, t)}, {escape(day.place)}" for day in days]
    if large:
        lines.append(_("Is it big or heavy? Then we can pick it up."))
    return "\n".join(lines)


def summary(
    draft: OfferDraft,
    day: DropoffDay | None,
    organisation: Organisation,
    t: Translator,
    sent_as: str | None = None,
) -> str:
    """The offer before sending, with the question; sent_as: its reference once sent."""
    _ = t.gettext
    title = _("<b>Your offer</b>")
    if sent_as is not None:
        title = _("<b>Your offer {reference}</b>").format(reference=sent_as)
    lines = [title, *offer_lines(OfferView.of_draft(draft, day), organisation, t)]
    if sent_as is None:
        lines += ["", _("Is it all right? Tap “Send”, or change a part.")]
    return "\n".join(lines)


def outside_area(t: Translator) -> str:
    _ = t.gettext
    return _(
        "Sorry, we can only pick things up in our own area. You are welcome to bring it"
        " on a drop-off day instead. Or write another postcode."
    )


def sent(reference: str, pickup: bool, organisation: Organisation, t: Translator) -> str:
    _ = t.gettext
    lines = [
        _("Thank you! 💚 Your offer is sent. Its number is <b>{reference}</b>.").format(
            reference=reference
        ),
        _("What happens now: we look at it and answer you here, most often within a few days."),
    ]
    if pickup:
        lines.append(_("If we can use it, we will contact you to agree on a pickup."))
    else:
        lines.append(_("Please wait for our answer before you bring anything."))
    lines.append(_("You can see your offers with /mine."))
    return "\n".join(lines)


def not_now(entry: NotNow, category: Category, t: Translator) -> str:
    _ = t.gettext
    lines = [
        _("Thank you for thinking of us! 💚 Right now we do not take {category}.").format(
            category=category.label(t.language).lower()
        ),
        entry.reason(t.language),
    ]
    if entry.until is not None:
        lines.append(_("This lasts until {date}.").format(date=t.day(entry.until)))
    lines.append(_("Do you have something else? Choose below."))
    return "\n".join(lines)


def problem(step: Step, invalid: Invalid, category: Category | None, t: Translator) -> str:
    """Why a typed answer was not taken, and what would be."""
    _ = t.gettext
    if step is Step.DESCRIPTION:
        if invalid.problem is Problem.NO_WORDS:
            return _("Please write it in words, so we know what it is.")
        if invalid.problem is Problem.TOO_LONG:
            return _("That is a bit long. Please keep it under {max} characters.").format(
                max=DESCRIPTION_MAX
            )
        return _("Please write a little more: at least {min} characters.").format(
            min=DESCRIPTION_MIN
        )
    if step is Step.SIZE:
        if category is not None and category.sizes == "shoes":
            return _("I did not get that size. Shoe sizes go from {min} to {max}.").format(
                min=SHOE_MIN, max=SHOE_MAX
            )
        # The question under it says what a size is (children's height in cm, XS-XXXXL).
        return _("I did not get that size.")
    if step is Step.QUANTITY:
        return _("Please write a number from {min} to {max}, e.g. 3.").format(
            min=QUANTITY_MIN, max=QUANTITY_MAX
        )
    if step is Step.PICKUP_ADDRESS:
        if invalid.problem is Problem.NOT_AN_ADDRESS:
            return _("Please write the street and house number, e.g. Skovvej 12.")
        return _("Please write the street and house number (at most {max} characters).").format(
            max=ADDRESS_MAX
        )
    if step is Step.PICKUP_POSTCODE:
        if invalid.problem is Problem.OUTSIDE_AREA:
            return outside_area(t)
        return _("A postcode has four digits, e.g. 7400.")
    if step is Step.CONTACT:
        return _(
            "That does not look like a phone number. Write e.g. 12 34 56 78 or"
            " +46 70 123 45 67, or tap “Only Telegram”."
        )
    return _("I did not get that.")


def hint(step: Step, kind: str, t: Translator, photos_full: bool = False) -> str:
    """A short, kind hint for input the step cannot use (kind: text, photo, other)."""
    _ = t.gettext
    if step is Step.PHOTOS and photos_full:
        return _("I cannot use that here.")  # the question after it says: tap “Done”
    if step is Step.PHOTOS:
        if kind == "image_file":
            return _("Please send it as a photo, not as a file.")
        if kind == "text":
            return _("Here I need photos. Send a photo, or tap a button.")
        return _("I cannot use that here. Send a photo, or tap a button.")
    if kind == "photo" and step in TYPED_STEPS:
        return _("Thank you! But here I need a few words. You can send photos in a moment.")
    if step in TYPED_STEPS:
        return _("I cannot use that here. Please write your answer.")
    if step is Step.CONTACT:
        return _("Please tap a button below, or write your phone number.")
    return _("Please tap one of the buttons.")


TYPED_STEPS = frozenset(
    {Step.DESCRIPTION, Step.SIZE, Step.QUANTITY, Step.PICKUP_ADDRESS, Step.PICKUP_POSTCODE}
)


def withdrawn_for_admins(reference: str, t: Translator, set_aside_for: list[str]) -> str:
    """The admins' notice when a donor withdraws an offer from /mine (and the requests it was
    set aside for: they are open again, and the families are told)."""
    text = t.gettext("↩️ {reference} was withdrawn by the donor.").format(reference=reference)
    if set_aside_for:
        text += "\n" + t.gettext(
            "It was set aside for {requests}: the family is told, and the need is open again."
        ).format(requests=", ".join(set_aside_for))
    return text
