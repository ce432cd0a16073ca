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
