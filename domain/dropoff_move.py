"""Moving a drop-off day: the admin types a new time span, or a new date and time span."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.dropoff import FormError, FormProblem, make_draft, parse_date, parse_time_span


def parse_new_time(
    text: str, current_date: date, zone: ZoneInfo, now: datetime
) -> tuple[datetime, datetime] | FormProblem:
    """'11-14' keeps the day's local date; '2026-12-13 10:00-13:00' moves it to another date.

    Returns the new (start, end) as UTC instants, checked as for a new day (not in the past,
    end after start, a time summer time does not skip).
    """
    text = text.strip()
    if not text:
        return FormProblem(FormError.EMPTY)
    day = current_date
    span = parse_time_span(text)
    if isinstance(span, FormProblem):
        parts = text.split(None, 1)
        if len(parts) < 2:
            return span
        found = parse_date(parts[0], now.astimezone(zone).date())
        if isinstance(found, FormProblem):
            return found
        day = found
        span = parse_time_span(parts[1])
        if isinstance(span, FormProblem):
            return span
    draft = make_draft(day, span[0], span[1], 0, None, zone, now)
    if isinstance(draft, FormProblem):
        return draft
    return draft.starts_at, draft.ends_at
