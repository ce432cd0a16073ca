"""When drop-off notices, reminders, cancellations and digests are due (pure rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.broadcast_schedule import (
    BroadcastKind,
    Change,
    DueBroadcast,
    Queued,
    ScheduleRules,
    digest_span,
    due_broadcasts,
    due_digest,
    reminder_at,
)

ZONE = ZoneInfo("Europe/Copenhagen")
RULES = ScheduleRules(
    notice_days=7, reminder_time=time(18, 0), digest_weekday=0, digest_time=time(9, 0), zone=ZONE
)
# Saturday 12 December 2026, 10:00 local (09:00 UTC).
START = datetime(2026, 12, 12, 10, 0, tzinfo=ZONE).astimezone(UTC)


@dataclass(frozen=True)
class Day:
    id: int = 1
    starts_at: datetime = START
    ends_at: datetime = START + timedelta(hours=3)
    place: str = "Teglvænget 97"
    status: str = "planned"
    version: int = 1


def told(kind: BroadcastKind, day: Day, queued_at: datetime | None = None) -> Queued:
    """A broadcast queued about this day as it was then."""
    return Queued(day.id, kind, day.version, queued_at, day.starts_at, day.ends_at, day.place)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZONE).astimezone(UTC)


def test_nothing_is_due_before_the_notice_window():
    assert due_broadcasts([Day()], [], START - timedelta(days=7, seconds=1), RULES) == []


def test_the_notice_is_due_seven_days_before():
    due = due_broadcasts([Day()], [], START - timedelta(days=7), RULES)
    assert due == [DueBroadcast(1, BroadcastKind.NOTICE, 1, changed=False)]


def test_a_queued_notice_is_not_due_again():
    queued = [Queued(1, BroadcastKind.NOTICE, 1)]
    assert due_broadcasts([Day()], queued, START - timedelta(days=3), RULES) == []


def test_the_reminder_is_due_the_evening_before_at_the_reminder_time():
    assert reminder_at(START, RULES) == local(2026, 12, 11, 18)
    queued = [Queued(1, BroadcastKind.NOTICE, 1)]
    assert due_broadcasts([Day()], queued, local(2026, 12, 11, 17, 59), RULES) == []
    due = due_broadcasts([Day()], queued, local(2026, 12, 11, 18), RULES)
    assert due == [DueBroadcast(1, BroadcastKind.REMINDER, 1)]


def test_after_downtime_a_late_notice_still_goes_out_while_the_day_is_ahead():
    due = due_broadcasts([Day()], [], START - timedelta(days=2), RULES)
    assert [d.kind for d in due] == [BroadcastKind.NOTICE]


def test_after_downtime_past_the_reminder_time_only_the_reminder_goes_out():
    due = due_broadcasts([Day()], [], local(2026, 12, 11, 22), RULES)
    assert [d.kind for d in due] == [BroadcastKind.REMINDER]


def test_nothing_is_sent_about_a_day_that_has_begun():
    assert due_broadcasts([Day()], [], START, RULES) == []
    assert due_broadcasts([Day()], [], START + timedelta(hours=1), RULES) == []


def test_a_changed_day_is_announced_again_as_changed():
    queued = [Queued(1, BroadcastKind.NOTICE, 1)]
    due = due_broadcasts([Day(version=2)], queued, START - timedelta(days=5), RULES)
    assert due == [DueBroadcast(1, BroadcastKind.NOTICE, 2, True, frozenset({Change.TIME}))]


def test_a_told_day_moved_far_ahead_is_announced_as_changed_at_once():
    moved = Day(version=2, starts_at=START + timedelta(days=30))
    queued = [Queued(1, BroadcastKind.NOTICE, 1)]
    due = due_broadcasts([moved], queued, START - timedelta(days=5), RULES)
    assert due == [DueBroadcast(1, BroadcastKind.NOTICE, 2, True, frozenset({Change.TIME}))]


def test_a_day_changed_before_anyone_was_told_is_a_plain_notice():
    due = due_broadcasts([Day(version=3)], [], START - timedelta(days=6), RULES)
    assert due == [DueBroadcast(1, BroadcastKind.NOTICE, 3, changed=False)]


def test_a_day_changed_after_its_reminder_gets_a_changed_reminder():
    queued = [Queued(1, BroadcastKind.NOTICE, 1), Queued(1, BroadcastKind.REMINDER, 1)]
    due = due_broadcasts([Day(version=2)], queued, local(2026, 12, 11, 20), RULES)
    assert due == [DueBroadcast(1, BroadcastKind.REMINDER, 2, True, frozenset({Change.TIME}))]


def test_a_change_of_place_only_says_the_place_changed():
    queued = [told(BroadcastKind.NOTICE, Day())]
    moved = Day(version=2, place="Hallen, Skolevej 2")
    due = due_broadcasts([moved], queued, START - timedelta(days=5), RULES)
    assert due == [DueBroadcast(1, BroadcastKind.NOTICE, 2, True, frozenset({Change.PLACE}))]


def test_a_change_of_time_and_place_says_both_compared_with_the_last_told_version():
    queued = [told(BroadcastKind.NOTICE, Day()), told(BroadcastKind.NOTICE, Day(version=2))]
    moved = Day(version=3, starts_at=START + timedelta(hours=1), place="Hallen")
    due = due_broadcasts([moved], queued, START - timedelta(days=5), RULES)
    assert due[0].changes == {Change.TIME, Change.PLACE}


def test_a_day_moved_and_moved_back_is_not_announced_again():
    queued = [told(BroadcastKind.NOTICE, Day())]
    assert due_broadcasts([Day(version=3)], queued, START - timedelta(days=5), RULES) == []


def test_a_reminder_sent_on_the_day_itself_knows_it_is_today():
    created_this_morning = Day(starts_at=local(2026, 12, 12, 18))
    due = due_broadcasts([created_this_morning], [], local(2026, 12, 12, 8), RULES)
    assert due == [DueBroadcast(1, BroadcastKind.REMINDER, 1, today=True)]


def test_a_reminder_caught_up_after_midnight_knows_it_is_today():
    due = due_broadcasts(
        [Day()], [told(BroadcastKind.NOTICE, Day())], local(2026, 12, 12, 0, 30), RULES
    )
    assert due == [DueBroadcast(1, BroadcastKind.REMINDER, 1, today=True)]


def test_the_evening_reminder_is_for_tomorrow():
    due = due_broadcasts(
        [Day()], [told(BroadcastKind.NOTICE, Day())], local(2026, 12, 11, 23, 59), RULES
    )
    assert due == [DueBroadcast(1, BroadcastKind.REMINDER, 1, today=False)]


def test_no_reminder_shortly_after_the_notice():
    notice = told(BroadcastKind.NOTICE, Day(), queued_at=local(2026, 12, 11, 15))
    assert due_broadcasts([Day()], [notice], local(2026, 12, 11, 18), RULES) == []
    assert due_broadcasts([Day()], [notice], local(2026, 12, 12, 9), RULES) == []
    earlier = told(BroadcastKind.NOTICE, Day(), queued_at=local(2026, 12, 11, 11, 59))
    assert len(due_broadcasts([Day()], [earlier], local(2026, 12, 11, 18), RULES)) == 1


def test_a_cancelled_day_nobody_heard_of_is_never_announced():
    cancelled = Day(status="cancelled", version=2)
    assert due_broadcasts([cancelled], [], START - timedelta(days=3), RULES) == []


def test_a_cancelled_day_is_told_once_to_those_who_heard_of_it_and_never_again():
    cancelled = Day(status="cancelled", version=2)
    queued = [Queued(1, BroadcastKind.NOTICE, 1)]
    due = due_broadcasts([cancelled], queued, START - timedelta(days=3), RULES)
    assert due == [DueBroadcast(1, BroadcastKind.CANCELLED, 2)]
    queued.append(Queued(1, BroadcastKind.CANCELLED, 2))
    assert due_broadcasts([cancelled], queued, local(2026, 12, 11, 19), RULES) == []


def test_the_digest_is_due_at_its_moment_once_a_week():
    monday = local(2026, 11, 30, 9)
    assert due_digest(monday - timedelta(seconds=1), RULES, set()) is None
    assert due_digest(monday, RULES, set()) == date(2026, 11, 30)
    assert due_digest(monday + timedelta(hours=2), RULES, {date(2026, 11, 30)}) is None


def test_a_digest_missed_by_more_than_six_hours_waits_for_next_week():
    assert due_digest(local(2026, 11, 30, 14), RULES, set()) == date(2026, 11, 30)
    assert due_digest(local(2026, 11, 30, 16), RULES, set()) is None
    assert due_digest(local(2026, 12, 3, 9), RULES, set()) is None


def test_the_digest_lists_the_next_two_weeks():
    start, end = digest_span(date(2026, 11, 30), RULES)
    assert start == local(2026, 11, 30, 9)
    assert end - start == timedelta(days=14)
