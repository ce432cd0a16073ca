"""Help requests from recipients: status rules, seasons, references and the duplicate rules.

Nothing here returns text for people (see domain.request_input for the input checks and
domain.request_draft for the answers the conversation collects).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from domain.organisation import HelpType, Organisation
from domain.request_input import Invalid, Reason

# The feedback question waits a day after the hand-over, so it does not feel like a condition.
FEEDBACK_DELAY = timedelta(days=1)


class RequestStatus(StrEnum):
    PENDING = "pending"
    NEEDS_INFO = "needs_info"
    APPROVED = "approved"
    DECLINED = "declined"
    HANDED_OVER = "handed_over"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = frozenset({RequestStatus.PENDING, RequestStatus.NEEDS_INFO, RequestStatus.APPROVED})
CLOSED_STATUSES = frozenset(set(RequestStatus) - OPEN_STATUSES)

# Which status may follow which. needs_info → needs_info is a second question before an answer;
# declining after approval covers a family that never came to collect.
_S = RequestStatus
TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    _S.PENDING: frozenset({_S.NEEDS_INFO, _S.APPROVED, _S.DECLINED, _S.WITHDRAWN}),
    _S.NEEDS_INFO: frozenset({_S.NEEDS_INFO, _S.PENDING, _S.APPROVED, _S.DECLINED, _S.WITHDRAWN}),
    _S.APPROVED: frozenset({_S.HANDED_OVER, _S.DECLINED, _S.WITHDRAWN}),
}


class Decision(StrEnum):
    """What the board does to a request (the word in its buttons and in the audit log)."""

    APPROVE = "approve"
    ASK = "ask"
    DECLINE = "decline"
    HANDED_OVER = "handed"

    @property
    def target(self) -> RequestStatus:
        """The status the request has after this decision."""
        return DECISION_TARGETS[self]


DECISION_TARGETS: dict[Decision, RequestStatus] = {
    Decision.APPROVE: RequestStatus.APPROVED,
    Decision.ASK: RequestStatus.NEEDS_INFO,
    Decision.DECLINE: RequestStatus.DECLINED,
    Decision.HANDED_OVER: RequestStatus.HANDED_OVER,
}


def can_change(old: RequestStatus, new: RequestStatus) -> bool:
    return new in TRANSITIONS.get(old, frozenset())


def statuses_allowing(new: RequestStatus) -> frozenset[RequestStatus]:
    """The statuses from which a request may move to `new`."""
    return frozenset(old for old, targets in TRANSITIONS.items() if new in targets)


def notifies_recipient(old: RequestStatus, new: RequestStatus) -> bool:
    """True for changes an admin makes; the person's own steps (answer, withdraw) get a reply."""
    if not can_change(old, new):
        return False
    return new in {_S.NEEDS_INFO, _S.APPROVED, _S.DECLINED, _S.HANDED_OVER}


class Referral(StrEnum):
    CASEWORKER = "caseworker"
    ASSOCIATION = "association"
    SELF = "self"
    OTHER = "other"


def next_opening(help_type: HelpType, today: date) -> date | None:
    """The next day a closed seasonal kind opens; None when it is open now or not seasonal."""
    if help_type.opens is None or help_type.is_open(today):
        return None
    month, day = (int(part) for part in help_type.opens.split("-"))
    for year in range(today.year, today.year + 9):  # 9 years always include a 29 February
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today:
            return candidate
    return None


def check_kind(organisation: Organisation, key: str, today: date) -> HelpType | Invalid:
    help_type = organisation.help_type(key)
    if help_type is None:
        return Invalid(Reason.UNKNOWN_KIND)
    if not help_type.is_open(today):
        return Invalid(Reason.KIND_CLOSED, opens_on=next_opening(help_type, today))
    return help_type


def season_key(help_type: HelpType, day: date) -> str | None:
    """The season a day belongs to: the year its window last opened ('2026'); None if not seasonal.

    A window that wraps the new year (e.g. 12-01 to 01-31) is one season named by its first year.
    """
    if help_type.opens is None or help_type.closes is None:
        return None
    year = day.year if day.strftime("%m-%d") >= help_type.opens else day.year - 1
    return str(year)


_REFERENCE = re.compile(r"^\s*H?\s*-?\s*(\d{4,9})\s*$", re.IGNORECASE)


def normalise_reference(text: str) -> str | None:
    """'h1001', 'H 1001' or '1001' → 'H-1001'; None when it cannot be a reference."""
    match = _REFERENCE.match(text)
    return None if match is None else f"H-{int(match.group(1))}"


# --- one open request per kind, one per household per season --------------------------------


class RequestFacts(Protocol):
    """What the duplicate rules need to know about an existing request."""

    @property
    def reference(self) -> str: ...
    @property
    def user_id(self) -> int | None: ...
    @property
    def phone(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> RequestStatus: ...
    @property
    def season(self) -> str | None: ...


class RefusalReason(StrEnum):
    OPEN_SAME_KIND = "open_same_kind"
    SEASON_USED = "season_used"


@dataclass(frozen=True)
class Refusal:
    """A new request is refused; the person is told where the earlier one stands."""

    reason: RefusalReason
    reference: str
    status: RequestStatus


def refusal_for(
    kind: str,
    user_id: int,
    phone: str | None,
    season: str | None,
    existing: Iterable[RequestFacts],
) -> Refusal | None:
    """One open request per kind per person; for seasonal kinds one per household per season.

    The household is matched by Telegram user or by phone number. A withdrawn request does not
    use up the season (the person changed their mind); a declined one does.
    """
    same_kind = [request for request in existing if request.kind == kind]
    for request in same_kind:
        if request.user_id == user_id and request.status in OPEN_STATUSES:
            return Refusal(RefusalReason.OPEN_SAME_KIND, request.reference, request.status)
    if season is None:
        return None
    for request in same_kind:
        same_household = request.user_id == user_id or (
            phone is not None and request.phone == phone
        )
        if (
            same_household
            and request.season == season
            and request.status != RequestStatus.WITHDRAWN
        ):
            return Refusal(RefusalReason.SEASON_USED, request.reference, request.status)
    return None
