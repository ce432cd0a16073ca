"""What a person asking for help reads during the request: short, warm, plain words.

The Danish texts aim at LIX 30 or less (tests/unit/test_request_texts_lix.py checks them).
Everything a person typed is escaped (user_text) before it goes into a message.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import N_, Translator
from domain.organisation import Organisation
from domain.phone import display_phone
from domain.request_draft import RequestDraft
from domain.request_input import Invalid, Reason, SizeSystem
from domain.request_models import Child
from domain.requests import Referral
from handlers.common import user_text
from handlers.common.ages import age_text
from handlers.common.privacy import privacy_note

REFERRAL: dict[Referral | None, str] = {
    Referral.CASEWORKER: N_("Caseworker"),
    Referral.ASSOCIATION: N_("Another association"),
    Referral.SELF: N_("I came myself"),
    Referral.OTHER: N_("Other"),
    None: N_("Not given"),
}
# An example that fits the kind of help, under "What do you need?" (by help type key).
NEEDS_EXAMPLES: dict[str, str] = {
    "clothes": N_("a winter jacket for a boy of 7"),
    "shoes": N_("warm boots for my daughter of 6"),
    "furniture": N_("a bed and a duvet for my son"),
    "toys": N_("a puzzle for a girl of 4"),
    "kitchen": N_("pots, pans and plates"),
    "christmas": N_("We are 2 adults and 3 children and would like a Christmas basket"),
    "birthday": N_("a present for a girl who turns 8"),
    "confirmation": N_("a suit for my son"),
}
OTHER_NEEDS_EXAMPLE = N_("what you need, and who it is for")
# Words that keep their capital letter inside an English sentence.
ENGLISH_NAMES = frozenset({"Christmas", "Easter"})


def intro(t: Translator, org: Organisation, retention_days: int) -> str:
    _ = t.gettext
    return "\n".join(
        [
            _("<b>Ask for help</b>"),
            _(
                "We give things for free to people who need them: clothes, shoes, furniture, "
                "toys and more. It takes a few minutes. You can stop at any time with /cancel."
            ),
            "",
            privacy_note(t, org, retention_days),
            "",
            _("Is that okay with you?"),
        ]
    )


def kind_label(t: Translator, org: Organisation, key: str | None) -> str:
    help_type = org.help_type(key or "")
    return user_text(help_type.label(t.language) if help_type else key)


def kind_in_sentence(t: Translator, org: Organisation, key: str | None) -> str:
    """The kind inside a sentence: 'du har allerede bedt om sko' (names keep their capital)."""
    label = kind_label(t, org, key)
    first = label.split(" ", 1)[0]
    if (t.language == "en" and first in ENGLISH_NAMES) or (len(first) > 1 and first.isupper()):
        return label
    return label[:1].lower() + label[1:]


def needs_example(t: Translator, key: str | None) -> str:
    return t.gettext(NEEDS_EXAMPLES.get(key or "", OTHER_NEEDS_EXAMPLE))


def child_word(t: Translator, child: int | None, children: int) -> str:
    """'your child' when there is one, else 'child number 2'."""
    _ = t.gettext
    if children == 1:
        return _("your child")
    return _("child number {number}").format(number=(child or 0) + 1)


def prompt(
    t: Translator, org: Organisation, draft: RequestDraft, state: str, child: int | None
) -> str:
    """The question asked in a state (the summary is one too)."""
    _ = t.gettext
    count = len(draft.children or ())
    if state == "kind":
        return _("What do you need help with?")
    if state == "adults":
        return _("How many adults live in your home?")
    if state == "children_count":
        return _("How many children under 18 live with you?")
    if state == "child_age":
        return _("How old is {child}?\nWrite the age in years. Under one year: write 0.").format(
            child=child_word(t, child, count)
        )
    if state == "child_size":
        who = child_word(t, child, count)
        if draft.size_system == "shoes":
            return _("What shoe size does {child} wear? For example 28.").format(child=who)
        return _("What size clothes does {child} wear?\nFor example 110 or M.").format(child=who)
    if state == "needs":
        return _("What do you need? Write it in your own words.\nFor example: {example}.").format(
            example=needs_example(t, draft.kind)
        )
    if state == "postcode":
        return _("What is your postcode? For example 7400.")
    if state == "postcode_check":
        return _("Is {postcode} right? It is outside the area we help in.").format(
            postcode=user_text(draft.unconfirmed_postcode)
        )
    if state == "referral":
        return _("Did someone send you to us? You can skip this.")
    if state == "referral_note":
        return _("Who? Write a name or a place. You can also skip this.")
    if state == "contact":
        return _(
            "We write to you here on Telegram.\n"
            "You can also give us your phone number. Then we can call you if needed.\n"
            "Tap a button, or write the number."
        )
    if state == "change_part":
        return _("What do you want to change?")
    return summary(t, org, draft)


def household(t: Translator, adults: int, children: Sequence[Child]) -> str:
    """'2 adults, 2 children (7 years, size 122; 4 years)'."""
    _ = t.gettext
    grown = t.ngettext("{count} adult", "{count} adults", adults).format(count=adults)
    if not children:
        return grown + ", " + _("no children")
    count = len(children)
    kids = t.ngettext("{count} child", "{count} children", count).format(count=count)
    details = []
    for child in children:
        detail = age_text(t, child.age)
        if child.size:
            detail += ", " + _("size {size}").format(size=user_text(child.size))
        details.append(detail)
    return f"{grown}, {kids} ({'; '.join(details)})"


def draft_children(draft: RequestDraft) -> list[Child]:
    return [
        Child(age=child.age, size=child.size)
        for child in draft.children or ()
        if child.age is not None
    ]


def referral_text(t: Translator, referred_by: Referral | None, note: str | None) -> str:
    label = t.gettext(REFERRAL[referred_by])
    return f"{label} ({user_text(note)})" if note else label


def contact_text(t: Translator, phone: str | None) -> str:
    _ = t.gettext
    if phone is None:
        return _("Telegram")
    return _("Telegram and {phone}").format(phone=user_text(display_phone(phone)))


def summary(
    t: Translator, org: Organisation, draft: RequestDraft, sent_as: str | None = None
) -> str:
    """The request before sending, with the question; sent_as: its reference once sent (then
    the message stays as a record of what was sent, without the question)."""
    _ = t.gettext
    title = _("<b>Your request</b>")
    if sent_as is not None:
        title = _("<b>Your request {reference} is sent</b>").format(reference=sent_as)
    lines = [
        title,
        _("Help with: {kind}").format(kind=kind_label(t, org, draft.kind)),
        _("Home: {household}").format(
            household=household(t, draft.adults or 1, draft_children(draft))
        ),
        _("You need: {needs}").format(needs=user_text(draft.needs)),
        _("Postcode: {postcode}").format(postcode=user_text(draft.postcode)),
        _("Referred by: {referral}").format(
            referral=referral_text(t, draft.referred_by, draft.referral_text)
        ),
        _("Contact: {contact}").format(contact=contact_text(t, draft.phone)),
    ]
    if sent_as is None:
        lines += ["", _("Is it right? Then tap Send.")]
    return "\n".join(lines)


def invalid(t: Translator, problem: Invalid, sizes: SizeSystem = "none") -> str:
    """Why an answer was not taken, and what to write instead."""
    _ = t.gettext
    match problem.reason:
        case Reason.NOT_A_NUMBER | Reason.TOO_SMALL | Reason.TOO_LARGE:
            return _("Please write a number from {minimum} to {maximum}.").format(
                minimum=problem.minimum, maximum=problem.maximum
            )
        case Reason.TOO_SHORT:
            return _("Please write a little more, at least {minimum} letters.").format(
                minimum=problem.minimum
            )
        case Reason.TOO_LONG:
            return _("That is very long. Please keep it under {maximum} letters.").format(
                maximum=problem.maximum
            )
        case Reason.NOT_A_SIZE if sizes == "shoes":
            return _("Please write a shoe size from 16 to 48, or tap “I don't know”.")
        case Reason.NOT_A_SIZE:
            return _(
                "I do not know that size. A child's size is their height in cm: "
                "50, 56, 62 … 176, like 110. Adults: XS to XXXXL. Or tap “I don't know”."
            )
        case Reason.NOT_A_POSTCODE:
            return _("Write the 4 digits of your postcode, for example 7400.")
        case Reason.NOT_A_PHONE:
            return _(
                "That does not look like a phone number. Write it like 12 34 56 78, "
                "or tap “Only Telegram”."
            )
    return _("Please choose one of the buttons.")
