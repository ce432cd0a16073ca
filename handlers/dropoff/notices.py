"""Telling people that a drop-off day moved or was cancelled: its volunteers and its donors.

Volunteers with a place get a fresh calendar file (same UID, higher SEQUENCE: their calendar
updates the entry) or a cancelling one. Every row has a dedup key with the day's version, so
each change is told once.
"""

from __future__ import annotations

from bot.notify import text_message
from bot.services import Services
from domain.days import DropoffDay
from handlers.dropoff.texts import day_line
from handlers.shifts.messages import calendar_message, translators
from storage.offers import OfferRepository
from storage.outbox import NewMessage
from storage.shifts import ShiftRepository


async def tell_day_changed(
    services: Services, before: DropoffDay, after: DropoffDay
) -> tuple[int, int]:
    """Queues the change for everyone on the day and every donor booked on it.

    Returns how many people are told: (volunteers, donors); a calendar file is not a person.
    """
    key = f"day:{after.id}:v{after.version}"
    roster = await ShiftRepository(services.db).roster(after.id)
    offers = await OfferRepository(services.db).booked_on_day(after.id)
    donors = [(offer.donor_id, offer.reference) for offer in offers if offer.donor_id is not None]
    people = await translators(services, [e.user_id for e in roster] + [d for d, _ in donors])
    rows: list[NewMessage] = []
    for entry in roster:
        t = people[entry.user_id]
        _ = t.gettext
        text = "\n".join(
            [
                _("📣 Your drop-off day has changed."),
                _("Before: {day}").format(day=day_line(t, before)),
                _("Now: {day}").format(day=day_line(t, after)),
                _("You keep your place. If you cannot come now, tell us with /shifts.")
                if entry.status == "confirmed"
                else _("You are still on the waitlist."),
            ]
        )
        rows.append(text_message(entry.user_id, text, dedup_key=f"{key}:volunteer:{entry.user_id}"))
        if entry.status == "confirmed":
            rows.append(
                calendar_message(
                    services,
                    t,
                    after,
                    entry.volunteer_id,
                    entry.user_id,
                    dedup_key=f"{key}:ics:{entry.user_id}",
                )
            )
    for donor_id, reference in donors:
        t = people[donor_id]
        _ = t.gettext
        text = "\n".join(
            [
                _("📣 The drop-off day for your gift {reference} has changed.").format(
                    reference=reference
                ),
                _("Now: {day}").format(day=day_line(t, after)),
                _("Thank you for giving!"),
            ]
        )
        rows.append(text_message(donor_id, text, dedup_key=f"{key}:donor:{reference}"))
    await services.notifier.queue(rows)
    return len({e.user_id for e in roster}), len({donor for donor, _ in donors})


async def tell_day_cancelled(services: Services, day: DropoffDay) -> tuple[int, int]:
    """Queues the cancellation for everyone on the day and every donor booked on it.

    Returns how many people are told: (volunteers, donors).
    """
    key = f"day:{day.id}:cancelled"
    roster = await ShiftRepository(services.db).roster(day.id)
    offers = await OfferRepository(services.db).booked_on_day(day.id)
    donors = [(offer.donor_id, offer.reference) for offer in offers if offer.donor_id is not None]
    people = await translators(services, [e.user_id for e in roster] + [d for d, _ in donors])
    rows: list[NewMessage] = []
    for entry in roster:
        t = people[entry.user_id]
        _ = t.gettext
        text = "\n".join(
            [
                _("❌ The drop-off day is cancelled:"),
                day_line(t, day),
                _("So your shift is cancelled too. Thank you for being ready to help!"),
            ]
        )
        rows.append(text_message(entry.user_id, text, dedup_key=f"{key}:volunteer:{entry.user_id}"))
        if entry.status == "confirmed":
            rows.append(
                calendar_message(
                    services,
                    t,
                    day,
                    entry.volunteer_id,
                    entry.user_id,
                    dedup_key=f"{key}:ics:{entry.user_id}",
                    cancelled=True,
                )
            )
    for donor_id, reference in donors:
        t = people[donor_id]
        _ = t.gettext
        text = "\n".join(
            [
                _("❌ The drop-off day for your gift {reference} is cancelled:").format(
                    reference=reference
                ),
                day_line(t, day),
                _("We are sorry. See the coming days with /dates, or write to us."),
            ]
        )
        rows.append(text_message(donor_id, text, dedup_key=f"{key}:donor:{reference}"))
    await services.notifier.queue(rows)
    return len({e.user_id for e in roster}), len({donor for donor, _ in donors})
