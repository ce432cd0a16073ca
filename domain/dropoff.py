"""Drop-off days as admins type them, and repeating plans, in the organisation's time zone.

Everything is read as local wall time and turned into UTC instants here, so a day at 10:00 stays
at 10:00 on both sides of a summer-time change.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from domain.offers import Checked, check_text

MAX_VOLUNTEERS = 50
MAX_DAYS_AHEAD = 2 * 366
LAST_WEEK = -1  # "the last <weekday> of the month" in PlanRule.weeks
ALL_WEEKS = (1, 2, 3, 4, 5)


class FormError(StrEnum):
    EMPTY = "empty"
    BAD_FORMAT = "bad_format"
    BAD_DATE = "bad_date"
    NO_SUCH_DATE = "no_such_date"  # reads as a date, but the calendar has no such day (31.2)
    PAST_DATE = "past_date"  # the day has already passed
    PAST_TIME = "past_time"  # the day is today, but its start has already passed
    TOO_FAR = "too_far"  # more than MAX_DAYS_AHEAD ahead: surely a typo in the year
    BAD_TIME = "bad_time"
    REVERSED_TIMES = "reversed_times"  # the end is not after the start
    NONEXISTENT_TIME = "nonexistent_time"  # skipped by the change to summer time
    BAD_COUNT = "bad_count"  # missing, not a number, or above MAX_VOLUNTEERS
    BAD_WEEKDAY = "bad_weekday"
    BAD_WEEKS = "bad_weeks"


@dataclass(frozen=True)
class FormProblem:
    """Why a typed day or plan was refused; part is the piece of text at fault (may be '').

    day and at are the date and wall time at fault, when the text is understood but refused
    (a past day, a past start today), so the reply can show them in the reader's language.
    """

    error: FormError
    part: str = ""
    day: date | None = None
    at: time | None = None


@dataclass(frozen=True)
class DayDraft:
    """A checked drop-off day, ready to store. place None means the profile's address."""

    starts_at: datetime  # UTC
    ends_at: datetime  # UTC
    volunteers_needed: int
    place: str | None = None


class Slot(NamedTuple):
    starts_at: datetime  # UTC
    ends_at: datetime  # UTC


@dataclass(frozen=True)
class PlanRule:
    """A repeating drop-off day: weekday (Monday 0) in the given weeks of every month."""

    weekday: int
    weeks: tuple[int, ...]  # 1-5 and/or LAST_WEEK, sorted, unique
    start: time
    end: time
    volunteers_needed: int
    place: str | None = None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DANISH_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})(?:[./-](\d{4}|\d{2}))?\.?$")
_TIME = r"\d{1,2}(?:[:.]\d{2})?"
_SPAN = re.compile(rf"^(?:kl\.?\s*)?({_TIME})\s*[-–]\s*({_TIME})(?=\s|,|$)", re.IGNORECASE)
_SPAN_ANYWHERE = re.compile(
    rf"(?<![\d.:])(?:kl\.?\s*)?{_TIME}\s*[-–]\s*{_TIME}(?=\s|,|$)", re.IGNORECASE
)
_COUNT_WORDS = re.compile(r"^(?:frivillige|frivillig|volunteers?)\b\s*,?\s*", re.IGNORECASE)

# Monday first, Danish/English; plurals ("lørdage") and three letters ("lør") work too.
_WEEKDAY_NAMES = (
    "mandag/monday tirsdag/tuesday onsdag/wednesday torsdag/thursday fredag/friday"
    " lørdag/saturday søndag/sunday"
)
_ORDINALS = {
    **{str(n): n for n in ALL_WEEKS},
    **{
        f"{n}{suffix}": n
        for n, suffix in zip(ALL_WEEKS, ("st", "nd", "rd", "th", "th"), strict=True)
    },
    **dict(zip(("første", "anden", "tredje", "fjerde", "femte"), ALL_WEEKS, strict=True)),
    **dict(zip(("first", "second", "third", "fourth", "fifth"), ALL_WEEKS, strict=True)),
    "sidste": LAST_WEEK,
    "last": LAST_WEEK,
}
_EVERY = {"hver", "alle", "every", "each"}
_FILLER = {"og", "and", "den", "the", "i", "in", "of", "måneden", "month"}


def _ascii(word: str) -> str:
    return word.lower().replace("ø", "o").replace("oe", "o")


def _weekday_index() -> dict[str, int]:
    index: dict[str, int] = {}
    for number, names in enumerate(_WEEKDAY_NAMES.split()):
        for name in names.split("/"):
            plain = _ascii(name)
            for form in (plain, plain + "e", plain + "s", plain[:3]):
                index[form] = number
    return index


