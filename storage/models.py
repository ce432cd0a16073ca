"""Pydantic models the repositories return. Plain data: no Telegram, no SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Language = Literal["da", "en", "uk", "ar"]
OutboxStatus = Literal["pending", "sending", "sent", "blocked", "failed", "uncertain"]


class User(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    language: Language
    language_chosen: bool
    created_at: datetime
    last_seen_at: datetime
    unreachable_at: datetime | None = None


class OutboxMessage(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    chat_id: int
    method: str
    payload: dict[str, Any]
    dedup_key: str | None
    batch_id: int | None
    priority: int
    status: OutboxStatus
    attempts: int
    not_before: datetime
    created_at: datetime
    sent_at: datetime | None = None
    message_id: int | None = None
    last_error: str | None = None
