"""How drop-off days read in a chat: one line per day, free places, and why typed input failed."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot.i18n import N_, Translator
from domain.days import DropoffDay
from domain.dropoff import ALL_WEEKS, MAX_VOLUNTEERS, FormError, FormProblem
from domain.shifts import Places
from handlers.common import user_text

PLAN_EXAMPLE = "2. og 4. lørdag, 10-13, 4 frivillige"

# What went wrong, per FormError; {part} is the piece of text at fault, {day} and {time} the
# date and time understood but refused, as the reader's language writes them.
_PROBLEMS: dict[FormError, str] = {
    FormError.EMPTY: N_("Please write the date, the time and how many volunteers are needed."),
    FormError.BAD_FORMAT: N_("I cannot read that."),
    FormError.BAD_DATE: N_("I cannot read the date “{part}”."),
    FormError.NO_SUCH_DATE: N_("That date does not exist: “{part}”. Check the day and the month."),
    FormError.PAST_DATE: N_("{day} has already passed. Choose a coming date."),
    FormError.PAST_TIME: N_("It is already past {time} today. Choose a later time."),
    FormError.TOO_FAR: N_("{day} is more than two years ahead. Is the year right?"),
    FormError.BAD_TIME: N_("I cannot read the time “{part}”."),
    FormError.REVERSED_TIMES: N_("The end must come after the start (“{part}”)."),
    FormError.NONEXISTENT_TIME: N_("{time} does not exist that night (summer time begins)."),
    FormError.BAD_COUNT: N_("Write how many volunteers are needed, as a number from 0 to {max}."),
    FormError.BAD_WEEKDAY: N_("Which weekday? For example “lørdag”."),
    FormError.BAD_WEEKS: N_("Which weeks of the month? For example “2. og 4.”."),
}


def day_line(t: Translator, day: DropoffDay) -> str:
    """'lørdag den 6. december kl. 10.00-13.00, Teglvænget 97'."""
    return f"{t.span(day.starts_at, day.ends_at)}, {user_text(day.place)}"


def places_text(t: Translator, places: Places) -> str:
    """'1 af 2 pladser ledige' (the form follows the places needed), or full with the waitlist."""
    if places.needed == 0:
        return t.gettext("no volunteers needed")
    if places.full and not places.waitlisted:
        return t.gettext("full")
    if places.full:
        return t.gettext("full, {waiting} on the waitlist").format(waiting=places.waitlisted)
    return t.ngettext(
        "{free} of {needed} place free", "{free} of {needed} places free", places.needed
    ).format(free=places.free, needed=places.needed)


def people_told(t: Translator, volunteers: int, donors: int) -> str:
    """'1 frivillig og 2 givere': only the groups with someone in them; '' for nobody."""
    parts = []
    if volunteers:
        parts.append(t.ngettext("{n} volunteer", "{n} volunteers", volunteers).format(n=volunteers))
    if donors:
        parts.append(t.ngettext("{n} donor", "{n} donors", donors).format(n=donors))
    if len(parts) == 2:
        return t.gettext("{first} and {second}").format(first=parts[0], second=parts[1])
    return parts[0] if parts else ""


def short_day(t: Translator, day: DropoffDay) -> str:
    """'lør 6.12 10.00' for a button label: with the start time, so two days on one date
    never give two buttons alike."""
    local = t.local(day.starts_at)
    weekday = t.day(local.date()).split(" ")[0][:3]
    date_part = (
        f"{weekday} {local.day}.{local.month}"
        if t.language == "da"
        else (f"{weekday} {local.day}/{local.month}")
    )
    return f"{date_part} {t.clock(day.starts_at)}"


def problem_text(t: Translator, problem: FormProblem) -> str:
    """Why typed input was refused, with a refused date as '1. november' and a time as
    '10.00' in Danish (not the ISO form the parser saw)."""
    message = t.gettext(_PROBLEMS.get(problem.error, _PROBLEMS[FormError.BAD_FORMAT]))
    day = t.day(problem.day) if problem.day is not None else problem.part
    clock = problem.part
    if problem.at is not None:
        clock = t.clock(
            datetime.combine(problem.day or date(2000, 1, 1), problem.at, tzinfo=t.zone)
        )
    text = message.format(
        part=user_text(problem.part[:40]),
        day=user_text(day),
        time=user_text(clock),
        max=MAX_VOLUNTEERS,
    )
    return text[:1].upper() + text[1:]  # 'Søndag den 1. november …' opens the sentence


def example_date(now: datetime, zone: ZoneInfo) -> date:
    """The next Saturday at least two days ahead: an example that is always valid."""
    today = now.astimezone(zone).date() + timedelta(days=2)
    return today + timedelta(days=(5 - today.weekday()) % 7)


def newdate_example(now: datetime, zone: ZoneInfo) -> str:
    return f"/newdate {example_date(now, zone).isoformat()} 10:00-13:00 4"


def one_line_refusal(t: Translator, problem: FormProblem, now: datetime, zone: ZoneInfo) -> str:
    """Why /newdate … failed, with an example of the right form."""
    _ = t.gettext
    example = newdate_example(now, zone)
    place = _("Church hall, Nygade 3")
    return "\n".join(
        [
            "⚠️ " + problem_text(t, problem),
            "",
            _("Write it like this (date, time, volunteers, and a place if not the usual):"),
            f"<code>{example}</code>",
            f"<code>{example} {place}</code>",
            _("Or send /newdate alone, and I will ask step by step."),
        ]
    )


def plan_refusal(t: Translator, problem: FormProblem) -> str:
    _ = t.gettext
    return "\n".join(
        [
            "⚠️ " + problem_text(t, problem),
            "",
            _("Write the plan like this:"),
            f"<code>/plan {PLAN_EXAMPLE}</code>",
        ]
    )


def page_buttons(
    t: Translator, prefix: str, page: int, has_more: bool
) -> list[list[InlineKeyboardButton]]:
    """'◀ Earlier' / 'More days ▶' under a long list; none when it fits on one page."""
    row = []
    if page > 0:
        row.append(
            InlineKeyboardButton(t.gettext("◀ Earlier"), callback_data=f"{prefix}:{page - 1}")
        )
    if has_more:
        row.append(
            InlineKeyboardButton(t.gettext("More days ▶"), callback_data=f"{prefix}:{page + 1}")
        )
    return [row] if row else []


def day_created_text(t: Translator, day: DropoffDay, made: bool = True) -> str:
    """The new day; or, for an exact duplicate, the day that already exists then."""
    _ = t.gettext
    if not made:
        return "\n".join(
            [
                _("There is already a drop-off day at that time, so I did not make another:"),
                day_line(t, day),
                _("You can change or cancel it under /dates."),
            ]
        )
    return "\n".join(
        [
            _("✅ Drop-off day created:"),
            day_line(t, day),
            _("👥 Volunteers: {n}").format(n=day.volunteers_needed),
            _("Volunteers can take a shift with /shifts."),
        ]
    )


def weeks_text(t: Translator, weeks: tuple[int, ...], weekday: int) -> str:
    """'2. og 4. lørdag i måneden' / 'hver tirsdag' (for the plan confirmation)."""
    monday = date(2024, 1, 1)  # a Monday: the weekday's name in the person's language
    name = t.day(monday + timedelta(days=weekday)).split(" ")[0]
    if set(weeks) >= set(ALL_WEEKS):
        return t.gettext("every {weekday}").format(weekday=name)
    if t.language == "da":
        parts = [t.gettext("last") if week == -1 else f"{week}." for week in weeks]
    else:
        suffixes = {1: "st", 2: "nd", 3: "rd"}
        parts = [
            t.gettext("last") if week == -1 else f"{week}{suffixes.get(week, 'th')}"
            for week in weeks
        ]
    listed = parts[0]
    if len(parts) > 1:
        listed = t.gettext("{first} and {second}").format(
            first=", ".join(parts[:-1]), second=parts[-1]
        )
    return t.gettext("{weeks} {weekday} of the month").format(weeks=listed, weekday=name)
