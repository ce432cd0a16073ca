"""Dates and times read naturally in Danish and English, in the organisation's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.i18n import I18n, supported

I18N = I18n(ZoneInfo("Europe/Copenhagen"))


def test_a_drop_off_span_in_danish_and_english():
    start = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)  # 10:00 in Copenhagen (winter time)
    end = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    assert I18N("da").span(start, end) == "søndag den 6. december kl. 10.00-13.00"
    assert I18N("en").span(start, end) == "Sunday 6 December, 10:00-13:00"


def test_summer_time_is_shown_in_local_time():
    moment = datetime(2026, 6, 13, 8, 0, tzinfo=UTC)  # 10:00 in Copenhagen (summer time)
    assert I18N("da").moment(moment) == "lørdag den 13. juni kl. 10.00"
    assert I18N("en").moment(moment) == "Saturday 13 June at 10:00"


def test_telegram_language_codes_map_to_ours():
    assert supported("da") == "da"
    assert supported("en-GB") == "en"
    assert supported("EN_us") == "en"
    assert supported("uk-UA") == "uk"
    assert supported("ar") == "ar"
    assert supported("sv") is None  # a language we have no catalog for
    assert supported(None) is None


def test_ukrainian_and_arabic_dates_come_from_babel():
    i18n = I18n(ZoneInfo("Europe/Copenhagen"))
    saturday = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    assert i18n("uk").moment(saturday) == "субота, 5 грудня о 10:00"
    arabic = i18n("ar").moment(saturday)
    assert "ديسمبر" in arabic and "السبت" in arabic


def test_a_date_in_another_year_shows_the_year():
    from domain.clock import FixedClock

    i18n = I18n(ZoneInfo("Europe/Copenhagen"), clock=FixedClock(datetime(2026, 11, 22, tzinfo=UTC)))
    assert i18n("da").day(datetime(2027, 1, 9).date()) == "lørdag den 9. januar 2027"
    assert i18n("en").day(datetime(2027, 1, 9).date()) == "Saturday 9 January 2027"
    assert i18n("da").day(datetime(2026, 12, 5).date()) == "lørdag den 5. december"
