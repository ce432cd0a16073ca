"""What the bot queues about a volunteer: the request to the board (with approve/decline
buttons) and the board's answer to the volunteer. Each goes through the outbox with a dedup key,
so it is sent once even when a press or an update is repeated."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translator, language_name
from bot.keyboards import with_write_to_us
from bot.services import Services
from domain.clock import to_db
from domain.phone import display_phone
from domain.volunteers import Volunteer, VolunteerStatus
from handlers.common import user_text


def request_key(volunteer: Volunteer) -> str:
    """One request per registration (consent_at changes when they send the form again)."""
    return f"volunteer:{volunteer.id}:request:{to_db(volunteer.consent_at)}"


def request_text(
    services: Services, t: Translator, volunteer: Volunteer, language: str | None = None
) -> str:
    """The board's card of a volunteer (language: the one they write in)."""
    _ = t.gettext
    labels = []
    for key in volunteer.skills:
        skill = services.organisation.volunteer_skill(key)
        labels.append(skill.label(t.language) if skill else key)
    return "\n".join(
        [
            _("🙋 New volunteer: {name}").format(name=user_text(volunteer.name)),
            f"📞 {user_text(display_phone(volunteer.phone))}",
            _("Likes to do: {skills}").format(skills=user_text(", ".join(labels)) or "–"),
            *(
                [_("🗣 Writes in {language}").format(language=language_name(t, language))]
                if language
                else []
            ),
        ]
    )


async def send_request(services: Services, volunteer: Volunteer) -> None:
    """Queues the request to the admin chat (or each admin) with approve/decline buttons."""
    language = (await services.users.languages([volunteer.user_id])).get(volunteer.user_id)

    def render(t: Translator) -> tuple[str, InlineKeyboardMarkup | None]:
        _ = t.gettext
        buttons = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(_("✅ Approve"), callback_data=f"vadm:ok:{volunteer.id}"),
                    InlineKeyboardButton(_("❌ Decline"), callback_data=f"vadm:no:{volunteer.id}"),
                ]
            ]
        )
        return request_text(services, t, volunteer, language), buttons

    await services.notifier.to_admins(render, dedup_key=request_key(volunteer))


def status_label(t: Translator, status: VolunteerStatus) -> str:
    _ = t.gettext
    labels = {VolunteerStatus.APPROVED: _("approved"), VolunteerStatus.DECLINED: _("declined")}
    return labels.get(status, _("waiting"))


def decided_text(
    services: Services,
    t: Translator,
    volunteer: Volunteer,
    admin: str,
    language: str | None = None,
) -> str:
    """The request as it reads once decided: who decided, and what."""
    mark = "✅" if volunteer.status is VolunteerStatus.APPROVED else "❌"
    decided = t.gettext("{mark} {status} by {admin}").format(
        mark=mark, status=status_label(t, volunteer.status).capitalize(), admin=user_text(admin)
    )
    return f"{request_text(services, t, volunteer, language)}\n\n{decided}"


async def tell_volunteer(services: Services, volunteer: Volunteer) -> None:
    """Tells the volunteer the board's answer, once per decision."""
    approved = volunteer.status is VolunteerStatus.APPROVED

    def render(t: Translator) -> tuple[str, InlineKeyboardMarkup | None]:
        _ = t.gettext
        if approved:
            text = _("🎉 Welcome to the team, {name}! You can take shifts now.").format(
                name=user_text(volunteer.name)
            )
            button = InlineKeyboardButton(_("📅 See the shifts"), callback_data="shift:list")
            return text, with_write_to_us(t, InlineKeyboardMarkup([[button]]))
        org = services.organisation
        text = _(
            "Thank you for wanting to help. Right now we cannot take you on as a volunteer."
            " Questions? Call us on {phone}."
        ).format(phone=user_text(display_phone(org.phone) or org.email))
        return text, with_write_to_us(t)

    stamp = to_db(volunteer.decided_at) if volunteer.decided_at else ""
    await services.notifier.send_to_user(
        volunteer.user_id, render, dedup_key=f"volunteer:{volunteer.id}:{volunteer.status}:{stamp}"
    )
