"""What the board reads: period names, the statistics text, the chart's labels, the buttons."""

from __future__ import annotations

from collections import Counter
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.charts import BarChart, Panel, Series
from bot.i18n import N_, Translator
from domain.organisation import Organisation
from domain.statistics import (
    MAX_MONTHS,
    BadSpan,
    Month,
    MonthlySeries,
    NeedStatistics,
    Period,
    PeriodStatistics,
    SpanProblem,
    by_key,
)
from handlers.common import user_text

OFFER_STATUSES = {
    "accepted": N_("accepted"),
    "received": N_("received"),
    "declined": N_("declined"),
    "withdrawn": N_("withdrawn"),
    "pending": N_("waiting"),
}
REQUEST_STATUSES = {
    "handed_over": N_("handed over"),
    "approved": N_("approved"),
    "needs_info": N_("waiting for an answer"),
    "pending": N_("waiting"),
    "declined": N_("declined"),
    "withdrawn": N_("withdrawn"),
}


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural text for extraction (tools/catalogs.py); ngettext translates it later."""
    return singular, plural


# "2 accepterede" in /stats: the status word agrees with the number in Danish.
OFFER_STATUS_COUNTS = {
    "accepted": Np_("{count} accepted", "{count} accepted"),
    "received": Np_("{count} received", "{count} received"),
    "declined": Np_("{count} declined", "{count} declined"),
    "withdrawn": Np_("{count} withdrawn", "{count} withdrawn"),
    "pending": Np_("{count} waiting", "{count} waiting"),
}
REQUEST_STATUS_COUNTS = {
    "handed_over": Np_("{count} handed over", "{count} handed over"),
    "approved": Np_("{count} approved", "{count} approved"),
    "needs_info": Np_("{count} waiting for an answer", "{count} waiting for an answer"),
    "pending": Np_("{count} waiting", "{count} waiting"),
    "declined": Np_("{count} declined", "{count} declined"),
    "withdrawn": Np_("{count} withdrawn", "{count} withdrawn"),
}
SERIES_LABELS = {
    "offers": N_("Offers"),
    "requests": N_("Help requests"),
    "households": N_("Households helped"),
    "shifts": N_("Volunteer shifts"),
}
NEED_SERIES_LABELS = {
    "needs_recorded": N_("Needs recorded"),
    "needs_met": N_("Needs met"),
}


def number(t: Translator, value: float) -> str:
    """'4,5' in Danish, '4.5' in English; whole numbers without decimals."""
    return format_decimal(round(value, 1), format="#,##0.#", locale=t.language)


def _plural_count(value: float) -> int:
    """The count that picks a plural form for a decimal: 1.5 hours reads like 2 hours."""
    return int(value) if float(value).is_integer() else 2


def day_text(t: Translator, day: date) -> str:
    return format_date(day, "d.M.yyyy" if t.language == "da" else "d MMM yyyy", locale=t.language)


def month_text(t: Translator, month: Month, short: bool = False) -> str:
    """'november 2026', or 'nov. 2026' under a bar."""
    return format_date(month.first_day, "MMM yyyy" if short else "MMMM yyyy", locale=t.language)


def period_name(t: Translator, period: Period) -> str:
    """'november 2026', '2026' or '1.11.2026–15.12.2026' (the same in /stats and /export)."""
    months = period.months()
    whole_months = period.first == months[0].first_day and period.last == months[-1].last_day
    if whole_months and len(months) == 12 and period.first.month == 1:
        return str(period.first.year)
    if len(months) == 1 and whole_months:
        return month_text(t, months[0])
    return span_text(t, period)


def span_text(t: Translator, period: Period) -> str:
    """'1.11.2026–30.11.2026'."""
    return f"{day_text(t, period.first)}–{day_text(t, period.last)}"


def status_list(t: Translator, statuses: Counter[str], labels: dict[str, tuple[str, str]]) -> str:
    """'2 accepterede, 1 venter' in the order of the labels."""
    known = [status for status in labels if statuses.get(status)]
    others = [status for status in statuses if status not in labels]
    parts = [t.ngettext(*labels[s], statuses[s]).format(count=statuses[s]) for s in known]
    parts += [f"{statuses[s]} {user_text(s)}" for s in others]
    return ", ".join(parts)


def _groups(
    t: Translator,
    table: dict[str, Counter[str]],
    label_of: dict[str, str],
    labels: dict[str, tuple[str, str]],
) -> list[str]:
    return [
        f"• {user_text(label_of.get(key, key))}: {sum(statuses.values())}"
        f" ({status_list(t, statuses, labels)})"
        for key, statuses in table.items()
    ]


def summary_text(t: Translator, org: Organisation, period: Period, stats: PeriodStatistics) -> str:
    """The short text sent before the chart."""
    _ = t.gettext
    language = t.language
    categories = {c.key: c.label(language) for c in org.categories}
    kinds = {h.key: h.label(language) for h in org.help_types}
    name = period_name(t, period)
    lines = ["<b>" + _("📊 Statistics for {period}").format(period=name) + "</b>"]
    if name != span_text(t, period):  # a typed span is named by its days already
        lines.append(span_text(t, period))
    lines += [
        "",
        "<b>" + _("📦 Offers from donors: {n}").format(n=stats.offers_total) + "</b>",
    ]
    lines += _groups(t, by_key(stats.offers), categories, OFFER_STATUS_COUNTS)
    lines += ["", "<b>" + _("🤝 Help requests: {n}").format(n=stats.requests_total) + "</b>"]
    lines += _groups(t, by_key(stats.requests), kinds, REQUEST_STATUS_COUNTS)
    families, shifts = stats.christmas_families, stats.shifts_attended
    hours, days = round(stats.volunteer_hours, 1), stats.dropoff_days
    lines += [
        "",
        _("👨‍👩‍👧 Households helped: {n} · children: {children}").format(
            n=stats.households_helped, children=stats.children_helped
        ),
        t.ngettext(
            "🎄 Christmas help: {n} family", "🎄 Christmas help: {n} families", families
        ).format(n=families),
        _("🙋 Volunteers: {shifts} · {hours} ({days})").format(
            shifts=t.ngettext("{n} shift", "{n} shifts", shifts).format(n=shifts),
            hours=t.ngettext("{n} hour", "{n} hours", _plural_count(hours)).format(
                n=number(t, hours)
            ),
            days=t.ngettext("{n} drop-off day", "{n} drop-off days", days).format(n=days),
        ),
        _("🔔 New subscribers: {n}").format(n=stats.new_subscribers),
    ]
    if stats.feedback_average is None:
        lines.append(_("⭐ Feedback: no answers yet"))
    else:
        lines.append(
            _("⭐ Feedback: {average} of 5 (answers: {n})").format(
                average=number(t, stats.feedback_average), n=stats.feedback_count
            )
        )
    lines += ["", *needs_lines(t, stats.needs)]
    return "\n".join(lines)


def needs_lines(t: Translator, needs: NeedStatistics) -> list[str]:
    """Needs recorded and met in the period, met split by source, and the median wait."""
    _ = t.gettext
    lines = [
        "<b>"
        + _("🧺 Needs recorded: {n} · met: {met}").format(n=needs.recorded, met=needs.met)
        + "</b>",
        _("• Met by matching {matching} · wanted post {wanted} · drop-off {dropoff}").format(
            matching=needs.met_from("matching"),
            wanted=needs.met_from("efterlysning"),
            dropoff=needs.met_from("dropoff"),
        ),
    ]
    if needs.median_days is None:
        lines.append(_("⏱ From request to met: none met yet"))
    else:
        days = needs.median_days
        # A fraction of a day reads as plural ("1,5 dage"); only exactly 1 is singular.
        count = int(days) if days.is_integer() else 2
        lines.append(
            t.ngettext(
                "⏱ From request to met: {days} day (median)",
                "⏱ From request to met: {days} days (median)",
                count,
            ).format(days=number(t, days))
        )
    return lines


def chart(t: Translator, org: Organisation, period: Period, series: MonthlySeries) -> BarChart:
    """The chart's labels in the admin's language."""
    _ = t.gettext
    months = series.months
    title = _("{org}: {first} - {last}").format(
        org=org.name, first=month_text(t, months[0]), last=month_text(t, months[-1])
    )
    title = title.replace("$", r"\$")  # matplotlib would read $…$ as a formula
    return BarChart(
        title=title,
        month_labels=[month_text(t, month, short=True) for month in months],
        series=[
            Series(_(SERIES_LABELS[name]), values)
            for name, values in series.values.items()
            if name in SERIES_LABELS
        ],
        y_label=_("Number"),
        empty_note=_("Nothing in these months yet"),
        context_months=len(months) - len(period.months()),
        panel=Panel(
            title=_("Needs: recorded and met"),
            series=[
                Series(_(NEED_SERIES_LABELS[name]), series.values[name])
                for name in NEED_SERIES_LABELS
                if name in series.values
            ],
        ),
    )


def chart_caption(t: Translator, period: Period) -> str:
    _ = t.gettext
    if len(period.months()) < len(period.chart_months()):
        return _("Month by month. Grey: the months before, for comparison.")
    return _("Month by month.")


def period_buttons(t: Translator, prefix: str) -> InlineKeyboardMarkup:
    """This month · last month · this year · another period; prefix is 'stats' or 'export'."""
    _ = t.gettext
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(_("This month"), callback_data=f"{prefix}:p:this_month"),
                InlineKeyboardButton(_("Last month"), callback_data=f"{prefix}:p:last_month"),
            ],
            [
                InlineKeyboardButton(_("This year"), callback_data=f"{prefix}:p:this_year"),
                InlineKeyboardButton(_("Other period …"), callback_data=f"{prefix}:custom"),
            ],
        ]
    )


def span_problem(t: Translator, bad: BadSpan) -> str:
    _ = t.gettext
    reasons = {
        SpanProblem.NOT_TWO_DATES: _("I need two dates: the first and the last day."),
        SpanProblem.NO_SUCH_DATE: _("One of the dates does not exist."),
        SpanProblem.END_BEFORE_START: _("The last day comes before the first day."),
        SpanProblem.TOO_LONG: _("That is too long: at most {months} months.").format(
            months=MAX_MONTHS
        ),
    }
    return reasons[bad.problem] + "\n" + span_hint(t)


def span_hint(t: Translator) -> str:
    return t.gettext("Write the first and the last day, e.g. <code>2026-11-01 2026-11-30</code>.")
