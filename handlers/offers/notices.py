"""The outbox notices about offers: the new-offer card (with its photos) to every admin place,
the board's question to the donor, and the donor's answer passed on to the admins.

Each only queues rows (no Telegram): called inside an action's unit of work, the rows commit
with the action's records, or not at all.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.keyboards import with_write_to_us
from bot.notify import PRIORITY_ADMIN, text_message
from bot.services import Services
from domain.offer_models import Offer, OfferPhoto, OfferQuestion
from domain.offers import OfferStatus
from handlers.common import user_text
from handlers.offers.cards import card_parts, matches_of
from handlers.offers.keyboards import card_buttons
from handlers.offers.texts import Donor, admin_card
from storage.outbox import NewMessage


def caption_of(photo: OfferPhoto) -> dict[str, str]:
    """The donor's caption under the photo, escaped (HTML), or nothing."""
    if not photo.caption:
        return {}
    return {"caption": user_text(photo.caption), "parse_mode": "HTML"}


def photo_rows(chat_id: int, photos: list[OfferPhoto], dedup_key: str) -> list[NewMessage]:
    """The photos as one album (Telegram wants 2-10 for an album; one goes alone)."""
    if len(photos) == 1:
        payload: dict[str, object] = {"photo": photos[0].file_id, **caption_of(photos[0])}
        return [NewMessage(chat_id, "sendPhoto", payload, dedup_key, PRIORITY_ADMIN)]
    if photos:
        media = [{"type": "photo", "media": photo.file_id, **caption_of(photo)} for photo in photos]
        return [NewMessage(chat_id, "sendMediaGroup", {"media": media}, dedup_key, PRIORITY_ADMIN)]
    return []


async def announce_new_offer(services: Services, offer: Offer, donor: Donor | None) -> None:
    """Photos (one album) and the card with buttons to every admin place; once per offer."""
    photos, day = await card_parts(services, offer)
    matches = await matches_of(services, offer)
    rows: list[NewMessage] = []
    for chat_id, t in await services.notifier.admin_targets():
        rows += photo_rows(chat_id, photos, f"offer:{offer.id}:photos:{chat_id}")
        text = admin_card(
            offer,
            len(photos),
            day,
            services.organisation,
            t,
            donor=donor,
            new=True,
            matched=matches.lines(services, t),
        )
        buttons = card_buttons(offer, len(photos), t, photos=False)
        key = f"offer:{offer.id}:card:new:{chat_id}"
        rows.append(text_message(chat_id, text, buttons, dedup_key=key, priority=PRIORITY_ADMIN))
    await services.notifier.queue(rows)


async def send_question(services: Services, question: OfferQuestion) -> None:
    """The board's question to the donor, with an "Answer" button."""
    if question.donor_id is None:
        return

    def render(t: Translator) -> tuple[str, InlineKeyboardMarkup | None]:
        _ = t.gettext
        text = _("❓ We have a question about your offer {reference}:").format(
            reference=question.offer_reference
        )
        quoted = _("“{question}”").format(question=user_text(question.question))
        text += f"\n\n<i>{quoted}</i>\n\n" + _("Tap “Answer” to write back.")
        button = InlineKeyboardButton(_("✍️ Answer"), callback_data=f"offer:answer:{question.id}")
        return text, with_write_to_us(t, InlineKeyboardMarkup([[button]]))

    await services.notifier.send_to_user(
        question.donor_id, render, dedup_key=f"offer:{question.offer_id}:question:{question.id}"
    )


async def relay_answer(services: Services, answered: OfferQuestion) -> None:
    """Passes the answer on to the admins with the question, and the decision buttons."""
    repo = services.repos.offers
    offer = await repo.get(answered.offer_id)
    photo_count = len(await repo.photos(answered.offer_id))

    def render(t: Translator) -> tuple[str, InlineKeyboardMarkup | None]:
        _ = t.gettext
        text = "\n".join(
            [
                _("💬 <b>Answer about {reference}</b>").format(reference=answered.offer_reference),
                _("Question: {question}").format(question=user_text(answered.question)),
                _("Answer: {answer}").format(answer=user_text(answered.answer)),
            ]
        )
        pending = offer is not None and offer.status is OfferStatus.PENDING
        return text, card_buttons(offer, photo_count, t, photos=True) if pending and offer else None

    await services.notifier.to_admins(
        render, dedup_key=f"offer:{answered.offer_id}:answer:{answered.id}"
    )
