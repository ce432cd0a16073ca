"""What we tell a person about their data (GDPR art. 13), short enough for a phone.

The note names the data controller from the organisation profile (name, address, contact), says
what we keep and why, who sees it (the board), for how long (RETENTION_DAYS), the person's
rights (/mydata, /deletedata) and where to complain (Datatilsynet). It is shown where consent is
asked (a request for help, a volunteer's sign-up) and by /privacy.
"""

from __future__ import annotations

from bot.i18n import Translator
from domain.organisation import Organisation
from domain.phone import display_phone
from handlers.common import user_text


def controller_line(t: Translator, org: Organisation) -> str:
    """Who is responsible for the data, and how to reach them."""
    contact = " · ".join(user_text(item) for item in (display_phone(org.phone), org.email) if item)
    line = t.gettext("• {name}, {address}, looks after your data.").format(
        name=user_text(org.name), address=user_text(org.address)
    )
    if contact:
        line += " " + t.gettext("Ask us: {contact}.").format(contact=contact)
    return line


def rights_lines(t: Translator) -> list[str]:
    """What the person may do: see, erase, complain."""
    _ = t.gettext
    return [
        _("• See what we have saved with /mydata. Delete it with /deletedata."),
        _("• You can complain to Datatilsynet: datatilsynet.dk."),
    ]


def privacy_note(t: Translator, org: Organisation, retention_days: int) -> str:
    """The whole note: who, what, why, who sees it, how long, the rights."""
    _ = t.gettext
    return "\n".join(
        [
            _("🔒 <b>Your data</b>"),
            controller_line(t, org),
            _("• We save your answers and your Telegram id. We only use them to help you."),
            _("• Only the board can see them."),
            _("• We delete your details {days} days after your case is closed.").format(
                days=retention_days
            ),
            *rights_lines(t),
        ]
    )


def volunteer_note(t: Translator, org: Organisation) -> str:
    """The same for a volunteer's sign-up: kept while they are with us."""
    _ = t.gettext
    return "\n".join(
        [
            controller_line(t, org),
            _("• We keep it while you are a volunteer with us."),
            *rights_lines(t),
        ]
    )
