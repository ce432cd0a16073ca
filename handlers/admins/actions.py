"""What owners do to roles, each in one transaction: the role row, its audit row and the
person's notice commit together, or none of them does.

No Telegram here: the person's command list (a Bot API call) is changed by the handler after
the action has committed (grants.set_commands).
"""

from __future__ import annotations

import logging

from bot.crash_points import crash_point
from bot.services import Services
from domain.roles import GrantedRole
from handlers.admins.texts import granted_notice, revoked_notice

logger = logging.getLogger(__name__)


async def grant_role(services: Services, owner: int, target: int, role: GrantedRole) -> bool:
    """Gives the role (replacing another one), logs it and queues the person's notice; False
    when they had it already (a doubled press changes nothing)."""
    now = services.clock.now()
    org = services.organisation.name
    async with services.unit_of_work() as uow:
        if not await uow.roles.grant(target, role, owner, now):
            return False
        crash_point("role.granted")
        await uow.audit.record(owner, "role.grant", now, subject=f"user:{target}", details=role)
        await services.notifier.send_to_user(
            target,
            lambda t: (granted_notice(t, role, org), None),
            dedup_key=f"role:{target}:{role}:{now.timestamp():.0f}",
        )
    logger.info("User %s is now %s (by %s)", target, role, owner)
    return True


async def revoke_role(services: Services, owner: int, target: int) -> GrantedRole | None:
    """Takes the person's role away, logs it and queues their thanks; None when they had none."""
    now = services.clock.now()
    async with services.unit_of_work() as uow:
        role = await uow.roles.role_of(target)
        if role is None or not await uow.roles.revoke(target, role):
            return None
        crash_point("role.revoked")
        await uow.audit.record(owner, "role.revoke", now, subject=f"user:{target}", details=role)
        await services.notifier.send_to_user(
            target,
            lambda t: (revoked_notice(t, role), None),
            dedup_key=f"role:{target}:revoke:{now.timestamp():.0f}",
        )
    logger.info("User %s is no longer %s (by %s)", target, role, owner)
    return role
