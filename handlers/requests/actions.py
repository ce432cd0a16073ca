"""What the family and the board do to a help request, each in one transaction.

No Telegram here: an action takes the services and plain values, and returns what the handler
needs to render. The records, the audit row and the outbox notices of one action commit
together (storage/unit_of_work.py): a crash anywhere inside leaves all of them or none. The
cards in the admins' chats are edited by the handler afterwards (board_cards.py), outside the
transaction, because that is a Bot API call.

Every notice has a dedup_key under "request:<reference>:", so a doubled press cannot queue it
twice, and erasure or retention can find and drop it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.crash_points import crash_point
from bot.notify import Render
from bot.services import Services
from domain.days import DropoffDay
from domain.matching import needs_for_request
from domain.request_draft import RequestDraft
from domain.request_models import HelpRequest, RequestQuestion
from domain.requests import Decision, RequestStatus
from handlers.matching.views import request_matches
from handlers.requests import family_notices
from handlers.requests.board_texts import answer_notice, card, card_buttons, feedback_notice
from storage.request_privacy import message_key_prefix
from storage.unit_of_work import UnitOfWork

# --- the family ---------------------------------------------------------------------------


async def send_request(
    services: Services, draft: RequestDraft, user_id: int, season: str | None
) -> tuple[HelpRequest, bool]:
    """Stores the finished request (its children too) once and queues the admins' cards; a
    second send of the same draft returns the first, unchanged. Raises RequestRefused."""
    organisation = services.organisation
    language = (await services.users.languages([user_id])).get(user_id)
    async with services.unit_of_work() as uow:
        request, created = await uow.requests.add_from_draft(
            draft, user_id, season, services.clock.now()
        )
        if created:
            crash_point("request.sent")
            children = [(child.age, child.size) for child in draft.children or ()]
            specs = needs_for_request(organisation, request.kind, children)
            await uow.needs.add_for_request(request.id, specs, organisation, services.clock.now())
            matches = await request_matches(uow.needs, uow.offers, organisation, request)
            await services.notifier.to_admins(
                lambda t: (
                    card(
                        t,
                        organisation,
                        request,
                        language=language,
                        matched=matches.lines(t, organisation),
                    ),
                    card_buttons(t, request, matches.rows(t, organisation)),
                ),
                dedup_key=message_key_prefix(request.reference) + "new",
            )
    return request, created


async def relay_answer(
    services: Services, user_id: int, request: HelpRequest, question: RequestQuestion, answer: str
) -> HelpRequest | None:
    """Stores the family's answer and relays it to the admins by reference; None if it was
    answered already."""
    async with services.unit_of_work() as uow:
        if not await uow.requests.answer(request.reference, user_id, answer, services.clock.now()):
            return None
        crash_point("request.answered")
        fresh = await uow.requests.get(request.id)
        assert fresh is not None
        await services.notifier.to_admins(
            lambda t: (answer_notice(t, fresh, question.question, answer), card_buttons(t, fresh)),
            dedup_key=message_key_prefix(fresh.reference) + f"answer:{question.id}",
        )
    return fresh


async def record_score(services: Services, request: HelpRequest, user_id: int, score: int) -> bool:
    """Keeps the family's 1-5 score, once; False if they answered before."""
    async with services.unit_of_work() as uow:
        return await uow.requests.record_feedback(
            request.reference, user_id, score, None, services.clock.now()
        )


async def finish_feedback(
    services: Services, request: HelpRequest, user_id: int, comment: str | None
) -> None:
    """Keeps the words after the score (if any) and lets the admins hear score and words."""
    score = request.feedback_score
    assert score is not None
    async with services.unit_of_work() as uow:
        if comment is not None:
            await uow.requests.add_feedback_comment(
                request.reference, user_id, comment, services.clock.now()
            )
        crash_point("request.feedback")
        await services.notifier.to_admins(
            lambda t: (feedback_notice(t, request, score, comment), None),
            dedup_key=message_key_prefix(request.reference) + "feedback",
        )


async def ask_for_feedback(services: Services, request: HelpRequest, now: datetime) -> bool:
    """Marks the handed-over request as asked and queues the feedback question, once."""
    if request.user_id is None:
        return False
    async with services.unit_of_work() as uow:
        if not await uow.requests.mark_feedback_asked(request.reference, now):
            return False
        crash_point("request.feedback_asked")
        await services.notifier.send_to_user(
            request.user_id,
            family_notices.feedback_question(request),
            dedup_key=message_key_prefix(request.reference) + "feedback_question",
        )
    return True


