"""Texts and buttons for /admins and /audit (owners only)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import N_, Translator
from domain.roles import GrantedRole
from domain.statistics import Period
from handlers.board.texts import period_name
from handlers.common import user_text
from storage.audit import AuditEntry
from storage.roles import RoleGrant

ROLE_NAMES: dict[str, str] = {
    GrantedRole.ADMIN: N_("admin"),
    GrantedRole.COORDINATOR: N_("coordinator"),
}

# Actions the journeys write to the audit log, as the owners read them. Unknown codes are
# shown as they are, so a new action is never hidden.
ACTIONS = {
    "offer.accept": N_("accepted an offer"),
    "offer.decline": N_("declined an offer"),
    "offer.receive": N_("marked an offer received"),
    "offer.ask": N_("asked a donor a question"),
    "notnow.set": N_("paused a category"),
    "notnow.clear": N_("opened a category again"),
    "request.approve": N_("approved a help request"),
    "request.decline": N_("declined a help request"),
    "request.ask": N_("asked a family a question"),
    "request.handed": N_("handed over help"),
    "volunteer.approve": N_("approved a volunteer"),
    "volunteer.decline": N_("declined a volunteer"),
    "shift.attendance": N_("marked who came to a shift"),
    "announcement.create": N_("made an announcement"),
    "announcement.send": N_("sent an announcement"),
    "announcement.schedule": N_("scheduled an announcement"),
    "announcement.cancel": N_("cancelled an announcement"),
    "dropoff.create": N_("created a drop-off day"),
    "dropoff.change": N_("changed a drop-off day"),
    "dropoff.cancel": N_("cancelled a drop-off day"),
    "plan.create": N_("made a repeating plan"),
    "plan.stop": N_("stopped a repeating plan"),
    "export": N_("exported data without personal details"),
    "export.personal": N_("⚠️ exported data WITH personal details"),
    "role.grant": N_("gave a role"),
    "role.revoke": N_("took a role away"),
}


def granted_notice(t: Translator, role: GrantedRole, org: str) -> str:
    """What the person reads when they get a role: what they can do now."""
    if role is GrantedRole.ADMIN:
        text = t.gettext("🎉 You are now an admin of {org}. Send /help to see what you can do.")
    else:
        text = t.gettext(
            "🎉 You are now a coordinator of {org}: you can manage drop-off days and shifts.\n"
            "/newdate – a new drop-off day\n/plan – repeating days\n"
            "/roster – who is on which shift\n/dates – the coming days"
        )
    return text.format(org=org)


def revoked_notice(t: Translator, role: GrantedRole) -> str:
    return t.gettext("You are no longer {role} in the bot. Thank you for your help!").format(
        role=t.gettext(ROLE_NAMES[role])
    )


# Most buttons in one message: Telegram allows 100, a phone screen far fewer.
MAX_BUTTONS = 30


def roles_text(
    t: Translator, owners: list[int], grants: list[RoleGrant], names: dict[int, str]
) -> str:
    _ = t.gettext
    lines = ["<b>" + _("👥 Admins and coordinators") + "</b>", ""]
    lines.append(_("Responsible for the bot: {people}").format(people=_people(t, owners, names)))
    headings = (
        (GrantedRole.ADMIN, _("Admins:"), _("No other admins.")),
        (GrantedRole.COORDINATOR, _("Coordinators:"), _("No coordinators.")),
    )
    for role, heading, nobody in headings:
        holders = [grant for grant in grants if grant.role == role]
        lines += ["", f"<b>{heading}</b>"]
        lines += [
            "• "
            + _("{person}, since {date}").format(
                person=person(t, grant.user_id, names), date=t.short_date(grant.granted_at)
            )
            for grant in holders
        ] or [nobody]
    lines += [
        "",
        _("Admins handle offers, requests and announcements and see statistics."),
        _("Coordinators manage drop-off days and shifts only."),
    ]
    return "\n".join(lines)


def person(t: Translator, user_id: int, names: dict[int, str]) -> str:
    """The name we know (escaped), else 'user 1002' in words."""
    name = names.get(user_id)
    return user_text(name) if name else t.gettext("user {id}").format(id=user_id)


def _people(t: Translator, user_ids: list[int], names: dict[int, str]) -> str:
    return ", ".join(person(t, user_id, names) for user_id in user_ids) or "-"


def roles_buttons(
    t: Translator, grants: list[RoleGrant], names: dict[int, str]
) -> InlineKeyboardMarkup:
    _ = t.gettext
    rows = [
        [InlineKeyboardButton(_("➕ Add an admin"), callback_data="admins:add")],
        [InlineKeyboardButton(_("➕ Make a volunteer coordinator"), callback_data="admins:coord")],
    ]
    for grant in grants[:MAX_BUTTONS]:
        name = names.get(grant.user_id) or _("user {id}").format(id=grant.user_id)
        label = _("➖ Remove {person} ({role})").format(person=name, role=_(ROLE_NAMES[grant.role]))
        rows.append([InlineKeyboardButton(label, callback_data=f"admins:rm:{grant.user_id}")])
    return InlineKeyboardMarkup(rows)


def volunteer_buttons(
    t: Translator, volunteers: list[tuple[int, str]], action: str = "coord"
) -> InlineKeyboardMarkup:
    """One button per approved volunteer (user id, name) who has no role yet."""
    rows = [
        [InlineKeyboardButton(name, callback_data=f"admins:{action}:{user_id}")]
        for user_id, name in volunteers[:MAX_BUTTONS]
    ]
    rows.append([InlineKeyboardButton(t.gettext("⬅️ Back"), callback_data="admins:list")])
    return InlineKeyboardMarkup(rows)


def back_button(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t.gettext("⬅️ Back"), callback_data="admins:list")]]
    )


@dataclass
class Known:
    """What the audit log's ids stand for: people's names and drop-off days' starts."""

    users: dict[int, str] = field(default_factory=dict)
    volunteers: dict[int, str] = field(default_factory=dict)
    days: dict[int, datetime] = field(default_factory=dict)


