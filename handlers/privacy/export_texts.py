"""The /mydata file in the person's language: every key a label (»Ønsker«, »Tilbud«, »Vagter«),
statuses in words, times as a phone shows them.

storage/personal_data.py exports the rows without their internal fields; this turns what is
left into something a person can read. A key without a label (a new column) still reads as
words, never as `snake_case`.
"""

from __future__ import annotations

import re
from typing import Any

from bot.i18n import N_, Translator, language_name
from domain.clock import from_db
from domain.offers import Condition, OfferStatus
from domain.organisation import Organisation
from domain.phone import display_phone
from domain.requests import Referral, RequestStatus
from domain.subscriptions import Topic
from handlers.offers.texts import CONDITION_LABELS
from handlers.offers.texts import STATUS_LABELS as OFFER_STATUS
from handlers.requests.family_outcomes import STATUS as REQUEST_STATUS
from handlers.requests.family_texts import REFERRAL
from handlers.subscriptions.texts import TOPIC_LABELS

LABELS: dict[str, str] = {
    "summary": N_("In short"),
    "exported_at": N_("Made"),
    "telegram_user_id": N_("Your Telegram number"),
    "user": N_("You"),
    "language": N_("Language"),
    "created_at": N_("Created"),
    "updated_at": N_("Changed"),
    "last_seen_at": N_("Last seen"),
    "unreachable_at": N_("Could not reach you since"),
    "help_requests": N_("Requests"),
    "reference": N_("Case number"),
    "kind": N_("Kind"),
    "adults": N_("Adults"),
    "children_count": N_("Children"),
    "children": N_("The children"),
    "age": N_("Age"),
    "size": N_("Size"),
    "needs": N_("What you need"),
    "postcode": N_("Postcode"),
    "referred_by": N_("Sent by"),
    "referral_text": N_("Who sent you"),
    "phone": N_("Phone"),
    "consent_at": N_("You said yes to our privacy note"),
    "status": N_("Status"),
    "collect_text": N_("Pickup"),
    "pickup_day": N_("Pickup day"),
    "starts_at": N_("Starts"),
    "ends_at": N_("Ends"),
    "place": N_("Place"),
    "decline_text": N_("Why we said no"),
    "handed_over_at": N_("Handed over"),
    "feedback_asked_at": N_("We asked how it went"),
    "feedback_score": N_("Your score"),
    "feedback_comment": N_("Your words about it"),
    "feedback_at": N_("You answered"),
    "season": N_("Season"),
    "closed_at": N_("Closed"),
    "questions": N_("Questions"),
    "question": N_("Question"),
    "answer": N_("Answer"),
    "asked_at": N_("Question asked"),
    "answered_at": N_("Answered"),
    "offers": N_("Offers"),
    "category_key": N_("Category"),
    "description": N_("Description"),
    "quantity": N_("How many"),
    "condition": N_("Condition"),
    "handover": N_("Handover"),
    "accepted_handover": N_("Handover we agreed"),
    "pickup_address": N_("Pickup address"),
    "pickup_postcode": N_("Pickup postcode"),
    "decided_at": N_("Answered by us"),
    "received_at": N_("Received"),
    "photos": N_("Photos"),
    "position": N_("Photo no."),
    "caption": N_("Text"),
    "volunteer": N_("Volunteer"),
    "name": N_("Name"),
    "skills": N_("Skills"),
    "shifts": N_("Shifts"),
    "signed_up_at": N_("Signed up"),
    "attended": N_("Came"),
    "subscriptions": N_("News you get"),
    "topic": N_("Topic"),
    "subscribed_at": N_("Since"),
    "conversation_data": N_("Answers you are in the middle of"),
    "user_data": N_("Your answers"),
    "chat_data": N_("The chat"),
    "conversation_steps": N_("Where you are"),
    "messages_to_you": N_("Messages we sent you"),
    "text": N_("Text"),
    "sent_at": N_("Sent"),
    "messages_to_the_board": N_("Messages to the board"),
    "from_board": N_("From the board"),
    "body": N_("Text"),
    "file_name": N_("File"),
}

