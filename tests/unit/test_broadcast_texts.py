"""What subscribers and admins read: drop-off notices, announcements, progress and report."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import I18n
from domain.announcements import Audience, Progress
from domain.broadcast_schedule import BroadcastKind, Change, DueBroadcast
from domain.days import DropoffDay
from domain.lix import lix
from domain.organisation import load_organisation
from handlers.announce.texts import (
    announcement_body,
    audience_in_sentence,
    progress_text,
    report_text,
    scheduled_list,
    snippet,
)
from handlers.dropoff.broadcast_texts import day_broadcast_text, digest_text
from handlers.subscriptions.texts import choices_text, leaving_buttons, leaving_text
from storage.broadcasts import Announcement
from storage.dropoff_broadcasts import Bringing

I18N = I18n(ZoneInfo("Europe/Copenhagen"))
DA, EN = I18N("da"), I18N("en")
ORG = load_organisation(Path(__file__).resolve().parents[2] / "organisation.toml")
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DAY = DropoffDay(
    id=4,
    starts_at=datetime(2026, 12, 12, 9, 0, tzinfo=UTC),
    ends_at=datetime(2026, 12, 12, 12, 0, tzinfo=UTC),
    place="Teglvænget 97 <bag hallen>",
    volunteers_needed=3,
    status="planned",
    version=1,
    created_at=NOW,
    updated_at=NOW,
)
ANNOUNCEMENT = Announcement(
    id=12,
    text="Hej",
    photo_file_id=None,
    audience=Audience.NEWS,
    status="sending",
    scheduled_for=NOW,
    created_by=9001,
    created_at=NOW,
    idempotency_key="x",
    batch_id=3,
    queued_at=NOW,
    recipients=3000,
    skipped_unreachable=10,
    progress_chat_id=9001,
    progress_language="da",
    reported_at=None,
    cancelled_by=None,
    cancelled_at=None,
)
ALL_KINDS = [
    DueBroadcast(4, BroadcastKind.NOTICE, 1),
    DueBroadcast(4, BroadcastKind.NOTICE, 2, changed=True),
    DueBroadcast(4, BroadcastKind.NOTICE, 2, True, frozenset({Change.PLACE})),
    DueBroadcast(4, BroadcastKind.REMINDER, 1),
    DueBroadcast(4, BroadcastKind.REMINDER, 1, today=True),
    DueBroadcast(4, BroadcastKind.REMINDER, 2, changed=True),
    DueBroadcast(4, BroadcastKind.REMINDER, 2, True, frozenset({Change.TIME})),
    DueBroadcast(4, BroadcastKind.CANCELLED, 2),
]


def test_the_notice_names_day_time_and_place_in_danish_and_english():
    due = DueBroadcast(4, BroadcastKind.NOTICE, 1)
    danish = day_broadcast_text(DA, ORG, DAY, due)
    assert "lørdag den 12. december kl. 10.00-13.00" in danish
    assert "Teglvænget 97 &lt;bag hallen&gt;" in danish  # typed by an admin: escaped
    assert "/afmeld" in danish
    english = day_broadcast_text(EN, ORG, DAY, due)
    assert "Saturday 12 December, 10:00-13:00" in english and "Drop-off day" in english


def test_a_donor_with_an_accepted_offer_reads_what_they_bring():
    things = [Bringing("clothes", 3, "110"), Bringing("toys", 1, None)]
    text = day_broadcast_text(DA, ORG, DAY, DueBroadcast(4, BroadcastKind.REMINDER, 1), things)
    assert "Du kommer med: 3 × Tøj, 1 × Legetøj." in text
    assert "i morgen" in text


def test_a_reminder_on_the_day_itself_says_today_never_tomorrow():
    today = DueBroadcast(4, BroadcastKind.REMINDER, 1, today=True)
    danish = day_broadcast_text(DA, ORG, DAY, today)
    assert "Husk: i dag er der indleveringsdag" in danish and "i morgen" not in danish
    english = day_broadcast_text(EN, ORG, DAY, today)
    assert "drop-off day today" in english and "tomorrow" not in english


def test_a_changed_day_says_so():
    text = day_broadcast_text(DA, ORG, DAY, DueBroadcast(4, BroadcastKind.NOTICE, 2, changed=True))
    assert "ændret" in text


@pytest.mark.parametrize(
    ("changes", "notice", "reminder"),
    [
        ({Change.PLACE}, "Her er det nye sted:", "Bemærk: stedet er ændret."),
        ({Change.TIME}, "Her er den nye tid:", "Bemærk: tiden er ændret."),
        ({Change.TIME, Change.PLACE}, "Her er den nye tid og det nye sted:", "både tid og sted"),
    ],
)
def test_a_changed_day_says_what_changed(changes: set[Change], notice: str, reminder: str):
    due = DueBroadcast(4, BroadcastKind.NOTICE, 2, True, frozenset(changes))
    assert notice in day_broadcast_text(DA, ORG, DAY, due)
    due = DueBroadcast(4, BroadcastKind.REMINDER, 2, True, frozenset(changes))
    assert reminder in day_broadcast_text(DA, ORG, DAY, due)


def test_topic_descriptions_fit_donors_and_people_asking_for_help():
    text = choices_text(DA, set())
    assert "Indleveringsdage: når vi tager imod ting." in text
    assert "dine ting" not in text


def test_unsubscribe_offers_only_stop_buttons_for_the_topics_one_gets():
    buttons = leaving_buttons(DA, {"news", "dropoff"})
    assert buttons is not None
    labels = [(b.text, b.callback_data) for row in buttons.inline_keyboard for b in row]
    assert labels == [
        ("🔕 Stop: Indleveringsdage", "unsub:off:dropoff"),
        ("🔕 Stop: Nyheder", "unsub:off:news"),
        ("🛑 Stop alt", "unsub:all"),
        ("👍 Færdig", "sub:done"),
    ]
    assert leaving_buttons(DA, set()) is None
    assert "/subscribe" in leaving_text(DA, set())


def test_the_preview_counts_people_in_singular_and_plural():
    one = "☝️ This is how it will look. It goes to {count} person: {audience}."
    many = "☝️ This is how it will look. It goes to {count} people: {audience}."
    assert "Det går til {count} person:" in DA.ngettext(one, many, 1)
    assert "Det går til {count} personer:" in DA.ngettext(one, many, 2)
    assert "to {count} person:" in EN.ngettext(one, many, 1)


def test_the_audience_is_lowercase_mid_sentence():
    assert audience_in_sentence(DA, Audience.ALL) == "alle, der har brugt botten"
    assert "til abonnenter: nyheder" in progress_text(DA, ANNOUNCEMENT, Progress(1, 2))


def test_planned_announcements_quote_with_danish_quote_marks():
    text, _ = scheduled_list(DA, [ANNOUNCEMENT])
    assert "»Hej«" in text


@pytest.mark.parametrize("due", ALL_KINDS, ids=str)
def test_danish_drop_off_texts_read_easily(due: DueBroadcast):
    assert lix(day_broadcast_text(DA, ORG, DAY, due)) <= 30


def test_danish_digest_and_subscription_texts_read_easily():
    assert lix(digest_text(DA, [DAY, DAY])) <= 30
    assert lix(choices_text(DA, {"dropoff"})) <= 30
    assert lix(leaving_text(DA, {"dropoff", "news"})) <= 30


def test_an_announcement_to_subscribers_says_why_and_how_to_stop():
    body = announcement_body(DA, ORG.name, "<b>Julemarked</b> på lørdag", Audience.NEWS)
    assert body.startswith("📢 <b>Hjælpesporet Herning</b>")
    assert "sagt ja til vores nyheder" in body and "/afmeld" in body
    assert "/afmeld" not in announcement_body(DA, ORG.name, "Hej", Audience.VOLUNTEERS)


def test_the_progress_line_in_danish_and_english():
    danish = progress_text(DA, ANNOUNCEMENT, Progress(1200, 3000))
    assert "Sendt 1.200 af 3.000 ▓▓▓▓░░░░░░ 40 %" in danish
    english = progress_text(EN, ANNOUNCEMENT, Progress(1200, 3000))
    assert "Sent 1,200 of 3,000 ▓▓▓▓░░░░░░ 40%" in english


def test_the_report_counts_skipped_blocked_people_as_blocked():
    text = report_text(DA, ANNOUNCEMENT, {"sent": 2985, "blocked": 3, "failed": 1, "uncertain": 1})
    assert "Leveret: 2.985" in text
    assert "Har blokeret botten: 13" in text
    assert "Fejlet: 1" in text
    assert "Uvist: 1" in text
    assert "Uvist" not in report_text(DA, ANNOUNCEMENT, {"sent": 2990})


def test_a_snippet_is_plain_escaped_and_short():
    assert snippet("<b>Fest</b> &amp; <i>kage</i> for alle") == "Fest &amp; kage for alle"
    assert snippet("x" * 100, limit=10) == "xxxxxxxxx…"