_WEEKDAYS = _weekday_index()


def parse_date(text: str, today: date) -> date | FormProblem:
    """2026-12-06, 06.12.2026, 6/12-26 or 6/12 (the next such date on or after today)."""
    text = text.strip().rstrip(",")
    year: int | None = None
    if iso := _ISO_DATE.match(text):
        year, month, day = (int(group) for group in iso.groups())
    elif danish := _DANISH_DATE.match(text):
        day, month, given = int(danish.group(1)), int(danish.group(2)), danish.group(3)
        if given:
            year = 2000 + int(given) if len(given) == 2 else int(given)
    else:
        return FormProblem(FormError.BAD_DATE, text)
    try:
        if year is not None:
            return date(year, month, day)
        found = date(today.year, month, day)
        # "6/12" typed in late December means next year's.
        return found if found >= today else found.replace(year=today.year + 1)
    except ValueError:  # 31/2, or 29/2 outside a leap year: or no month 13, no day 40
        if 1 <= month <= 12 and 1 <= day <= 31:
            return FormProblem(FormError.NO_SUCH_DATE, text)
        return FormProblem(FormError.BAD_DATE, text)


def parse_time(text: str) -> time | None:
    """10, 10:00 or 10.00 (24-hour clock); None when it is not a time of day."""
    match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?", text.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_time_span(text: str) -> tuple[time, time] | FormProblem:
    """10-13, 10:00-13:00, kl. 10.00 - 13.00; the end must come after the start."""
    match = _SPAN.match(text.strip())
    if not match or match.end() != len(text.strip()):
        return FormProblem(FormError.BAD_TIME, text.strip())
    return _span_times(match.group(1), match.group(2))


def parse_count(text: str) -> int | FormProblem:
    text = text.strip().rstrip(",")
    if not text.isdigit() or int(text) > MAX_VOLUNTEERS:
        return FormProblem(FormError.BAD_COUNT, text)
    return int(text)


