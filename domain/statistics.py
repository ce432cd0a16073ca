"""Statistics for the board: periods, month buckets and the totals derived from raw counts.

Pure: no SQL, no Telegram. Periods are whole local days in the organisation's time zone; the
database stores UTC instants, so each period and month is turned into a UTC [start, end) span.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

# The help type that counts as julehjælp (the key in organisation.toml).
CHRISTMAS_KIND = "christmas"
# Requests that were (or are about to be) helped: approved and handed over.
HELPED_STATUSES = frozenset({"approved", "handed_over"})
# A custom span may cover at most this many months (the chart stays readable).
MAX_MONTHS = 36
# The chart shows at least this many months, ending with the period's last month.
CHART_MIN_MONTHS = 6


class PeriodKind(StrEnum):
    THIS_MONTH = "this_month"
    LAST_MONTH = "last_month"
    THIS_YEAR = "this_year"
    CUSTOM = "custom"


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @property
    def last_day(self) -> date:
        return self.next().first_day - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """Whole local days, first and last included."""

    first: date
    last: date
    kind: PeriodKind = PeriodKind.CUSTOM

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The UTC instants [start, end) of these local days."""
        return local_midnight(self.first, zone), local_midnight(self.last + timedelta(1), zone)

    def months(self) -> list[Month]:
        months, month = [], Month.of(self.first)
        while month <= Month.of(self.last):
            months.append(month)
            month = month.next()
        return months

    def chart_months(self, minimum: int = CHART_MIN_MONTHS) -> list[Month]:
        """The period's months, extended back so a short period is seen against the ones before."""
        months = self.months()
        while len(months) < minimum:
            months.insert(0, months[0].previous())
        return months

    @property
    def code(self) -> str:
        """Compact and language-free, for button data: '20261101-20261130'."""
        return f"{self.first:%Y%m%d}-{self.last:%Y%m%d}"


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def month_bounds(month: Month, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return local_midnight(month.first_day, zone), local_midnight(month.next().first_day, zone)


def this_month(today: date) -> Period:
    month = Month.of(today)
    return Period(month.first_day, month.last_day, PeriodKind.THIS_MONTH)


def last_month(today: date) -> Period:
    month = Month.of(today).previous()
    return Period(month.first_day, month.last_day, PeriodKind.LAST_MONTH)


def this_year(today: date) -> Period:
    return Period(date(today.year, 1, 1), date(today.year, 12, 31), PeriodKind.THIS_YEAR)


def preset(kind: PeriodKind, today: date) -> Period | None:
    makers = {
        PeriodKind.THIS_MONTH: this_month,
        PeriodKind.LAST_MONTH: last_month,
        PeriodKind.THIS_YEAR: this_year,
    }
    maker = makers.get(kind)
    return None if maker is None else maker(today)


class SpanProblem(StrEnum):
    NOT_TWO_DATES = "not_two_dates"
    NO_SUCH_DATE = "no_such_date"
    END_BEFORE_START = "end_before_start"
    TOO_LONG = "too_long"


@dataclass(frozen=True)
class BadSpan:
    problem: SpanProblem
    max_months: int = MAX_MONTHS


# 2026-11-01 or 1.11.2026 / 01-11-2026 / 1/11/2026 (Danish order: day, month, year).
_ISO = r"(\d{4})-(\d{1,2})-(\d{1,2})"
_DANISH = r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})"
_DATE = re.compile(rf"(?<!\d)(?:{_ISO}|{_DANISH})(?!\d)")


def parse_span(text: str) -> Period | BadSpan:
    """'2026-11-01 2026-11-30' (or '1.11.2026 - 30.11.2026') → a custom period."""
    found = list(_DATE.finditer(text or ""))
    if len(found) != 2:
        return BadSpan(SpanProblem.NOT_TWO_DATES)
    days = []
    for match in found:
        iso_y, iso_m, iso_d, dk_d, dk_m, dk_y = match.groups()
        parts = (iso_y, iso_m, iso_d) if iso_y else (dk_y, dk_m, dk_d)
        try:
            days.append(date(int(parts[0]), int(parts[1]), int(parts[2])))
        except ValueError:
            return BadSpan(SpanProblem.NO_SUCH_DATE)
    first, last = days
    if last < first:
        return BadSpan(SpanProblem.END_BEFORE_START)
    period = Period(first, last, PeriodKind.CUSTOM)
    if len(period.months()) > MAX_MONTHS:
        return BadSpan(SpanProblem.TOO_LONG)
    return period


