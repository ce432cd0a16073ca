"""What the family and the board do to a help request: each action's records, audit row and
notices commit together, or none of them does (a crash right after the first write)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.crash_points import CrashPointReached
from bot.services import Services
from domain.request_models import HelpRequest
from domain.requests import RequestStatus
from handlers.requests import actions
from tests.integration.conftest import ACTION_NOW, table_counts
from tests.integration.test_personal_data import draft

FAMILY, ADMIN = 1001, 9001
WRITTEN = ("help_requests", "help_request_questions", "audit_log", "outbox")


async def sent_request(services: Services) -> HelpRequest:
    request, created = await actions.send_request(services, draft(), FAMILY, None)
    assert created
    return request


async def status_of(services: Services, request: HelpRequest) -> RequestStatus:
    fresh = await services.repos.requests.get(request.id)
    assert fresh is not None
    return fresh.status


async def notice(services: Services, request: HelpRequest, key: str) -> bool:
    dedup_key = f"request:{request.reference}:{key}"
    return await services.outbox.get_by_dedup_key(dedup_key) is not None


async def test_a_crash_after_the_request_is_stored_leaves_no_request_and_no_card(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    before = await table_counts(app_services, *WRITTEN)
    finished = draft()
    crash_at("request.sent")

    with pytest.raises(CrashPointReached):
        await actions.send_request(app_services, finished, FAMILY, None)

    assert await table_counts(app_services, *WRITTEN) == before
    # Sent again (the same draft), it goes through in full: the request and the admin's card.
    request, created = await actions.send_request(app_services, finished, FAMILY, None)
    assert created and request.children_count == 1
    assert await notice(app_services, request, f"new:{ADMIN}")
    # A second send of the same draft stores and queues nothing more.
    after = await table_counts(app_services, *WRITTEN)
    assert (await actions.send_request(app_services, finished, FAMILY, None))[1] is False
    assert await table_counts(app_services, *WRITTEN) == after


DECISIONS = {
    "approve": (
        lambda s, r: actions.approve_request(s, r, ADMIN, text="Fredag kl. 15"),
        RequestStatus.APPROVED,
        "approved",
    ),
    "ask": (
        lambda s, r: actions.ask_family(s, r, ADMIN, "Hvilken størrelse?"),
        RequestStatus.NEEDS_INFO,
        "question:1",
    ),
    "decline": (
        lambda s, r: actions.decline_request(s, r, ADMIN, preset=0),
        RequestStatus.DECLINED,
        "declined",
    ),
}


@pytest.mark.parametrize("decision", sorted(DECISIONS))
async def test_a_crash_after_the_boards_decision_is_written_leaves_nothing_half_done(
    app_services: Services, crash_at: Callable[[str], None], decision: str
) -> None:
    decide, status, key = DECISIONS[decision]
    request = await sent_request(app_services)
    before = await table_counts(app_services, *WRITTEN)
    crash_at("request.decided")

    with pytest.raises(CrashPointReached):
        await decide(app_services, request)

    assert await status_of(app_services, request) is RequestStatus.PENDING
    assert await table_counts(app_services, *WRITTEN) == before
    # Nothing was lost either: the same decision, made again, goes through in full.
    decided = await decide(app_services, request)
    assert decided is not None and decided.status is status
    audit = await app_services.db.fetchval("SELECT action FROM audit_log ORDER BY id DESC")
    assert audit == f"request.{decision}"
    assert await notice(app_services, request, key)


async def test_a_crash_after_the_hand_over_is_written_leaves_nothing_half_done(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    request = await sent_request(app_services)
    assert await actions.approve_request(app_services, request, ADMIN, text="Fredag") is not None
    before = await table_counts(app_services, *WRITTEN)
    crash_at("request.decided")

    with pytest.raises(CrashPointReached):
        await actions.mark_handed_over(app_services, request, ADMIN)

    assert await status_of(app_services, request) is RequestStatus.APPROVED
    assert await table_counts(app_services, *WRITTEN) == before
    handed = await actions.mark_handed_over(app_services, request, ADMIN)
    assert handed is not None and handed.status is RequestStatus.HANDED_OVER
    assert await notice(app_services, request, "handed_over")


async def test_a_decision_on_a_request_that_moved_on_changes_nothing(
    app_services: Services,
) -> None:
    request = await sent_request(app_services)
    assert await actions.decline_request(app_services, request, ADMIN, text="Nej") is not None
    before = await table_counts(app_services, *WRITTEN)

    assert await actions.approve_request(app_services, request, ADMIN, text="Fredag") is None
    assert await actions.ask_family(app_services, request, ADMIN, "?") is None
    assert await table_counts(app_services, *WRITTEN) == before


async def test_a_crash_after_the_familys_answer_is_stored_leaves_it_unanswered(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    request = await sent_request(app_services)
    assert await actions.ask_family(app_services, request, ADMIN, "Hvilken størrelse?")
    question = await app_services.repos.requests.unanswered_question(request.reference)
    assert question is not None
    before = await table_counts(app_services, *WRITTEN)
    crash_at("request.answered")

    with pytest.raises(CrashPointReached):
        await actions.relay_answer(app_services, FAMILY, request, question, "Str. 128")

    assert await status_of(app_services, request) is RequestStatus.NEEDS_INFO
    assert await app_services.repos.requests.unanswered_question(request.reference) == question
    assert await table_counts(app_services, *WRITTEN) == before
    fresh = await actions.relay_answer(app_services, FAMILY, request, question, "Str. 128")
    assert fresh is not None and fresh.status is RequestStatus.PENDING
    assert await notice(app_services, request, f"answer:{question.id}:{ADMIN}")
    # Answered once: a second answer is neither stored nor relayed.
    assert await actions.relay_answer(app_services, FAMILY, request, question, "Igen") is None


async def handed_over(services: Services) -> HelpRequest:
    request = await sent_request(services)
    assert await actions.approve_request(services, request, ADMIN, text="Fredag") is not None
    handed = await actions.mark_handed_over(services, request, ADMIN)
    assert handed is not None
    return handed


async def test_a_crash_after_the_feedback_question_is_marked_leaves_it_unasked(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    request = await handed_over(app_services)
    crash_at("request.feedback_asked")

    with pytest.raises(CrashPointReached):
        await actions.ask_for_feedback(app_services, request, ACTION_NOW)

    fresh = await app_services.repos.requests.get(request.id)
    assert fresh is not None and fresh.feedback_asked_at is None
    assert not await notice(app_services, request, "feedback_question")
    assert await actions.ask_for_feedback(app_services, request, ACTION_NOW)
    assert await notice(app_services, request, "feedback_question")
    assert not await actions.ask_for_feedback(app_services, request, ACTION_NOW)  # once


async def test_a_crash_after_the_feedback_words_are_kept_leaves_neither_words_nor_notice(
    app_services: Services, crash_at: Callable[[str], None]
) -> None:
    request = await handed_over(app_services)
    assert await actions.record_score(app_services, request, FAMILY, 4)
    scored = await app_services.repos.requests.get(request.id)
    assert scored is not None
    before = await table_counts(app_services, *WRITTEN)
    crash_at("request.feedback")

    with pytest.raises(CrashPointReached):
        await actions.finish_feedback(app_services, scored, FAMILY, "Tak for hjælpen")

    fresh = await app_services.repos.requests.get(request.id)
    assert fresh is not None and fresh.feedback_comment is None
    assert await table_counts(app_services, *WRITTEN) == before
    await actions.finish_feedback(app_services, scored, FAMILY, "Tak for hjælpen")
    fresh = await app_services.repos.requests.get(request.id)
    assert fresh is not None and fresh.feedback_comment == "Tak for hjælpen"
    assert await notice(app_services, request, f"feedback:{ADMIN}")
    assert not await actions.record_score(app_services, request, FAMILY, 5)  # kept once
