"""Who may do what. Every permission check goes through here, so roles can grow in one place.

The people in ADMIN_IDS are owners (and so admins). Owners give the admin and coordinator roles
in the chat (/admins); those live in the roles table. Coordinators manage drop-off days and
shifts but not requests.
"""

from __future__ import annotations

from enum import IntEnum

from bot.services import Services
from storage.roles import RoleRepository


class Role(IntEnum):
    NONE = 0
    COORDINATOR = 1
    ADMIN = 2
    OWNER = 3


async def role_of(services: Services, user_id: int | None) -> Role:
    if user_id is None:
        return Role.NONE
    if user_id in services.settings.admin_ids:
        return Role.OWNER
    stored = await RoleRepository(services.db).role_of(user_id)
    if stored == "admin":
        return Role.ADMIN
    if stored == "coordinator":
        return Role.COORDINATOR
    return Role.NONE


async def is_admin(services: Services, user_id: int | None) -> bool:
    """Reviews offers and requests, posts announcements."""
    return await role_of(services, user_id) >= Role.ADMIN


async def can_manage_days(services: Services, user_id: int | None) -> bool:
    """Creates and changes drop-off days and shifts (coordinators too)."""
    return await role_of(services, user_id) >= Role.COORDINATOR


async def is_owner(services: Services, user_id: int | None) -> bool:
    return await role_of(services, user_id) >= Role.OWNER