OTHER_STATUS: dict[str, dict[str, str]] = {
    "volunteer": {
        "pending": N_("waiting for an answer from us"),
        "approved": N_("approved"),
        "declined": N_("declined"),
    },
    "shifts": {"confirmed": N_("you have the shift"), "waitlisted": N_("on the waitlist")},
}
HANDOVER: dict[str, str] = {
    "dropoff": N_("you bring it on a drop-off day"),
    "pickup": N_("we pick it up"),
}
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_YES_NO = frozenset({"from_board", "attended"})


def label(t: Translator, key: str) -> str:
    """The key in the person's language; one without a label reads as words."""
    msgid = LABELS.get(key)
    if msgid is not None:
        return t.gettext(msgid)
    return key.replace("_", " ").strip().capitalize() or key


def readable(
    t: Translator,
    data: Any,
    org: Organisation | None = None,
    key: str | None = None,
    section: str | None = None,
) -> Any:
    """The export with labels for keys and words for values, nested all the way down (org:
    the organisation profile, for the names of its kinds of help, categories and skills)."""
    if isinstance(data, dict):
        inside = key if key is not None else section
        return {label(t, k): readable(t, v, org, k, inside) for k, v in data.items()}
    if isinstance(data, list):
        if key == "skills":
            return [_skill(t, org, item) for item in data]
        return [readable(t, item, org, None, key) for item in data]
    return _value(t, org, key, data, section)


def _skill(t: Translator, org: Organisation | None, key: Any) -> Any:
    skill = org.volunteer_skill(key) if org is not None and isinstance(key, str) else None
    return skill.label(t.language) if skill else key


def _value(
    t: Translator, org: Organisation | None, key: str | None, value: Any, section: str | None
) -> Any:
    if value is None:
        return None
    if key in _YES_NO:
        return t.gettext("yes") if value else t.gettext("no")
    if not isinstance(value, str):
        return value
    if key == "status":
        if section == "help_requests" and value in REQUEST_STATUS:
            return t.gettext(REQUEST_STATUS[RequestStatus(value)])
        if section == "offers" and value in OFFER_STATUS:
            return t.gettext(OFFER_STATUS[OfferStatus(value)])
        if value in OTHER_STATUS.get(section or "", {}):
            return t.gettext(OTHER_STATUS[section or ""][value])
    words = _words(t, org, key, value, section)
    if words is not None:
        return words
    if _MOMENT.match(value):
        try:
            moment = from_db(value)
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return f"{t.short_date(moment)} {t.clock(moment)}"
    return value


# What a message to the board was (storage/migrations/0009_inbox.sql).
MESSAGE_KINDS = {"text": N_("Text"), "photo": N_("Photo"), "document": N_("File")}


def _words(
    t: Translator, org: Organisation | None, key: str | None, value: str, section: str | None
) -> str | None:
    """A stored key as the person reads it (a kind of help, a category, a condition …)."""
    if key == "language":
        return language_name(t, value)
    if key == "phone":
        return display_phone(value)
    if key == "kind" and section == "messages_to_the_board" and value in MESSAGE_KINDS:
        return t.gettext(MESSAGE_KINDS[value])
    if key == "kind" and section == "help_requests" and org is not None:
        help_type = org.help_type(value)
        return help_type.label(t.language) if help_type else value
    if key == "category_key" and org is not None:
        category = org.category(value)
        return category.label(t.language) if category else value
    if key == "condition" and value in CONDITION_LABELS:
        return t.gettext(CONDITION_LABELS[Condition(value)])
    if key in ("handover", "accepted_handover") and value in HANDOVER:
        return t.gettext(HANDOVER[value])
    if key == "referred_by" and value in REFERRAL:
        return t.gettext(REFERRAL[Referral(value)])
    if key == "topic" and value in TOPIC_LABELS:
        return t.gettext(TOPIC_LABELS[Topic(value)])
    return None
