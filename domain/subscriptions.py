"""What a person can say yes to hearing about. Nobody is subscribed without pressing a button."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal


class Topic(StrEnum):
    DROPOFF = "dropoff"  # drop-off days
    CHRISTMAS = "christmas"  # when Christmas help can be asked for
    NEWS = "news"
    WANTED = "wanted"  # efterlysninger: the board asks donors for one thing a family needs


TOPICS: tuple[Topic, ...] = tuple(Topic)
# The same names as plain strings, as some callers (the donate journey) still pass them.
TopicName = Literal["dropoff", "christmas", "news", "wanted"]


def topic_named(value: str) -> Topic | None:
    """The topic a button names; None for anything else (an old or forged button)."""
    return next((topic for topic in Topic if topic.value == value), None)
