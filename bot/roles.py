"""Who may do what. Every permission check goes through here, so roles can grow in one place.

The roles themselves are in domain/roles.py; handlers/common/access.py turns these checks into
the board's admin_only / owner_only with their one refusal text each.
"""

from __future__ import annotations

from bot.services import Services
from domain.roles import Role

__all__ = ["Role", "can_manage_days", "is_admin", "is_owner", "role_of"]


async def role_of(services: Services, user_id: int | None) -> Role:
    if user_id is None:
        return Role.NONE
    if user_id in services.settings.admin_ids:
        return Role.OWNER
    granted = await services.repos.roles.role_of(user_id)
    return Role.NONE if granted is None else granted.rank


async def is_admin(services: Services, user_id: int | None) -> bool:
    """Reviews offers and requests, posts announcements."""
    return await role_of(services, user_id) >= Role.ADMIN


async def can_manage_days(services: Services, user_id: int | None) -> bool:
    """Creates and changes drop-off days and shifts (coordinators too)."""
    return await role_of(services, user_id) >= Role.COORDINATOR


async def is_owner(services: Services, user_id: int | None) -> bool:
    return await role_of(services, user_id) >= Role.OWNER
