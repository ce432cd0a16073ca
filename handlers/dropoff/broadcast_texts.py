"""What subscribers read about drop-off days: notice, change, reminder, cancellation, digest."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Translator
from domain.announcements import Audience
from domain.broadcast_schedule import BroadcastKind, Change, DueBroadcast
from domain.days import DropoffDay
from domain.organisation import Organisation
from handlers.announce.texts import topic_footer
from handlers.common import day_lines, user_text
from storage.dropoff_broadcasts import Bringing


def bringing_line(t: Translator, organisation: Organisation, things: Sequence[Bringing]) -> str:
    """'🎁 Du kommer med: 3 × Tøj, 1 × Legetøj.' for a donor with accepted offers."""
    _ = t.gettext
    parts = []
    for thing in things:
        category = organisation.category(thing.category_key)
        label = category.label(t.language) if category else thing.category_key
        parts.append(_("{quantity} × {category}").format(quantity=thing.quantity, category=label))
    return _("🎁 You are bringing: {things}.").format(things=user_text(", ".join(parts)))


def day_broadcast_text(
    t: Translator,
    organisation: Organisation,
    day: DropoffDay,
    due: DueBroadcast,
    things: Sequence[Bringing] = (),
) -> str:
    """The message one subscriber gets about one day, in their language."""
    _ = t.gettext
    if due.kind is BroadcastKind.CANCELLED:
        lines = [
            _("❌ <b>The drop-off day is cancelled</b>"),
            f"🗓 {t.span(day.starts_at, day.ends_at)}",
            _("We are sorry. We will tell you about the next one."),
        ]
    elif due.kind is BroadcastKind.REMINDER:
        title = (
            _("⏰ <b>Reminder: drop-off day today</b>")
            if due.today
            else _("⏰ <b>Reminder: drop-off day tomorrow</b>")
        )
        lines = [title, *day_lines(t, day, "🗓")]
        if due.changed:
            lines.append(_change_note(t, due.changes))
    elif due.changed:
        lines = [_("⚠️ <b>The drop-off day has changed</b>"), _new_what(t, due.changes)]
        lines += day_lines(t, day, "🗓")
    else:
        lines = [
            _("📦 <b>Drop-off day</b>"),
            _("You can bring your things to us here:"),
            *day_lines(t, day, "🗓"),
        ]
    if things and due.kind is not BroadcastKind.CANCELLED:
        lines.append(bringing_line(t, organisation, things))
    return _with_footer(t, lines)


def _change_note(t: Translator, changes: frozenset[Change]) -> str:
    """The reminder's line about a change: the time, the place, or both."""
    _ = t.gettext
    if changes == {Change.PLACE}:
        return _("Note: the place has changed.")
    if changes == {Change.TIME}:
        return _("Note: the time has changed.")
    return _("Note: the time and the place have changed.")


def _new_what(t: Translator, changes: frozenset[Change]) -> str:
    _ = t.gettext
    if changes == {Change.PLACE}:
        return _("Here is the new place:")
    if changes == {Change.TIME}:
        return _("Here is the new time:")
    return _("Here is the new time and place:")


def digest_text(t: Translator, days: Sequence[DropoffDay]) -> str:
    """The weekly list of the coming drop-off days."""
    _ = t.gettext
    lines = [_("🗓 <b>The next drop-off days</b>")]
    lines += [f"• {t.span(day.starts_at, day.ends_at)}, {user_text(day.place)}" for day in days]
    lines.append(_("You can bring your things on these days."))
    return _with_footer(t, lines)


def _with_footer(t: Translator, lines: list[str]) -> str:
    footer = topic_footer(t, Audience.DROPOFF)
    return "\n".join([*lines, "", footer] if footer else lines)
