"""What a person who asked for help reads in /start and /dates: their own times to collect
things, and how collecting works, instead of the donors' drop-off days.

Danish aims at LIX 30 or less (tests/unit/test_request_texts_lix.py).
"""

from __future__ import annotations

from bot.i18n import Translator
from bot.services import Services
from domain.request_models import HelpRequest
from domain.requests import OPEN_STATUSES, RequestStatus
from handlers.common import day_lines, user_text
from handlers.requests.family_outcomes import status_phrase
from handlers.requests.family_texts import kind_label

SHOWN = 5


async def requests_of(services: Services, user_id: int | None) -> list[HelpRequest]:
    """The person's requests for help, newest first; none for anyone who never asked."""
    if user_id is None:
        return []
    return await services.repos.requests.list_for_user(user_id)


async def overview(services: Services, t: Translator, requests: list[HelpRequest]) -> str:
    """The family's times to collect (and requests still waiting), then how collecting works."""
    _ = t.gettext
    org = services.organisation
    now = services.clock.now()
    lines = [_("📅 <b>When you can collect</b>")]
    shown = 0
    for request in requests:
        if shown == SHOWN:
            break
        if request.status is RequestStatus.APPROVED:
            day = None
            if request.dropoff_day_id is not None:
                day = await services.repos.days.get(request.dropoff_day_id)
                if day is not None and day.ends_at < now:
                    continue  # that time is over
            lines += ["", f"<b>{request.reference}</b> · {kind_label(t, org, request.kind)}"]
            if day is not None:
                lines += day_lines(t, day, "🕒")
            else:
                lines.append(f"🕒 {user_text(request.collect_text)}")
            shown += 1
        elif request.status in OPEN_STATUSES:
            lines += ["", f"<b>{request.reference}</b> · {kind_label(t, org, request.kind)}"]
            lines.append(_("Status: {status}.").format(status=status_phrase(t, request.status)))
            shown += 1
    if not shown:
        lines.append(_("There is nothing for you to collect right now."))
    lines += [
        "",
        _("<b>How it works</b>"),
        _("1. We write to you here when we can help."),
        _("2. Come at the time and to the place we give you."),
        _("3. Bring your number, so we know it is you."),
        _("It is all free. Can you not come? Then write to us."),
    ]
    return "\n".join(lines)
