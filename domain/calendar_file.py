"""An "add to calendar" file (.ics, RFC 5545) for one volunteer's shift."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

PRODUCT_ID = "-//Hjaelpebot//Drop-off shifts//EN"
MEDIA_TYPE = "text/calendar"


def shift_uid(day_id: int, volunteer_id: int, uid_domain: str = "hjaelpebot") -> str:
    """The same for one person's shift however often the file is sent, so calendars update it."""
    return f"dropoff-{day_id}-volunteer-{volunteer_id}@{uid_domain}"


def shift_calendar_file(
    *,
    day_id: int,
    volunteer_id: int,
    starts_at: datetime,
    ends_at: datetime,
    zone: ZoneInfo,
    summary: str,
    location: str,
    description: str,
    now: datetime,
    sequence: int = 0,
    cancelled: bool = False,
    uid_domain: str = "hjaelpebot",
) -> bytes:
    """The .ics bytes: one VEVENT in local time (TZID) with the zone's VTIMEZONE.

    sequence should be the day's version, so a moved day replaces the old entry; cancelled
    gives a file that removes the entry from the calendar. Texts come translated by the caller.
    """
    if starts_at.tzinfo is None or ends_at.tzinfo is None or now.tzinfo is None:
        raise ValueError("naive datetime; use aware ones")
    if ends_at <= starts_at:
        raise ValueError("a shift must end after it starts")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    # The zone's rules around the shift only: enough for any reader, and a small file.
    calendar.add_component(
        Timezone.from_tzinfo(
            zone,
            zone.key,
            first_date=(starts_at - timedelta(days=366)).date(),
            last_date=(ends_at + timedelta(days=366)).date(),
        )
    )
    event = Event()
    event.add("uid", shift_uid(day_id, volunteer_id, uid_domain))
    event.add("dtstamp", now)
    event.add("sequence", sequence)
    event.add("dtstart", starts_at.astimezone(zone))
    event.add("dtend", ends_at.astimezone(zone))
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def shift_file_name(prefix: str, starts_at: datetime, zone: ZoneInfo) -> str:
    """'<prefix>-2026-12-06.ics' for the local date; keep prefix ASCII (e.g. 'vagt' / 'shift')."""
    return f"{prefix}-{starts_at.astimezone(zone):%Y-%m-%d}.ics"
