"""Who may do what: the ranked roles, and the two an owner gives in the chat (/admins).

The people in ADMIN_IDS are owners (and so admins). Owners give the admin and coordinator roles;
those are stored (storage/roles.py). Coordinators manage drop-off days and shifts but not
offers, requests or announcements.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class Role(IntEnum):
    """Ranked: each role may do what the ones below it may."""

    NONE = 0
    COORDINATOR = 1
    ADMIN = 2
    OWNER = 3


class GrantedRole(StrEnum):
    """A role given in the chat, as the roles table stores it."""

    ADMIN = "admin"
    COORDINATOR = "coordinator"

    @property
    def rank(self) -> Role:
        return Role.ADMIN if self is GrantedRole.ADMIN else Role.COORDINATOR