_SUBJECT = re.compile(r"(user|day|volunteer|announcement|plan):(\d{1,15})")
_PERIOD = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


def subject_ids(entries: list[AuditEntry]) -> dict[str, set[int]]:
    """The ids per kind ('user', 'day', 'volunteer' …) the entries mention, to look up."""
    found: dict[str, set[int]] = {}
    for entry in entries:
        for kind, number in _SUBJECT.findall(entry.subject or ""):
            found.setdefault(kind, set()).add(int(number))
    return found


def subject_text(t: Translator, subject: str, known: Known) -> str:
    """'day:22' → 'drop-off day Saturday 28 November'; unknown subjects are shown as they are."""
    _ = t.gettext
    period = _PERIOD.fullmatch(subject)
    if period:
        first, last = (date.fromisoformat(part) for part in period.groups())
        return _("the period {period}").format(period=period_name(t, Period(first, last)))
    parts = []
    for kind, number in _SUBJECT.findall(subject):
        n = int(number)
        if kind == "user":
            parts.append(person(t, n, known.users))
        elif kind == "day" and n in known.days:
            parts.append(_("drop-off day {day}").format(day=t.day(t.local(known.days[n]).date())))
        elif kind == "day":
            parts.append(_("drop-off day no. {n}").format(n=n))
        elif kind == "volunteer":
            name = known.volunteers.get(n)
            parts.append(user_text(name) if name else _("volunteer no. {n}").format(n=n))
        elif kind == "announcement":
            parts.append(_("announcement no. {n}").format(n=n))
        else:
            parts.append(_("repeating plan no. {n}").format(n=n))
    return ", ".join(parts) if parts else user_text(subject)


def audit_text(t: Translator, entries: list[AuditEntry], known: Known) -> str:
    _ = t.gettext
    if not entries:
        return _("📜 The audit log is empty: no admin has done anything yet.")
    lines = ["<b>" + _("📜 Latest admin actions (newest first)") + "</b>", ""]
    for entry in entries:
        action = _(ACTIONS[entry.action]) if entry.action in ACTIONS else user_text(entry.action)
        actor = person(t, entry.actor_id, known.users)
        line = f"{t.short_date(entry.at)} {t.clock(entry.at)} · {actor} · {action}"
        if entry.subject:
            line += f" · {subject_text(t, entry.subject, known)}"
        if entry.action.startswith("role.") and entry.details in ROLE_NAMES:
            line += f" ({_(ROLE_NAMES[entry.details])})"
        lines.append(line)
    return "\n".join(lines)
