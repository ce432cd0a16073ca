"""What a person reads when they ask us to delete their data and have a time to collect their
things (easy Danish: tests/unit/test_request_texts_lix.py)."""

from __future__ import annotations

from typing import Protocol

from bot.i18n import Translator
from domain.days import DropoffDay
from handlers.common import day_lines, user_text


class HasAppointment(Protocol):
    @property
    def reference(self) -> str: ...
    @property
    def day(self) -> DropoffDay | None: ...
    @property
    def typed(self) -> str | None: ...


def when_and_where(t: Translator, appointment: HasAppointment) -> list[str]:
    """'📅 lørdag den 6. december kl. 10.00-13.00' and '📍 Teglvænget 97', or the typed time."""
    day = appointment.day
    if day is not None:
        return day_lines(t, day)
    return [f"🕒 {user_text(appointment.typed)}"]


def _times(t: Translator, appointments: list[HasAppointment], heading: str) -> list[str]:
    """Each appointment under its heading (a translated text with {reference})."""
    lines = []
    for appointment in appointments:
        lines.append(heading.format(reference=appointment.reference))
        lines += when_and_where(t, appointment)
    return lines


def before_deleting(t: Translator, appointments: list[HasAppointment]) -> list[str]:
    """In the question »Do you want us to delete your data?«: the times that will go."""
    _ = t.gettext
    lines = _times(t, appointments, _("You have a time to collect your things for {reference}:"))
    if lines:
        lines.append(_("If we delete your data, the time is cancelled."))
    return lines


def cancelled(t: Translator, appointments: list[HasAppointment]) -> list[str]:
    """Said first after the erasure: which times are cancelled now."""
    return _times(t, appointments, t.gettext("Your time to collect {reference} is cancelled:"))
