"""Texts and buttons for /admins and /audit (owners only)."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import N_, Translator
from handlers.common import user_text
from storage.audit import AuditEntry
from storage.roles import RoleGrant

ROLE_NAMES = {"admin": N_("admin"), "coordinator": N_("coordinator")}

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

# Most buttons in one message: Telegram allows 100, a phone screen far fewer.
MAX_BUTTONS = 30


def roles_text(
    t: Translator, owners: list[int], grants: list[RoleGrant], names: dict[int, str]
) -> str:
    _ = t.gettext
    lines = ["<b>" + _("👥 Admins and coordinators") + "</b>", ""]
    lines.append(_("Owners (ADMIN_IDS in the settings): {ids}").format(ids=_ids(owners, names)))
    for role, heading in (("admin", _("Admins:")), ("coordinator", _("Coordinators:"))):
        holders = [grant for grant in grants if grant.role == role]
        lines += ["", f"<b>{heading}</b>"]
        lines += [
            "• "
            + _("{person}, since {date}").format(
                person=person(grant.user_id, names), date=t.short_date(grant.granted_at)
            )
            for grant in holders
        ] or [_("none yet")]
    lines += [
        "",
        _("Admins handle offers, requests and announcements and see statistics."),
        _("Coordinators manage drop-off days and shifts only."),
    ]
    return "\n".join(lines)


def person(user_id: int, names: dict[int, str]) -> str:
    name = names.get(user_id)
    return f"{user_text(name)} ({user_id})" if name else str(user_id)


def _ids(user_ids: list[int], names: dict[int, str]) -> str:
    return ", ".join(person(user_id, names) for user_id in user_ids) or "-"


def roles_buttons(
    t: Translator, grants: list[RoleGrant], names: dict[int, str]
) -> InlineKeyboardMarkup:
    _ = t.gettext
    rows = [
        [InlineKeyboardButton(_("➕ Add an admin"), callback_data="admins:add")],
        [InlineKeyboardButton(_("➕ Make a volunteer coordinator"), callback_data="admins:coord")],
    ]
    for grant in grants[:MAX_BUTTONS]:
        label = _("➖ Remove {person} ({role})").format(
            person=names.get(grant.user_id) or grant.user_id, role=_(ROLE_NAMES[grant.role])
        )
        rows.append([InlineKeyboardButton(label, callback_data=f"admins:rm:{grant.user_id}")])
    return InlineKeyboardMarkup(rows)


def volunteer_buttons(t: Translator, volunteers: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    """One button per approved volunteer (user id, name) who has no role yet."""
    rows = [
        [InlineKeyboardButton(name, callback_data=f"admins:coord:{user_id}")]
        for user_id, name in volunteers[:MAX_BUTTONS]
    ]
    rows.append([InlineKeyboardButton(t.gettext("⬅️ Back"), callback_data="admins:list")])
    return InlineKeyboardMarkup(rows)


def back_button(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(t.gettext("⬅️ Back"), callback_data="admins:list")]]
    )


def audit_text(t: Translator, entries: list[AuditEntry], names: dict[int, str]) -> str:
    _ = t.gettext
    if not entries:
        return _("📜 The audit log is empty: no admin has done anything yet.")
    lines = ["<b>" + _("📜 Latest admin actions (newest first)") + "</b>", ""]
    for entry in entries:
        action = _(ACTIONS[entry.action]) if entry.action in ACTIONS else user_text(entry.action)
        line = f"{t.short_date(entry.at)} {t.clock(entry.at)} · {person(entry.actor_id, names)}"
        line += f" · {action}"
        if entry.subject:
            line += f" · {user_text(entry.subject)}"
        if entry.action.startswith("role.") and entry.details in ROLE_NAMES:
            line += f" ({_(ROLE_NAMES[entry.details])})"
        lines.append(line)
    return "\n".join(lines)