def parse_code(code: str) -> Period | None:
    """Reads Period.code back (button data may be forged: anything odd is None)."""
    match = re.fullmatch(r"(\d{8})-(\d{8})", code)
    if not match:
        return None
    try:
        first = datetime.strptime(match.group(1), "%Y%m%d").date()
        last = datetime.strptime(match.group(2), "%Y%m%d").date()
    except ValueError:
        return None
    if last < first or len(Period(first, last).months()) > MAX_MONTHS:
        return None
    return Period(first, last, PeriodKind.CUSTOM)


# --- totals -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCount:
    """Rows of one key (category or help type) and status."""

    key: str
    status: str
    count: int
    children: int = 0  # requests only: the children of these households


# Where a met need was met, in the order the board reads them.
NEED_SOURCES = ("matching", "efterlysning", "dropoff")


@dataclass(frozen=True)
class NeedStatistics:
    """Needs recorded in a period (by when they were asked for) and needs met in it (by when
    they were met), split by source, with the median days from the request to being met."""

    recorded: int = 0
    met_by_source: tuple[tuple[str, int], ...] = ()
    median_days: float | None = None

    @property
    def met(self) -> int:
        return sum(n for _, n in self.met_by_source)

    def met_from(self, source: str) -> int:
        return sum(n for key, n in self.met_by_source if key == source)


def median_days(waits: Iterable[tuple[datetime, datetime]]) -> float | None:
    """The median of (met - created) in days, rounded to one decimal; None without any."""
    days = [(met - created).total_seconds() / 86400 for created, met in waits]
    return round(statistics.median(days), 1) if days else None


@dataclass(frozen=True)
class PeriodStatistics:
    offers: tuple[GroupCount, ...]
    requests: tuple[GroupCount, ...]
    dropoff_days: int
    shifts_attended: int
    volunteer_hours: float
    new_subscribers: int
    feedback_average: float | None
    feedback_count: int
    needs: NeedStatistics = field(default_factory=NeedStatistics)

    @property
    def offers_total(self) -> int:
        return sum(group.count for group in self.offers)

    @property
    def requests_total(self) -> int:
        return sum(group.count for group in self.requests)

    @property
    def households_helped(self) -> int:
        return sum(g.count for g in self.requests if g.status in HELPED_STATUSES)

    @property
    def children_helped(self) -> int:
        return sum(g.children for g in self.requests if g.status in HELPED_STATUSES)

    @property
    def christmas_families(self) -> int:
        return sum(
            g.count
            for g in self.requests
            if g.key == CHRISTMAS_KIND and g.status in HELPED_STATUSES
        )


def by_key(groups: Iterable[GroupCount]) -> dict[str, Counter[str]]:
    """{key: Counter(status → count)}, keys in first-seen order."""
    table: dict[str, Counter[str]] = {}
    for group in groups:
        table.setdefault(group.key, Counter())[group.status] += group.count
    return table


@dataclass
class MonthlySeries:
    """Counts per month for the chart, one list per series, aligned with `months`."""

    months: list[Month]
    values: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, moments: Iterable[datetime], zone: ZoneInfo) -> None:
        self.values[name] = bucket_by_month(moments, self.months, zone)


def bucket_by_month(
    moments: Iterable[datetime], months: list[Month], zone: ZoneInfo
) -> list[float]:
    """How many instants fall in each local month (instants outside the months are left out)."""
    index = {month: i for i, month in enumerate(months)}
    counts = [0.0] * len(months)
    for moment in moments:
        position = index.get(Month.of(moment.astimezone(zone).date()))
        if position is not None:
            counts[position] += 1
    return counts
