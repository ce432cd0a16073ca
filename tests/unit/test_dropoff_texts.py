"""How drop-off days, places and plans read in Danish and English."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import I18n
from domain.days import DropoffDay
from domain.dropoff import FormError, FormProblem
from domain.shifts import Places, ReminderCandidate
from handlers.dropoff.texts import (
    day_line,
    example_date,
    one_line_refusal,
    places_text,
    problem_text,
    short_day,
    weeks_text,
)
from handlers.shifts.jobs import reminder_text

CPH = ZoneInfo("Europe/Copenhagen")
I18N = I18n(CPH)
DA, EN = I18N("da"), I18N("en")
START = datetime(2026, 12, 12, 9, 0, tzinfo=UTC)  # 10:00 in Herning


def a_day(place: str = "Teglvænget 97") -> DropoffDay:
    return DropoffDay(
        id=1,
        starts_at=START,
        ends_at=START + timedelta(hours=3),
        place=place,
        volunteers_needed=4,
        status="planned",
        version=1,
        created_at=START,
        updated_at=START,
    )


def test_day_line_in_both_languages_with_the_place_escaped():
    assert day_line(DA, a_day()) == "lørdag den 12. december kl. 10.00-13.00, Teglvænget 97"
    assert day_line(EN, a_day("<b>Hal</b>")) == (
        "Saturday 12 December, 10:00-13:00, &lt;b&gt;Hal&lt;/b&gt;"
    )


def test_free_places_read_like_two_of_four_free():
    assert places_text(DA, Places(needed=4, taken=2, waitlisted=0)) == "2 af 4 pladser ledige"
    assert places_text(EN, Places(needed=4, taken=2, waitlisted=0)) == "2 of 4 places free"
    assert places_text(DA, Places(needed=2, taken=2, waitlisted=1)) == "fuldt, 1 på ventelisten"
    assert places_text(DA, Places(needed=1, taken=0, waitlisted=0)) == "1 af 1 plads ledig"
    assert places_text(EN, Places(needed=1, taken=0, waitlisted=0)) == "1 of 1 place free"


def test_short_day_labels_fit_a_button_and_tell_two_days_of_one_date_apart():
    assert short_day(DA, a_day()) == "lør 12.12 10.00"
    assert short_day(EN, a_day()) == "Sat 12/12 10:00"


def test_plan_weeks_are_named_in_the_persons_language():
    assert weeks_text(DA, (2, 4), 5) == "2. og 4. lørdag i måneden"
    assert weeks_text(DA, (1, 2, 3, 4, 5), 1) == "hver tirsdag"
    assert weeks_text(EN, (1, -1), 5) == "1st and last Saturday of the month"


def test_the_example_is_always_a_coming_saturday():
    for offset in range(14):
        now = datetime(2026, 11, 30, 9, tzinfo=CPH) + timedelta(days=offset)
        example = example_date(now, CPH)
        assert example.weekday() == 5 and example >= now.date() + timedelta(days=2)


def test_refusal_names_the_problem_and_shows_the_right_form():
    now = datetime(2026, 11, 30, 9, tzinfo=CPH)
    text = one_line_refusal(DA, FormProblem(FormError.REVERSED_TIMES, "13-10"), now, CPH)
    assert "Sluttidspunktet skal ligge efter starten (»13-10«)" in text
    assert "<code>/newdate 2026-12-05 10:00-13:00 4</code>" in text


def test_reminder_says_today_or_tomorrow_in_local_time():
    candidate = ReminderCandidate(
        signup_id=1,
        day_id=1,
        volunteer_id=1,
        user_id=7,
        signed_up_at=START - timedelta(days=5),
        starts_at=START,
        ends_at=START + timedelta(hours=3),
        place="Teglvænget 97",
        not_before=START - timedelta(days=5),
        sent_offsets=frozenset(),
    )
    assert "i morgen" in reminder_text(DA, candidate, START - timedelta(hours=24))
    today = reminder_text(DA, candidate, START - timedelta(hours=2))
    assert "i dag" in today and "kl. 10.00-13.00" in today
    assert date(2026, 12, 12).isoformat() not in today


def test_refused_dates_and_times_read_as_the_reader_writes_them() -> None:
    past_day = FormProblem(FormError.PAST_DATE, "2026-11-01", date(2026, 11, 1))
    assert problem_text(DA, past_day) == (
        "Søndag den 1. november er allerede gået. Vælg en dato, der kommer."
    )
    assert problem_text(EN, past_day).startswith("Sunday 1 November has already passed.")
    past_time = FormProblem(FormError.PAST_TIME, "10:00", date(2026, 11, 20), time(10))
    assert problem_text(DA, past_time).startswith("Klokken er allerede over 10.00 i dag.")
    assert problem_text(EN, past_time).startswith("It is already past 10:00 today.")
    missing = FormProblem(FormError.NO_SUCH_DATE, "31.2.2027")
    assert problem_text(DA, missing).startswith("Den dato findes ikke: »31.2.2027«.")
    skipped = FormProblem(FormError.NONEXISTENT_TIME, "02:30", date(2027, 3, 28), time(2, 30))
    assert problem_text(DA, skipped).startswith("02.30 findes ikke den nat")
    for text in (problem_text(DA, past_day), problem_text(DA, past_time)):
        assert "2026-" not in text
