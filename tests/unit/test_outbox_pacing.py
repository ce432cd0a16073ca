"""The outbox's pacing on a hand-turned clock: overall rate, one chat's limits, replies' share."""

from __future__ import annotations

from bot.outbox import GROUP_MAX, REPLIES_RECENT, REPLY_SHARE, TELEGRAM_RATE, Pacing

REPLIES_RECENT_COUNT = int(REPLIES_RECENT)


class Clock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def send_for(pacing: Pacing, clock: Clock, seconds: float, chats: list[int]) -> list[float]:
    """Sends as fast as the pacing lets, each into the next chat that is free; the start times."""
    end, starts, step = clock.t + seconds, [], 0.001
    while clock.t < end:
        if pacing.wait() == 0:
            free = next((c for c in chats if pacing.chat_wait(c) == 0), None)
            if free is not None:
                pacing.took(free)
                starts.append(clock.t)
        clock.t += step
    return starts


def busiest_second(starts: list[float]) -> int:
    return max(sum(1 for s in starts if t <= s < t + 1.0) for t in starts)


def test_the_overall_rate_is_kept_in_every_second_and_nearly_reached():
    clock = Clock()
    pacing = Pacing(30, clock)
    starts = send_for(pacing, clock, 10.0, list(range(1, 400)))
    assert busiest_second(starts) <= 30
    assert len(starts) >= 0.95 * 30 * 10


def test_one_private_chat_gets_one_message_a_second():
    clock = Clock()
    pacing = Pacing(30, clock)
    starts = send_for(pacing, clock, 5.0, [42])
    assert len(starts) == 5
    assert busiest_second(starts) == 1


def test_one_group_gets_twenty_a_minute():
    clock = Clock()
    pacing = Pacing(30, clock)
    starts = send_for(pacing, clock, 59.0, [-100])
    assert len(starts) == GROUP_MAX
    assert pacing.waiting_chats() == {-100}


def test_replies_keep_their_share_while_people_write():
    clock = Clock()
    pacing = Pacing(30, clock)
    pacing.note_reply()  # an odd edit is not people writing: it only takes its own slot
    assert pacing.limit() == 30
    for _ in range(REPLIES_RECENT_COUNT):
        clock.t += 0.25
        pacing.note_reply()  # four a second: they still get the share
    assert pacing.limit() == TELEGRAM_RATE - REPLY_SHARE
    for _ in range(10):
        pacing.note_reply()  # a burst: they get what they use
    assert pacing.limit() == TELEGRAM_RATE - 14  # the last second: 4 and the 10
    clock.t += 11.0
    assert pacing.limit() == 30


def test_a_pause_holds_everything_and_a_paused_chat_only_itself():
    clock = Clock()
    pacing = Pacing(30, clock)
    pacing.pause_chat(-5, 3.0)
    assert pacing.wait() == 0 and pacing.chat_wait(-5) == 3.0
    pacing.pause_all(2.0)
    assert pacing.wait() == 2.0