def local_instant(day: date, wall: time, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a local wall time; None when summer time skips it that day.

    A time that happens twice (the autumn change) means the first, summer-time one.
    """
    local = datetime.combine(day, wall, tzinfo=zone)
    instant = local.astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return instant


def check_day(day: date, today: date) -> FormProblem | None:
    """A date for a new day must be today or later, and not years ahead; None when it is."""
    if day < today:
        return FormProblem(FormError.PAST_DATE, day.isoformat(), day)
    if day > today + timedelta(days=MAX_DAYS_AHEAD):
        return FormProblem(FormError.TOO_FAR, day.isoformat(), day)
    return None


def make_draft(
    day: date,
    start: time,
    end: time,
    volunteers_needed: int,
    place: str | None,
    zone: ZoneInfo,
    now: datetime,
) -> DayDraft | FormProblem:
    """Checks a day put together step by step (the guided /newdate) or from one line."""
    if end <= start:
        return FormProblem(FormError.REVERSED_TIMES, f"{start:%H:%M}-{end:%H:%M}")
    today = now.astimezone(zone).date()
    refused = check_day(day, today)
    if refused is not None:
        return refused
    starts_at, ends_at = local_instant(day, start, zone), local_instant(day, end, zone)
    if starts_at is None or ends_at is None:
        wall = start if starts_at is None else end
        return FormProblem(FormError.NONEXISTENT_TIME, f"{wall:%H:%M}", day, wall)
    if starts_at <= now:  # only today can get here: an earlier day is refused above
        return FormProblem(FormError.PAST_TIME, f"{start:%H:%M}", day, start)
    if not 0 <= volunteers_needed <= MAX_VOLUNTEERS:
        return FormProblem(FormError.BAD_COUNT, str(volunteers_needed))
    return DayDraft(starts_at, ends_at, volunteers_needed, (place or "").strip() or None)


def parse_day_line(text: str, zone: ZoneInfo, now: datetime) -> DayDraft | FormProblem:
    """'2026-12-06 10:00-13:00 4 [place]' or '6/12 10-13 4' into a checked draft."""
    parts = text.strip().split(None, 1)
    if not parts:
        return FormProblem(FormError.EMPTY)
    day = parse_date(parts[0], now.astimezone(zone).date())
    if isinstance(day, FormProblem):
        return day
    rest = parts[1].strip() if len(parts) > 1 else ""
    span_match = _SPAN.match(rest)
    if not span_match:
        return FormProblem(FormError.BAD_TIME, rest.split(None, 1)[0] if rest else "")
    span = _span_times(span_match.group(1), span_match.group(2))
    if isinstance(span, FormProblem):
        return span
    tail = rest[span_match.end() :].strip(" ,").split(None, 1)
    count = parse_count(tail[0] if tail else "")
    if isinstance(count, FormProblem):
        return count
    place = _COUNT_WORDS.sub("", tail[1]).strip(" ,") if len(tail) > 1 else None
    return make_draft(day, span[0], span[1], count, place, zone, now)


def parse_plan_rule(text: str) -> PlanRule | FormProblem:
    """'2. og 4. lørdag, 10-13, 4 frivillige [, place]' or 'last saturday 10:00-13:00 4'."""
    text = text.strip()
    if not text:
        return FormProblem(FormError.EMPTY)
    span_match = _SPAN_ANYWHERE.search(text)
    if not span_match:
        return FormProblem(FormError.BAD_TIME, text)
    head, tail = text[: span_match.start()], text[span_match.end() :].strip(" ,")
    bounds = _SPAN.match(span_match.group(0))
    assert bounds is not None  # the same pattern just matched
    span = _span_times(bounds.group(1), bounds.group(2))
    if isinstance(span, FormProblem):
        return span
    when = _weekday_and_weeks(head)
    if isinstance(when, FormProblem):
        return when
    count_match = re.match(r"^(\d+)\s*,?\s*", tail)
    if not count_match:
        return FormProblem(FormError.BAD_COUNT, tail.split(None, 1)[0] if tail else "")
    count = parse_count(count_match.group(1))
    if isinstance(count, FormProblem):
        return count
    place = _COUNT_WORDS.sub("", tail[count_match.end() :]).strip(" ,") or None
    return PlanRule(when[0], when[1], span[0], span[1], count, place)


def plan_days(rule: PlanRule, zone: ZoneInfo, first: date, last: date) -> list[Slot]:
    """The plan's days from first to last (both included) as UTC instants, in order.

    A start that summer time skips (only possible in the night) moves forward by the skipped hour.
    """
    slots = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        for day in _plan_dates_in_month(rule, year, month):
            if first <= day <= last:
                starts_at = datetime.combine(day, rule.start, tzinfo=zone).astimezone(UTC)
                ends_at = datetime.combine(day, rule.end, tzinfo=zone).astimezone(UTC)
                slots.append(Slot(starts_at, ends_at))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return slots


def _plan_dates_in_month(rule: PlanRule, year: int, month: int) -> list[date]:
    month_days = calendar.monthrange(year, month)[1]
    first_match = 1 + (rule.weekday - date(year, month, 1).weekday()) % 7
    matches = list(range(first_match, month_days + 1, 7))  # the 4 or 5 such weekdays
    chosen = set()
    for week in rule.weeks:
        if week == LAST_WEEK:
            chosen.add(matches[-1])
        elif week <= len(matches):
            chosen.add(matches[week - 1])
    return [date(year, month, day) for day in sorted(chosen)]


def _span_times(start_text: str, end_text: str) -> tuple[time, time] | FormProblem:
    start, end = parse_time(start_text), parse_time(end_text)
    if start is None or end is None:
        return FormProblem(FormError.BAD_TIME, f"{start_text}-{end_text}")
    if end <= start:
        return FormProblem(FormError.REVERSED_TIMES, f"{start_text}-{end_text}")
    return start, end


def _weekday_and_weeks(head: str) -> tuple[int, tuple[int, ...]] | FormProblem:
    words = re.sub(r"[,&+]", " ", head).lower().split()
    weekday: int | None = None
    weeks: set[int] = set()
    every = False
    for word in words:
        plain = _ascii(word.rstrip("."))
        if plain in _WEEKDAYS and weekday is None:
            weekday = _WEEKDAYS[plain]
        elif word.rstrip(".") in _ORDINALS:
            weeks.add(_ORDINALS[word.rstrip(".")])
        elif word in _EVERY:
            every = True
        elif word not in _FILLER:
            return FormProblem(FormError.BAD_WEEKS, word)
    if weekday is None:
        return FormProblem(FormError.BAD_WEEKDAY, head.strip())
    if every and not weeks:
        weeks = set(ALL_WEEKS)
    if not weeks:
        return FormProblem(FormError.BAD_WEEKS, head.strip())
    return weekday, tuple(sorted(weeks, key=lambda week: (week == LAST_WEEK, week)))


PLACE_MIN, PLACE_MAX = 2, 120


def check_place(text: str) -> Checked[str]:
    """A place typed for a day (a new one, or a day's new place): 2 to 120 letters."""
    return check_text(text, PLACE_MIN, PLACE_MAX)
