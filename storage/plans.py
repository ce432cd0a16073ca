"""Repeating drop-off plans, and rolling them forward into concrete days."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from domain.clock import to_db
from domain.days import DropoffDay, DropoffPlan
from domain.dropoff import PlanRule, plan_days
from storage.db import Database
from storage.dropoff_days import DropoffDayRepository

DEFAULT_WEEKS_AHEAD = 8


def plan_rule(plan: DropoffPlan) -> PlanRule:
    """The stored plan as the domain rule that computes its days."""
    return PlanRule(
        weekday=plan.weekday,
        weeks=plan.weeks,
        start=plan.start_time,
        end=plan.end_time,
        volunteers_needed=plan.volunteers_needed,
        place=plan.place,
    )


class PlanRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def create(
        self,
        rule: PlanRule,
        *,
        default_place: str,
        created_by: int | None,
        now: datetime,
        weeks_ahead: int = DEFAULT_WEEKS_AHEAD,
    ) -> DropoffPlan:
        """Stores a plan; the rule's place, or the profile's address when it has none."""
        async with self.db.transaction():
            plan_id = await self.db.insert(
                "INSERT INTO dropoff_plans (weekday, weeks, start_time, end_time,"
                " volunteers_needed, place, weeks_ahead, created_by, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    rule.weekday,
                    ",".join(str(week) for week in rule.weeks),
                    f"{rule.start:%H:%M}",
                    f"{rule.end:%H:%M}",
                    rule.volunteers_needed,
                    rule.place or default_place,
                    weeks_ahead,
                    created_by,
                    to_db(now),
                ),
            )
            assert plan_id is not None
            plan = await self.get(plan_id)
        assert plan is not None
        return plan

    async def get(self, plan_id: int) -> DropoffPlan | None:
        row = await self.db.fetchone("SELECT * FROM dropoff_plans WHERE id = ?", (plan_id,))
        return None if row is None else DropoffPlan.model_validate(dict(row))

    async def list_active(self) -> list[DropoffPlan]:
        rows = await self.db.fetchall("SELECT * FROM dropoff_plans WHERE active = 1 ORDER BY id")
        return [DropoffPlan.model_validate(dict(row)) for row in rows]

    async def stop(self, plan_id: int, now: datetime) -> bool:
        """No new days from this plan; the days it already made stay (cancel them one by one)."""
        changed = await self.db.execute(
            "UPDATE dropoff_plans SET active = 0, stopped_at = ? WHERE id = ? AND active = 1",
            (to_db(now), plan_id),
        )
        return bool(changed)

    async def roll_forward(self, zone: ZoneInfo, now: datetime) -> list[DropoffDay]:
        """Creates every active plan's coming days up to its weeks_ahead; returns the new ones.

        Run it at start and daily: it is idempotent, and never creates a day already begun.
        """
        days = DropoffDayRepository(self.db)
        today = now.astimezone(zone).date()
        created: list[DropoffDay] = []
        for plan in await self.list_active():
            last = today + timedelta(weeks=plan.weeks_ahead)
            slots = [
                slot
                for slot in plan_days(plan_rule(plan), zone, today, last)
                if slot.starts_at > now
            ]
            created += await days.ensure_from_plan(
                plan.id,
                slots,
                place=plan.place,
                volunteers_needed=plan.volunteers_needed,
                created_by=plan.created_by,
                now=now,
            )
        return created
