"""Roles given in the chat: admins and coordinators (owners come from ADMIN_IDS, not from here)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from domain.clock import to_db
from domain.roles import GrantedRole
from storage.db import Database


class RoleGrant(BaseModel):
    model_config = ConfigDict(frozen=True)
    user_id: int
    role: GrantedRole
    granted_by: int
    granted_at: datetime


class RoleRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def role_of(self, user_id: int) -> GrantedRole | None:
        role = await self.db.fetchval("SELECT role FROM roles WHERE user_id = ?", (user_id,))
        try:
            return GrantedRole(role)
        except ValueError:  # no role (None), or one this version does not know
            return None

    async def grant(self, user_id: int, role: GrantedRole, by: int, now: datetime) -> bool:
        """Gives the role (replacing another one); False when the person had it already."""
        changed = await self.db.execute(
            "INSERT INTO roles (user_id, role, granted_by, granted_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET role = excluded.role,"
            " granted_by = excluded.granted_by, granted_at = excluded.granted_at"
            " WHERE roles.role <> excluded.role",
            (user_id, role, by, to_db(now)),
        )
        return changed == 1

    async def revoke(self, user_id: int, role: GrantedRole | None = None) -> bool:
        """Takes the role away (only that role when given); False when there was nothing to take."""
        if role is None:
            changed = await self.db.execute("DELETE FROM roles WHERE user_id = ?", (user_id,))
        else:
            changed = await self.db.execute(
                "DELETE FROM roles WHERE user_id = ? AND role = ?", (user_id, role)
            )
        return changed == 1

    async def all(self) -> list[RoleGrant]:
        rows = await self.db.fetchall("SELECT * FROM roles ORDER BY role, granted_at, user_id")
        return [RoleGrant.model_validate(dict(row)) for row in rows]

    async def names(self, user_ids: list[int]) -> dict[int, str]:
        """Names we know (volunteers gave theirs), so owners see more than a number."""
        if not user_ids:
            return {}
        marks = ",".join("?" * len(user_ids))
        rows = await self.db.fetchall(
            f"SELECT user_id, name FROM volunteers WHERE user_id IN ({marks}) AND name <> ''",
            user_ids,
        )
        return {row["user_id"]: row["name"] for row in rows}

    async def volunteers_without_role(self, limit: int = 30) -> list[tuple[int, str]]:
        """Approved volunteers (user id, name) who could become coordinators."""
        rows = await self.db.fetchall(
            "SELECT v.user_id, v.name FROM volunteers v LEFT JOIN roles r ON r.user_id = v.user_id"
            " WHERE v.status = 'approved' AND r.user_id IS NULL"
            " ORDER BY v.name COLLATE NOCASE, v.id LIMIT ?",
            (limit,),
        )
        return [(row["user_id"], row["name"]) for row in rows]

    async def is_volunteer(self, user_id: int) -> bool:
        found = await self.db.fetchval(
            "SELECT 1 FROM volunteers WHERE user_id = ? AND status = 'approved'", (user_id,)
        )
        return found is not None
