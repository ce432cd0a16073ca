"""Subscriptions to topics (drop-off days, julehjælp, news): only ever after a yes."""

from __future__ import annotations

from datetime import datetime

from domain.clock import to_db
from domain.subscriptions import TOPICS, Topic, TopicName
from storage.db import Database

__all__ = ["TOPICS", "SubscriptionRepository", "Topic"]


class SubscriptionRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def subscribe(self, user_id: int, topic: Topic | TopicName, now: datetime) -> bool:
        """True when this is new."""
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO subscriptions (user_id, topic, subscribed_at) VALUES (?, ?, ?)",
            (user_id, topic, to_db(now)),
        )
        return changed == 1

    async def unsubscribe(self, user_id: int, topic: Topic | TopicName) -> bool:
        changed = await self.db.execute(
            "DELETE FROM subscriptions WHERE user_id = ? AND topic = ?", (user_id, topic)
        )
        return changed == 1

    async def unsubscribe_all(self, user_id: int) -> int:
        return await self.db.execute("DELETE FROM subscriptions WHERE user_id = ?", (user_id,))

    async def topics_of(self, user_id: int) -> set[Topic]:
        rows = await self.db.fetchall(
            "SELECT topic FROM subscriptions WHERE user_id = ?", (user_id,)
        )
        return {Topic(row["topic"]) for row in rows if row["topic"] in TOPICS}

    async def subscribers(self, topic: Topic | TopicName, reachable_only: bool = True) -> list[int]:
        sql = (
            "SELECT s.user_id FROM subscriptions s LEFT JOIN users u ON u.id = s.user_id"
            " WHERE s.topic = ?"
        )
        if reachable_only:
            sql += " AND u.unreachable_at IS NULL"
        rows = await self.db.fetchall(sql + " ORDER BY s.user_id", (topic,))
        return [row["user_id"] for row in rows]
