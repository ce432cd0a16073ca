"""Owners' role changes as actions: the role row, its audit row and the person's notice commit
together, or none of them does (a crash right after the first write)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.crash_points import CrashPointReached
from bot.services import Services
from domain.clock import to_db
from domain.roles import GrantedRole
from handlers.admins import actions
from tests.integration.conftest import ACTION_NOW, table_counts

OWNER, LONE = 9001, 7001
WRITTEN = ("roles", "audit_log", "outbox")


@pytest.fixture
async def services(app_services: Services) -> Services:
    """Lone has written to the bot (so a notice can reach her)."""
    await app_services.db.execute(
        "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, 'da', ?, ?)",
        (LONE, to_db(ACTION_NOW), to_db(ACTION_NOW)),
    )
    return app_services


async def test_granting_stores_the_role_its_audit_row_and_the_notice(services: Services) -> None:
    before = await table_counts(services, *WRITTEN)

    assert await actions.grant_role(services, OWNER, LONE, GrantedRole.COORDINATOR)

    assert await services.repos.roles.role_of(LONE) is GrantedRole.COORDINATOR
    assert await table_counts(services, *WRITTEN) == {t: before[t] + 1 for t in WRITTEN}
    [entry] = await services.repos.audit.latest(1)
    assert (entry.action, entry.subject, entry.details) == (
        "role.grant",
        f"user:{LONE}",
        "coordinator",
    )


@pytest.mark.parametrize("role", list(GrantedRole))
async def test_a_crash_after_the_role_is_written_leaves_nothing_half_done(
    services: Services, crash_at: Callable[[str], None], role: GrantedRole
) -> None:
    before = await table_counts(services, *WRITTEN)
    crash_at("role.granted")

    with pytest.raises(CrashPointReached):
        await actions.grant_role(services, OWNER, LONE, role)

    assert await services.repos.roles.role_of(LONE) is None
    assert await table_counts(services, *WRITTEN) == before
    # The same press again goes through in full.
    assert await actions.grant_role(services, OWNER, LONE, role)
    assert await table_counts(services, *WRITTEN) == {t: before[t] + 1 for t in WRITTEN}


async def test_a_doubled_grant_changes_nothing(services: Services) -> None:
    assert await actions.grant_role(services, OWNER, LONE, GrantedRole.ADMIN)
    before = await table_counts(services, *WRITTEN)

    assert not await actions.grant_role(services, OWNER, LONE, GrantedRole.ADMIN)
    assert await table_counts(services, *WRITTEN) == before


async def test_a_crash_while_removing_a_role_keeps_it_and_then_it_goes_in_full(
    services: Services, crash_at: Callable[[str], None]
) -> None:
    assert await actions.grant_role(services, OWNER, LONE, GrantedRole.ADMIN)
    before = await table_counts(services, *WRITTEN)
    crash_at("role.revoked")

    with pytest.raises(CrashPointReached):
        await actions.revoke_role(services, OWNER, LONE)

    assert await services.repos.roles.role_of(LONE) is GrantedRole.ADMIN
    assert await table_counts(services, *WRITTEN) == before
    assert await actions.revoke_role(services, OWNER, LONE) is GrantedRole.ADMIN
    after = await table_counts(services, *WRITTEN)
    assert after == {
        "roles": 0,
        "audit_log": before["audit_log"] + 1,
        "outbox": before["outbox"] + 1,
    }
    assert await actions.revoke_role(services, OWNER, LONE) is None
