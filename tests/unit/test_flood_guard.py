"""One person sending too fast is slowed down once per window; others are not affected."""

from __future__ import annotations

from bot.middleware import FloodGuard


def test_twenty_in_ten_seconds_pass_and_the_next_is_warned_once():
    guard = FloodGuard(max_updates=20, window_seconds=10)
    results = [guard.allow(1, now=i * 0.1) for i in range(25)]
    assert all(handle for handle, _ in results[:20])
    assert results[20] == (False, True)
    assert all(result == (False, False) for result in results[21:])


def test_someone_else_is_served_while_one_person_floods():
    guard = FloodGuard(max_updates=3, window_seconds=10)
    for i in range(10):
        guard.allow(1, now=float(i) / 10)
    assert guard.allow(2, now=1.0) == (True, False)


def test_after_a_quiet_window_the_person_is_served_again():
    guard = FloodGuard(max_updates=2, window_seconds=10)
    for i in range(5):
        guard.allow(1, now=float(i))
    assert guard.allow(1, now=30.0) == (True, False)


def test_quiet_people_are_forgotten():
    guard = FloodGuard(max_updates=2, window_seconds=10)
    guard.allow(1, now=0.0)
    guard.forget_idle(now=100.0)
    assert guard._seen == {}


def test_a_backlog_after_downtime_is_counted_by_when_it_was_sent():
    """5 people, 22 messages each over 29 minutes, all read at once after a restart."""
    from datetime import UTC, datetime, timedelta

    from telegram import Chat, Message, Update, User

    from bot.middleware import sent_at

    guard = FloodGuard(max_updates=20, window_seconds=10)
    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    update_id = 0
    results = []
    for person in range(1, 6):
        for n in range(22):
            update_id += 1
            message = Message(
                message_id=n + 1,
                date=start + timedelta(seconds=n * 79),
                chat=Chat(person, Chat.PRIVATE),
                from_user=User(person, "P", is_bot=False),
                text="hej",
            )
            results.append(guard.allow(person, sent_at(Update(update_id, message=message))))
    assert all(handle for handle, _ in results)


def test_an_edit_counts_by_when_it_was_edited():
    from datetime import UTC, datetime, timedelta

    from telegram import Chat, Message, Update, User

    from bot.middleware import sent_at

    written = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    edited = written + timedelta(minutes=30)
    message = Message(
        message_id=1,
        date=written,
        edit_date=edited,
        chat=Chat(1, Chat.PRIVATE),
        from_user=User(1, "P", is_bot=False),
        text="hej igen",
    )
    assert sent_at(Update(1, edited_message=message)) == edited.timestamp()
