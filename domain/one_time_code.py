"""One-time codes that link a Telegram account or group to the bot during set-up.

`run_bot.py setup` prints a code; the board member sends `/owner CODE` to the bot (or
`/linkgroup CODE` in the admins' group). A code is six digits, lives 15 minutes, and stops
working for good after five wrong tries, so that guessing one (a million codes) is hopeless.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

LIFETIME = timedelta(minutes=15)
MAX_WRONG = 5
DIGITS = 6


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    WRONG = "wrong"  # not this code; tries are left
    EXPIRED = "expired"
    LOCKED = "locked"  # too many wrong tries: make a new code
    USED = "used"  # already redeemed once


def new_secret() -> str:
    return f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"


@dataclass
class OneTimeCode:
    issued_at: datetime
    secret: str = field(default_factory=new_secret)
    lifetime: timedelta = LIFETIME
    wrong: int = 0
    used: bool = False
    # The secret before the last renewal: typed late, it is "expired", not "wrong".
    previous: str | None = None

    @property
    def expires_at(self) -> datetime:
        return self.issued_at + self.lifetime

    @property
    def tries_left(self) -> int:
        return max(0, MAX_WRONG - self.wrong)

    def renew(self, now: datetime) -> None:
        """A fresh secret and lifetime (after expiry); wrong tries so far still count."""
        self.issued_at = now
        self.previous = self.secret
        self.secret = new_secret()
        self.used = False

    def redeem(self, typed: str, now: datetime) -> Verdict:
        """Checks a typed code; a right one works once, within its lifetime."""
        if self.used:
            return Verdict.USED
        if self.wrong >= MAX_WRONG:
            return Verdict.LOCKED
        if now >= self.expires_at:
            return Verdict.EXPIRED
        cleaned = "".join(ch for ch in typed if ch.isdigit())
        if self.previous is not None and hmac.compare_digest(
            cleaned.encode(), self.previous.encode()
        ):
            return Verdict.EXPIRED
        if not hmac.compare_digest(cleaned.encode(), self.secret.encode()):
            self.wrong += 1
            return Verdict.LOCKED if self.wrong >= MAX_WRONG else Verdict.WRONG
        self.used = True
        return Verdict.ACCEPTED
