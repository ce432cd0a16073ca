"""Telling people that a drop-off day moved or was cancelled: its volunteers and its donors.

Volunteers with a place get a fresh calendar file (same UID, higher SEQUENCE: their calendar
updates the entry) or a cancelling one. Every row has a dedup key with the day's version, so
each change is told once. Called inside the action's unit of work (handlers/dropoff/actions.py).
"""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import Translator
from bot.keyboards import with_write_to_us
from bot.notify import text_message
from bot.services import Services
from domain.days import DropoffDay
from domain.shifts import RosterEntry, SignupStatus
from handlers.dropoff.texts import day_line
from handlers.shifts.messages import calendar_message, translators
from storage.outbox import NewMessage

VolunteerText = Callable[[Translator, RosterEntry], str]
DonorText = Callable[[Translator, str], str]  # the donor's translator and the offer's reference


async def tell_day_changed(
    services: Services, before: DropoffDay, after: DropoffDay
) -> tuple[int, int]:
    """Queues the change for everyone on the day and every donor booked on it.

    Returns how many people are told: (volunteers, donors); a calendar file is not a person.
    """

    def volunteer_text(t: Translator, entry: RosterEntry) -> str:
        _ = t.gettext
        return "\n".join(
            [
                _("📣 Your drop-off day has changed."),
                _("Before: {day}").format(day=day_line(t, before)),
                _("Now: {day}").format(day=day_line(t, after)),
                _("You keep your place. If you cannot come now, tell us with /shifts.")
                if entry.status is SignupStatus.CONFIRMED
                else _("You are still on the waitlist."),
            ]
        )

    def donor_text(t: Translator, reference: str) -> str:
        _ = t.gettext
        return "\n".join(
            [
                _("📣 The drop-off day for your gift {reference} has changed.").format(
                    reference=reference
                ),
                _("Now: {day}").format(day=day_line(t, after)),
                _("Thank you for giving!"),
            ]
        )

    key = f"day:{after.id}:v{after.version}"
    return await _tell_day_people(services, after, key, volunteer_text, donor_text)


async def tell_day_cancelled(services: Services, day: DropoffDay) -> tuple[int, int]:
    """Queues the cancellation for everyone on the day and every donor booked on it.

    Returns how many people are told: (volunteers, donors).
    """

    def volunteer_text(t: Translator, entry: RosterEntry) -> str:
        _ = t.gettext
        return "\n".join(
            [
                _("❌ The drop-off day is cancelled:"),
                day_line(t, day),
                _("So your shift is cancelled too. Thank you for being ready to help!"),
            ]
        )

    def donor_text(t: Translator, reference: str) -> str:
        _ = t.gettext
        return "\n".join(
            [
                _("❌ The drop-off day for your gift {reference} is cancelled:").format(
                    reference=reference
                ),
                day_line(t, day),
                _("We are sorry. See the coming days with /dates, or write to us."),
            ]
        )

    key = f"day:{day.id}:cancelled"
    return await _tell_day_people(services, day, key, volunteer_text, donor_text)


async def _tell_day_people(
    services: Services,
    day: DropoffDay,
    key: str,
    volunteer_text: VolunteerText,
    donor_text: DonorText,
) -> tuple[int, int]:
    """One message to each person on the day (with a calendar file for those with a place: a
    cancelling one for a cancelled day) and to each donor booked on it, in their language."""
    roster = await services.repos.shifts.roster(day.id)
    offers = await services.repos.offers.booked_on_day(day.id)
    donors = [(offer.donor_id, offer.reference) for offer in offers if offer.donor_id is not None]
    people = await translators(services, [e.user_id for e in roster] + [d for d, _ in donors])
    rows: list[NewMessage] = []
    for entry in roster:
        t = people[entry.user_id]
        text = volunteer_text(t, entry)
        buttons = with_write_to_us(t)
        rows.append(
            text_message(entry.user_id, text, buttons, dedup_key=f"{key}:volunteer:{entry.user_id}")
        )
        if entry.status is SignupStatus.CONFIRMED:
            rows.append(
                calendar_message(
                    services,
                    t,
                    day,
                    entry.volunteer_id,
                    entry.user_id,
                    dedup_key=f"{key}:ics:{entry.user_id}",
                    cancelled=day.cancelled,
                )
            )
    for donor_id, reference in donors:
        t = people[donor_id]
        buttons = with_write_to_us(t)
        rows.append(
            text_message(
                donor_id, donor_text(t, reference), buttons, dedup_key=f"{key}:donor:{reference}"
            )
        )
    await services.notifier.queue(rows)
    return len({e.user_id for e in roster}), len({donor for donor, _ in donors})