# --- the board ------------------------------------------------------------------------------


async def approve_request(
    services: Services,
    request: HelpRequest,
    admin: int,
    *,
    day: DropoffDay | None = None,
    text: str | None = None,
) -> HelpRequest | None:
    """Approves with a drop-off day or a typed time and place, logs it and queues the family's
    notice; None if the request moved on meanwhile. The same approval again (handled again
    after a crash, or pressed twice) returns the request as it is, changing nothing."""
    now = services.clock.now()
    day_id = day.id if day else None
    async with services.unit_of_work() as uow:
        if not await uow.requests.approve(
            request.reference, now, collect_text=text, dropoff_day_id=day_id
        ):
            return await _if_decided_so(uow, request, Decision.APPROVE, day_id=day_id, text=text)
        crash_point("request.decided")
        details = f"day:{day.id}" if day else "typed"
        return await _recorded(services, uow, admin, request, Decision.APPROVE, details)


async def ask_family(
    services: Services, request: HelpRequest, admin: int, question: str
) -> HelpRequest | None:
    """Relays the board's question to the family (the request waits for their answer)."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        if await uow.requests.ask(request.reference, question, now) is None:
            return None
        crash_point("request.decided")
        return await _recorded(services, uow, admin, request, Decision.ASK, "typed")


async def decline_request(
    services: Services,
    request: HelpRequest,
    admin: int,
    *,
    preset: int | None = None,
    text: str | None = None,
) -> HelpRequest | None:
    """Declines with one of the profile's reasons or a typed one, logs it and tells the family
    (the same decline again: see approve_request)."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        if not await uow.requests.decline(request.reference, now, preset=preset, text=text):
            return await _if_decided_so(uow, request, Decision.DECLINE, preset=preset, text=text)
        crash_point("request.decided")
        details = f"preset:{preset}" if preset is not None else "typed"
        return await _recorded(services, uow, admin, request, Decision.DECLINE, details)


async def mark_handed_over(
    services: Services, request: HelpRequest, admin: int
) -> HelpRequest | None:
    """The family collected their things: logs it and thanks them."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        if not await uow.requests.mark_handed_over(request.reference, now):
            return await _if_decided_so(uow, request, Decision.HANDED_OVER)
        crash_point("request.decided")
        return await _recorded(services, uow, admin, request, Decision.HANDED_OVER, None)


async def _if_decided_so(
    uow: UnitOfWork, request: HelpRequest, decision: Decision, **details: Any
) -> HelpRequest | None:
    stored = await uow.requests.get(request.id)
    return stored if stored is not None and stored.decided_so(decision, **details) else None


async def _recorded(
    services: Services,
    uow: UnitOfWork,
    admin: int,
    request: HelpRequest,
    decision: Decision,
    details: str | None,
) -> HelpRequest:
    """The audit row and the family's notice of a decision, in the decision's transaction."""
    now = services.clock.now()
    await uow.audit.record(
        admin, f"request.{decision.value}", now, subject=request.reference, details=details
    )
    fresh = await uow.requests.get(request.id)
    assert fresh is not None
    render, key = await _family_notice(services, uow, fresh)
    if render is not None and fresh.user_id is not None:
        await services.notifier.send_to_user(
            fresh.user_id, render, dedup_key=message_key_prefix(fresh.reference) + key
        )
    return fresh


async def _family_notice(
    services: Services, uow: UnitOfWork, request: HelpRequest
) -> tuple[Render | None, str]:
    organisation = services.organisation
    match request.status:
        case RequestStatus.APPROVED:
            day = await uow.days.get(request.dropoff_day_id) if request.dropoff_day_id else None
            return family_notices.approved(organisation, request, day), "approved"
        case RequestStatus.NEEDS_INFO:
            waiting = await uow.requests.unanswered_question(request.reference)
            if waiting is None or waiting.question is None:
                return None, ""
            return family_notices.question(request, waiting.question), f"question:{waiting.id}"
        case RequestStatus.DECLINED:
            return family_notices.declined(organisation, request), "declined"
        case RequestStatus.HANDED_OVER:
            return family_notices.handed_over(request), "handed_over"
    return None, ""
