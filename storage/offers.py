"""Offers from donors: stored once per draft, decided by admins, withdrawn by donors, erasable.

Every change of status is a single guarded UPDATE (`… WHERE status IN (allowed)`), so a doubled
or stale button press changes nothing and the caller learns so from the returned False.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.clock import to_db
from domain.days import DropoffDay
from domain.offer_draft import OfferDraft, Step, missing_steps
from domain.offer_models import Offer, OfferAdminMessage, OfferPhoto
from domain.offers import (
    TRANSITIONS,
    Handover,
    OfferAction,
    OfferStatus,
    parse_reference,
)
from storage.db import Database
from storage.offer_questions import OfferQuestions, marks


class IncompleteDraft(ValueError):
    """The draft misses steps; the handler should have asked them before "send"."""

    def __init__(self, missing: list[Step]) -> None:
        super().__init__(f"draft misses {', '.join(missing)}")
        self.missing = missing


class DropoffDayUnavailable(ValueError):
    """The chosen drop-off day was cancelled, deleted or is over; the donor picks another."""


class OfferRepository(OfferQuestions):
    """Offers, their photos and admin messages; the board's questions come from OfferQuestions."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def add_from_draft(
        self, draft: OfferDraft, donor_id: int, now: datetime
    ) -> tuple[Offer, bool]:
        """Stores the draft as a pending offer with its photos; (offer, created).

        The same draft again (a doubled "send", a redelivered update) returns the offer stored
        the first time with created=False, even after that day has passed.
        """
        missing = missing_steps(draft, None)
        if missing or draft.category_key is None:
            raise IncompleteDraft(missing)
        stamp = to_db(now)
        pickup = draft.handover is Handover.PICKUP
        async with self.db.transaction():
            existing = await self._one("WHERE idempotency_key = ?", (draft.draft_id,))
            if existing is not None:
                return existing, False
            if not pickup:
                await self._require_open_day(draft.dropoff_day_id, now)
            offer_id = await self.db.insert(
                "INSERT INTO offers (donor_id, category_key, description, size, quantity,"
                " condition, handover, dropoff_day_id, pickup_address, pickup_postcode, phone,"
                " idempotency_key, created_at, updated_at, wanted_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    donor_id,
                    draft.category_key,
                    draft.description,
                    draft.size,
                    draft.quantity,
                    draft.condition,
                    draft.handover,
                    None if pickup else draft.dropoff_day_id,
                    draft.pickup_address if pickup else None,
                    draft.pickup_postcode if pickup else None,
                    draft.phone,
                    draft.draft_id,
                    stamp,
                    stamp,
                    draft.wanted_id,
                ),
            )
            assert offer_id is not None
            await self.db.executemany(
                "INSERT INTO offer_photos (offer_id, position, file_id, file_unique_id, caption)"
                " VALUES (?, ?, ?, ?, ?)",
                [
                    (offer_id, position, photo.file_id, photo.file_unique_id, photo.caption)
                    for position, photo in enumerate(draft.photos, start=1)
                ],
            )
            offer = await self.get(offer_id)
        assert offer is not None
        return offer, True

    async def _require_open_day(self, day_id: int | None, now: datetime) -> None:
        row = await self.db.fetchone("SELECT * FROM dropoff_days WHERE id = ?", (day_id,))
        day = None if row is None else DropoffDay.model_validate(dict(row))
        if day is None or day.cancelled or day.ends_at <= now:
            raise DropoffDayUnavailable(f"drop-off day {day_id} is not open")

    async def get(self, offer_id: int) -> Offer | None:
        return await self._one("WHERE id = ?", (offer_id,))

    async def get_by_reference(self, reference: str) -> Offer | None:
        """'G-1042', 'g 1042', '1042' …; None when it does not parse or does not exist."""
        offer_id = parse_reference(reference)
        return None if offer_id is None else await self.get(offer_id)

    async def list_open(self, limit: int = 50) -> list[Offer]:
        """Offers awaiting an admin's answer, oldest first."""
        return await self._many(
            "WHERE status = ? ORDER BY created_at, id LIMIT ?", (OfferStatus.PENDING, limit)
        )

    async def list_for_donor(self, donor_id: int, limit: int = 20) -> list[Offer]:
        """The donor's offers, newest first."""
        return await self._many(
            "WHERE donor_id = ? ORDER BY created_at DESC, id DESC LIMIT ?", (donor_id, limit)
        )

    async def withdraw(self, offer_id: int, donor_id: int, now: datetime) -> bool:
        """Only the offer's own donor, while it awaits an answer or is accepted; an accepted
        one gives up its handover and drop-off day (the day no longer counts it)."""
        frees = ", accepted_handover = NULL, accepted_day_id = NULL"
        return await self._move(offer_id, OfferAction.WITHDRAW, now, frees, (), donor_id=donor_id)

    async def accept(
        self, offer_id: int, admin_id: int, now: datetime, dropoff_day_id: int | None
    ) -> bool:
        """Accepted for a drop-off day, or (day None) "we will contact you about pickup"."""
        handover = Handover.PICKUP if dropoff_day_id is None else Handover.DROPOFF
        return await self._move(
            offer_id,
            OfferAction.ACCEPT,
            now,
            ", decided_by = ?, decided_at = ?, accepted_handover = ?, accepted_day_id = ?",
            (admin_id, to_db(now), handover, dropoff_day_id),
        )

    async def decline(
        self,
        offer_id: int,
        admin_id: int,
        now: datetime,
        *,
        preset: int | None = None,
        text: str | None = None,
    ) -> bool:
        """Declined with one of the profile's reasons (its index) or a typed one, or neither."""
        return await self._move(
            offer_id,
            OfferAction.DECLINE,
            now,
            ", decided_by = ?, decided_at = ?, decline_preset = ?, decline_text = ?",
            (admin_id, to_db(now), preset, text),
        )

    async def mark_received(self, offer_id: int, admin_id: int, now: datetime) -> bool:
        return await self._move(
            offer_id,
            OfferAction.RECEIVE,
            now,
            ", received_by = ?, received_at = ?",
            (admin_id, to_db(now)),
        )

    async def _move(
        self,
        offer_id: int,
        action: OfferAction,
        now: datetime,
        extra_sets: str,
        extra_params: tuple[Any, ...],
        donor_id: int | None = None,
    ) -> bool:
        sources, target = TRANSITIONS[action]
        sql = (
            f"UPDATE offers SET status = ?, updated_at = ?{extra_sets}"
            f" WHERE id = ? AND status IN ({marks(sources)})"
        )
        params: list[Any] = [target, to_db(now), *extra_params, offer_id, *sorted(sources)]
        if donor_id is not None:
            sql += " AND donor_id = ?"
            params.append(donor_id)
        return await self.db.execute(sql, params) > 0

    async def photos(self, offer_id: int) -> list[OfferPhoto]:
        rows = await self.db.fetchall(
            "SELECT * FROM offer_photos WHERE offer_id = ? ORDER BY position", (offer_id,)
        )
        return [OfferPhoto.model_validate(dict(row)) for row in rows]

    async def record_admin_message(self, offer_id: int, chat_id: int, message_id: int) -> None:
        """Remembers an admin-chat message showing the offer (to edit it after a decision)."""
        await self.db.execute(
            "INSERT OR IGNORE INTO offer_admin_messages (chat_id, message_id, offer_id)"
            " VALUES (?, ?, ?)",
            (chat_id, message_id, offer_id),
        )

    async def admin_messages(self, offer_id: int) -> list[OfferAdminMessage]:
        rows = await self.db.fetchall(
            "SELECT * FROM offer_admin_messages WHERE offer_id = ? ORDER BY chat_id, message_id",
            (offer_id,),
        )
        return [OfferAdminMessage.model_validate(dict(row)) for row in rows]

    async def offer_for_admin_message(self, chat_id: int, message_id: int) -> Offer | None:
        """The offer an admin replied to (a reply to its message asks the donor a question)."""
        return await self._one(
            "WHERE id = (SELECT offer_id FROM offer_admin_messages"
            " WHERE chat_id = ? AND message_id = ?)",
            (chat_id, message_id),
        )

    async def booked_on_day(self, day_id: int) -> list[Offer]:
        """Open offers tied to a drop-off day, to tell their donors when the day changes.

        Pending ones count by the day the donor chose; accepted ones by the day accepted.
        """
        return await self._many(
            "WHERE donor_id IS NOT NULL AND ((status = ? AND dropoff_day_id = ?)"
            " OR (status = ? AND accepted_day_id = ?)) ORDER BY id",
            (OfferStatus.PENDING, day_id, OfferStatus.ACCEPTED, day_id),
        )

    async def erase_donor(self, donor_id: int, now: datetime) -> list[int]:
        """Anonymises every offer of the donor; returns their ids (to edit admin messages).

        Pending offers become withdrawn: nobody could be told the answer. Accepted ones keep
        their status, as the things may still arrive. Callers should checkpoint the WAL after
        the whole erasure (PRAGMA wal_checkpoint(TRUNCATE)) so no old page copies remain.
        """
        stamp = to_db(now)
        async with self.db.transaction():
            rows = await self.db.fetchall("SELECT id FROM offers WHERE donor_id = ?", (donor_id,))
            ids = [row["id"] for row in rows]
            if not ids:
                return []
            id_marks = marks(ids)
            await self.db.execute(
                f"UPDATE offers SET status = ? WHERE id IN ({id_marks}) AND status = ?",
                (OfferStatus.WITHDRAWN, *ids, OfferStatus.PENDING),
            )
            await self.db.execute(f"DELETE FROM offer_photos WHERE offer_id IN ({id_marks})", ids)
            await self.db.execute(
                "UPDATE offer_questions SET question = NULL, answer = NULL, anonymised_at = ?"
                f" WHERE offer_id IN ({id_marks})",
                (stamp, *ids),
            )
            await self.db.execute(
                "UPDATE offers SET donor_id = NULL, description = NULL, pickup_address = NULL,"
                " pickup_postcode = NULL, phone = NULL, decline_text = NULL,"
                " idempotency_key = NULL, anonymised_at = ?, updated_at = ?"
                f" WHERE id IN ({id_marks})",
                (stamp, stamp, *ids),
            )
        return ids

    async def _one(self, where: str, params: tuple[Any, ...]) -> Offer | None:
        row = await self.db.fetchone(f"SELECT * FROM offers {where}", params)
        return None if row is None else Offer.model_validate(dict(row))

    async def _many(self, where: str, params: tuple[Any, ...]) -> list[Offer]:
        rows = await self.db.fetchall(f"SELECT * FROM offers {where}", params)
        return [Offer.model_validate(dict(row)) for row in rows]
