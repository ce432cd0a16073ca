"""CSV files for Danish Excel, and the statistics text, in both languages."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.charts import BarChart, Panel, Series, render_png
from bot.i18n import I18n
from domain.organisation import load_organisation
from domain.statistics import GroupCount, MonthlySeries, Period, PeriodKind, PeriodStatistics
from handlers.board.csv_tables import Cells, requests_table, to_csv
from handlers.board.texts import chart, period_name, summary_text

ROOT = Path(__file__).resolve().parents[2]
I18N = I18n(ZoneInfo("Europe/Copenhagen"))
ORG = load_organisation(ROOT / "organisation.toml")


def test_csv_has_a_bom_and_semicolons_and_reads_back():
    data = to_csv(["Navn", "Beløb"], [['Søren; "Bror"', "4,5"], ["Åse", ""]])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Navn", "Beløb"], ['Søren; "Bror"', "4,5"], ["Åse", ""]]


def test_english_admins_get_commas_for_english_excel():
    data = to_csv(["Name", "Hours"], [["Søren, Bror", "4.5"]], "en")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=","))
    assert rows == [["Name", "Hours"], ["Søren, Bror", "4.5"]]


def test_skills_show_the_profile_labels_in_the_admins_language():
    stored = '["sorting", "driving", "unknown_key"]'
    assert Cells(I18N("da"), ORG).skill_list(stored) == "Sortering, Kørsel, unknown_key"
    assert Cells(I18N("en"), ORG).skill_list(stored) == "Sorting, Driving, unknown_key"


def test_typed_text_cannot_become_a_formula_but_phones_stay_readable():
    assert Cells.free('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert Cells.free("@home") == "'@home"
    assert Cells.free("Tøj til 2 børn") == "Tøj til 2 børn"
    assert Cells.phone("+4561626364") == "61 62 63 64"
    assert Cells.phone("+46701234567") == "+46 70 123 45 67"
    assert Cells.phone("=1+2") == "'=1+2"


def test_personal_request_columns_only_when_asked():
    cells = Cells(I18N("da"), ORG)
    row = {
        "reference": "H-1001", "created_at": "2026-11-02T09:00:00.000000Z", "kind": "christmas",
        "adults": 2, "children_count": 1, "referred_by": "self", "status": "approved",
        "season": "2026", "handed_over_at": None, "closed_at": None, "feedback_score": None,
        "anonymised_at": None, "user_id": 5, "postcode": "7400", "phone": "+4561626364",
        "children": '[{"age": 7, "size": "122"}]', "needs": "=vinterjakke", "referral_text": None,
        "collect_text": None, "decline_text": None, "feedback_comment": None,
    }  # fmt: skip
    header, rows = requests_table(cells, [row], personal=False)
    assert "Telefon" not in header and len(rows[0]) == len(header)
    assert rows[0][:3] == ["H-1001", "2026-11-02 10:00", "Julehjælp"]
    assert rows[0][header.index("Status")] == "godkendt"
    header, rows = requests_table(cells, [row], personal=True)
    values = dict(zip(header, rows[0], strict=True))
    assert values["Telefon"] == "61 62 63 64"
    assert values["Behov"] == "'=vinterjakke"
    assert values["Børnenes alder (størrelse)"] == "7 (122)"


def stats() -> PeriodStatistics:
    return PeriodStatistics(
        offers=(GroupCount("clothes", "accepted", 2), GroupCount("clothes", "pending", 1)),
        requests=(GroupCount("christmas", "handed_over", 2, children=3),),
        dropoff_days=2,
        shifts_attended=3,
        volunteer_hours=10.5,
        new_subscribers=4,
        feedback_average=4.5,
        feedback_count=2,
    )


def test_the_statistics_text_in_danish_and_english():
    november = Period(date(2026, 11, 1), date(2026, 11, 30), PeriodKind.THIS_MONTH)
    danish = summary_text(I18N("da"), ORG, november, stats())
    assert "Statistik for november 2026" in danish
    assert "• Tøj: 3 (2 accepterede, 1 venter)" in danish
    assert "Husstande hjulpet: 2 · børn: 3" in danish
    assert "3 vagter · 10,5 timer (2 indleveringsdage)" in danish
    assert "4,5 af 5" in danish
    english = summary_text(I18N("en"), ORG, november, stats())
    assert "Statistics for November 2026" in english and "10.5 hours" in english
    custom = Period(date(2026, 11, 3), date(2026, 12, 2))
    assert period_name(I18N("da"), custom) == "3.11.2026–2.12.2026"
    typed = summary_text(I18N("da"), ORG, custom, stats()).splitlines()
    assert "3.11.2026–2.12.2026" not in typed[1]  # the span is not said twice
    a_typed_year = Period(date(2026, 1, 1), date(2026, 12, 31))
    assert period_name(I18N("da"), a_typed_year) == "2026"  # as 'this year' is named


def test_one_of_each_in_the_statistics_reads_in_the_singular():
    one = PeriodStatistics(
        offers=(),
        requests=(GroupCount("christmas", "handed_over", 1, children=1),),
        dropoff_days=1,
        shifts_attended=1,
        volunteer_hours=1.0,
        new_subscribers=0,
        feedback_average=None,
        feedback_count=0,
    )
    november = Period(date(2026, 11, 1), date(2026, 11, 30), PeriodKind.THIS_MONTH)
    danish = summary_text(I18N("da"), ORG, november, one)
    assert "Julehjælp: 1 familie\n" in danish
    assert "Frivillige: 1 vagt · 1 time (1 indleveringsdag)" in danish
    english = summary_text(I18N("en"), ORG, november, one)
    assert "Christmas help: 1 family\n" in english
    assert "Volunteers: 1 shift · 1 hour (1 drop-off day)" in english
    ukrainian = summary_text(I18N("uk"), ORG, november, stats())
    assert "2 родини" in ukrainian and "3 зміни" in ukrainian and "10,5 години" in ukrainian


def test_the_chart_is_a_png_of_the_promised_size():
    png = render_png(
        BarChart("Test", ["okt. 2026", "nov. 2026"], [Series("Tilbud", [1, 6])], "Antal", "-")
    )
    assert png.startswith(b"\x89PNG")
    empty = render_png(BarChart("Tom", ["nov. 2026"], [Series("Tilbud", [0])], "Antal", "Intet"))
    assert empty.startswith(b"\x89PNG")


def test_a_second_panel_makes_the_chart_taller_and_draws_its_bars():
    import io

    import matplotlib.image

    needs = Panel("Behov", [Series("Registreret", [1, 5]), Series("Opfyldt", [0, 4])])
    png = render_png(
        BarChart("Test", ["okt. 2026", "nov. 2026"], [Series("Tilbud", [1, 6])], "Antal", "-",
                 panel=needs)
    )  # fmt: skip
    image = matplotlib.image.imread(io.BytesIO(png), format="png")
    height, width = image.shape[:2]
    assert (width, height) == (1000, 840)
    lower = image[int(height * 0.65) :, :, :3]
    assert lower.std() > 0.05  # the needs bars are drawn, not an empty panel


def test_the_needs_panel_is_labelled_in_the_admins_language():
    november = Period(date(2026, 11, 1), date(2026, 11, 30), PeriodKind.THIS_MONTH)
    series = MonthlySeries(november.chart_months())
    for name in ("offers", "requests", "households", "shifts", "needs_recorded", "needs_met"):
        series.values[name] = [0.0] * 5 + [3.0]
    danish = chart(I18N("da"), ORG, november, series)
    assert [s.label for s in danish.series] == [
        "Tilbud", "Ønsker om hjælp", "Husstande hjulpet", "Frivilligvagter"
    ]  # fmt: skip
    assert danish.panel is not None and danish.panel.title == "Behov: registreret og opfyldt"
    assert [s.label for s in danish.panel.series] == ["Behov registreret", "Behov opfyldt"]
    english = chart(I18N("en"), ORG, november, series)
    assert english.panel is not None and english.panel.title == "Needs: recorded and met"
    assert [s.label for s in english.panel.series] == ["Needs recorded", "Needs met"]


def test_audit_subjects_read_as_words_not_keys():
    from datetime import UTC, datetime

    from handlers.admins.texts import Known, subject_text

    da = I18N("da")
    known = Known(
        users={1003: "Lone Frivillig"},
        days={22: datetime(2026, 11, 28, 9, 0, tzinfo=UTC)},
    )
    assert subject_text(da, "user:1003", known) == "Lone Frivillig"
    assert subject_text(da, "user:1002", known) == "bruger 1002"
    assert subject_text(da, "day:22", known) == "indleveringsdag lørdag den 28. november"
    assert subject_text(da, "announcement:4", known) == "opslag nr. 4"
    assert subject_text(da, "2026-01-01..2026-12-31", known) == "perioden 2026"
    assert subject_text(da, "2026-11-01..2026-11-15", known) == "perioden 1.11.2026–15.11.2026"
    assert subject_text(da, "day:22:volunteer:5", known).endswith("frivillig nr. 5")
    assert subject_text(da, "H-1002", known) == "H-1002"


def test_a_status_word_agrees_with_its_number_in_danish():
    from collections import Counter

    from handlers.board.texts import OFFER_STATUS_COUNTS, status_list

    one = status_list(I18N("da"), Counter(accepted=1, received=2), OFFER_STATUS_COUNTS)
    assert one == "1 accepteret, 2 modtagne"
    many = status_list(I18N("en"), Counter(accepted=2), OFFER_STATUS_COUNTS)
    assert many == "2 accepted"
