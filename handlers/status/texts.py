"""The texts of /status and of the daily note to the owners."""

from __future__ import annotations

from babel.numbers import format_decimal

from bot.i18n import Translator
from domain.health import HealthReport, Problem


def size(bytes_: int, t: Translator) -> str:
    if bytes_ < 1024 * 1024:
        return f"{format_decimal(round(bytes_ / 1024), locale=t.language)} KB"
    return f"{format_decimal(round(bytes_ / 1024 / 1024, 1), locale=t.language)} MB"


def problem_line(problem: Problem, report: HealthReport, t: Translator) -> str:
    _ = t.gettext
    if problem is Problem.BACKUP_MISSING:
        if report.last_backup is None:
            return _("No backup has been made yet: check BACKUP_DIR and the disk.")
        return _("No backup since {day}: check BACKUP_DIR and the disk.").format(
            day=t.day(report.last_backup)
        )
    if problem is Problem.OUTBOX_STUCK:
        return _("Messages have waited over 30 minutes to be sent. Is the internet up?")
    if problem is Problem.SENDS_FAILING:
        return t.ngettext(
            "{n} message could not be sent in the last 24 hours (see the log).",
            "{n} messages could not be sent in the last 24 hours (see the log).",
            report.outbox_failed,
        ).format(n=report.outbox_failed)
    return t.ngettext(
        "{n} error in the last 24 hours: see the log.",
        "{n} errors in the last 24 hours: see the log.",
        report.errors_24h,
    ).format(n=report.errors_24h)


def status_text(report: HealthReport, problems: list[Problem], t: Translator) -> str:
    _ = t.gettext
    if report.last_update_at is None:
        last = _("none since the start")
    else:
        last = t.moment(report.last_update_at)
    if not report.backups_on:
        backup = _("off (BACKUP_DIR is not set)")
    elif report.last_backup is None:
        backup = _("none yet")
    else:
        backup = f"{t.day(report.last_backup)}, {size(report.last_backup_bytes or 0, t)}"
    lines = [
        _("🩺 <b>How the bot is doing</b>"),
        _("Running since: {moment}").format(moment=t.moment(report.started_at)),
        _("Last update handled: {moment}").format(moment=last),
        _("Outbox: {waiting} waiting, {failed} failed in 24 hours").format(
            waiting=report.outbox_waiting, failed=report.outbox_failed
        ),
        _("People we cannot reach: {n}").format(n=report.unreachable),
        _("Last backup: {backup}").format(backup=backup),
        _("Database: {size}").format(size=size(report.database_bytes, t)),
        _("Errors in the last 24 hours: {n}").format(n=report.errors_24h),
        "",
    ]
    if not problems:
        lines.append(_("✅ All is well."))
    else:
        lines.append(_("⚠️ Needs attention:"))
        lines.extend(f"• {problem_line(problem, report, t)}" for problem in problems)
    return "\n".join(lines)


def attention_note(report: HealthReport, problems: list[Problem], t: Translator) -> str:
    _ = t.gettext
    lines = [_("⚠️ <b>The bot needs attention</b>")]
    lines.extend(f"• {problem_line(problem, report, t)}" for problem in problems)
    lines.append(_("Send /status for the details."))
    return "\n".join(lines)
