"""Outbox messages about a shift: the calendar file, "you moved up", and the admins' "cannot
come".

Each is written to the outbox with a dedup key, so a doubled press, a redelivered update or a
restart can never send it twice.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator
from bot.keyboards import with_write_to_us
from bot.notify import PRIORITY_PERSONAL, text_message
from bot.services import Services
from domain.calendar_file import shift_calendar_file, shift_file_name
from domain.days import DropoffDay
from domain.phone import display_phone
from domain.shifts import Places, Promotion
from domain.volunteers import Volunteer
from handlers.common import user_text
from handlers.dropoff.texts import day_line, places_text
from storage.outbox import NewMessage


async def translators(services: Services, user_ids: Iterable[int]) -> dict[int, Translator]:
    """Each person's translator (their stored language, else the default)."""
    ids = list(dict.fromkeys(user_ids))
    languages = await services.users.languages(ids)
    return {user_id: services.i18n(languages.get(user_id)) for user_id in ids}


def signup_key(day_id: int, volunteer_id: int, signup_id: int, signed_up_at: datetime) -> str:
    """The outbox key prefix of one sign-up: never the same for a later sign-up of the person."""
    stamp = signed_up_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%f")
    return f"shift:{day_id}:{volunteer_id}:{signup_id}:{stamp}"


def calendar_message(
    services: Services,
    t: Translator,
    day: DropoffDay,
    volunteer_id: int,
    user_id: int,
    *,
    dedup_key: str,
    cancelled: bool = False,
) -> NewMessage:
    """A sendDocument row with the shift's .ics (a cancelling one for a cancelled day)."""
    _ = t.gettext
    organisation = services.organisation
    zone = services.settings.zone
    data = shift_calendar_file(
        day_id=day.id,
        volunteer_id=volunteer_id,
        starts_at=day.starts_at,
        ends_at=day.ends_at,
        zone=zone,
        summary=_("Drop-off day shift – {org}").format(org=organisation.name),
        location=day.place,
        description=_("Thank you for helping! Questions: {phone}").format(
            phone=display_phone(organisation.phone) or organisation.email
        ),
        now=services.clock.now(),
        sequence=day.version,
        cancelled=cancelled,
    )
    prefix = "vagt" if t.language == "da" else "shift"
    caption = (
        _("🗓️ Open the file to remove the shift from your calendar.")
        if cancelled
        else _("🗓️ Add to calendar: open the file, and your phone puts the shift in.")
    )
    payload = {
        "filename": shift_file_name(prefix, day.starts_at, zone),
        "data": base64.b64encode(data).decode("ascii"),
        "caption": caption,
        "parse_mode": "HTML",
    }
    return NewMessage(user_id, "sendDocument", payload, dedup_key, PRIORITY_PERSONAL)


def leave_button(t: Translator, day_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t.gettext("🙅 I can't come"), callback_data=f"shift:cant:{day_id}")]]
    )


async def shift_taken_messages(
    services: Services,
    t: Translator,
    day: DropoffDay,
    volunteer_id: int,
    user_id: int,
    signup_id: int,
    signed_up_at: datetime,
) -> list[NewMessage]:
    """The calendar file that comes with a place, once per place and version of the day."""
    key = signup_key(day.id, volunteer_id, signup_id, signed_up_at)
    return [
        calendar_message(
            services,
            t,
            day,
            volunteer_id,
            user_id,
            dedup_key=f"{key}:ics:v{day.version}",
        )
    ]


async def tell_promoted(services: Services, promotions: Iterable[Promotion]) -> int:
    """Tells each person who moved up from the waitlist, with the calendar file."""
    promoted = list(promotions)
    if not promoted:
        return 0
    days = services.repos.days
    people = await translators(services, [p.user_id for p in promoted])
    rows: list[NewMessage] = []
    for promotion in promoted:
        day = await days.get(promotion.day_id)
        if day is None:
            continue
        t = people[promotion.user_id]
        key = signup_key(
            day.id, promotion.volunteer_id, promotion.signup_id, promotion.signed_up_at
        )
        text = "\n".join(
            [
                t.gettext("🎉 Good news: a place opened up, and it is yours!"),
                day_line(t, day),
                t.gettext("If you cannot come after all, tap the button."),
            ]
        )
        rows.append(
            text_message(
                promotion.user_id,
                text,
                with_write_to_us(t, leave_button(t, day.id)),
                dedup_key=f"{key}:promoted",
            )
        )
        rows += await shift_taken_messages(
            services,
            t,
            day,
            promotion.volunteer_id,
            promotion.user_id,
            promotion.signup_id,
            promotion.signed_up_at,
        )
    return await services.notifier.queue(rows)


def cant_come_notice(
    volunteer: Volunteer, day: DropoffDay, places: Places
) -> Callable[[Translator], tuple[str, None]]:
    """For the admins: who cannot come to which day, and how full the day is now."""

    def render(t: Translator) -> tuple[str, None]:
        text = t.gettext("ℹ️ {name} cannot come: {day}\nNow: {places}.").format(
            name=user_text(volunteer.name), day=day_line(t, day), places=places_text(t, places)
        )
        return text, None

    return render
