"""One person's data across every table: the /mydata export and the /deletedata erasure.

Each journey's repository knows how to erase its own rows; this module calls them all, and adds
what no journey owns: the users row, the person's PTB persistence rows (drafts, conversation
states) and the outbox rows to their chat or about their requests and offers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.clock import to_db
from domain.shifts import Promotion
from storage.board_copies import BoardCopyRepository
from storage.db import Database
from storage.offers import OfferRepository
from storage.outbox import OutboxRepository
from storage.requests import RequestRepository
from storage.shifts import ShiftRepository
from storage.subscriptions import SubscriptionRepository
from storage.threads import ThreadRepository
from storage.volunteers import VolunteerRepository

# Fields that mean something only to the database or to Telegram's servers (row ids, links to
# other rows, the draft id that stops a doubled send, who on the board pressed): left out of
# the person's copy, which is for reading (handlers/privacy/export_texts.py labels the rest).
INTERNAL_FIELDS = frozenset(
    {
        "id",
        "user_id",
        "donor_id",
        "volunteer_id",
        "thread_id",
        "dropoff_day_id",
        "accepted_day_id",
        "decided_by",
        "received_by",
        "marked_by",
        "asked_by",
        "author_id",
        "closed_by",
        "decline_preset",
        "idempotency_key",
        "anonymised_at",
        "language_chosen",
        "file_id",
        "file_unique_id",
        "source_key",
        "wanted_id",
    }
)


def public(item: dict[str, Any]) -> dict[str, Any]:
    """The item without its internal fields (INTERNAL_FIELDS), nested lists and dicts too."""
    return {key: _public_value(value) for key, value in item.items() if key not in INTERNAL_FIELDS}


def _public_value(value: Any) -> Any:
    if isinstance(value, dict):
        return public(value)
    if isinstance(value, list):
        return [_public_value(item) for item in value]
    return value


@dataclass(frozen=True)
class Erasure:
    """What was erased, so the caller can tidy the chats (admin messages, waitlists)."""

    request_references: tuple[str, ...]
    offer_ids: tuple[int, ...]
    volunteer_promotions: tuple[Promotion, ...]
    messages_forgotten: int


@dataclass(frozen=True)
class Copy:
    """One message the bot sent to someone else about the person (see copies_elsewhere).

    kind: what it shows — 'request' (a request's card), 'offer' (an offer's card), 'attendance'
    or 'roster' (a day's list of volunteers: redrawn without the person), or 'notice' (anything
    else: an answer relayed to the board, a volunteer's card, a »Write to us« message).
    about: the request's or offer's reference, or the day's id, when the kind has one.
    language: the reader's, when stored with the copy (rosters); page: a paged roster's."""

    chat_id: int
    message_id: int
    method: str
    kind: str
    about: str | None = None
    language: str | None = None
    page: int | None = None
    # An album (sendMediaGroup): which of its items carry a caption (the donor's words); its
    # items have the message ids from message_id on, in order, as Telegram sends an album.
    captioned: tuple[int, ...] = ()


def _kind_of(dedup_key: str) -> str:
    parts = dedup_key.split(":")
    if parts[0] == "request" and len(parts) > 2 and parts[2] == "new":
        return "request"
    if parts[0] == "offer" and len(parts) > 2 and parts[2] == "card":
        return "offer"
    if parts[0] == "attendance":
        return "attendance"
    return "notice"


def _about(dedup_key: str, offers: dict[int, str]) -> str | None:
    """The request's reference or the day's id in the key, or the offer's reference for the
    offer's row id in it."""
    parts = dedup_key.split(":")
    if parts[0] in ("request", "attendance") and len(parts) > 1:
        return parts[1]
    if parts[0] == "offer" and len(parts) > 1 and parts[1].isdigit():
        return offers.get(int(parts[1]))
    return None


def _rows(rows: list[Any]) -> list[dict[str, Any]]:
    return [dict(row) for row in rows]


def _conversation_key_has(key: str, user_id: int) -> bool:
    """PTB keys a conversation by [chat_id, user_id] (or one of them) as JSON text."""
    try:
        parts = json.loads(key)
    except ValueError:
        return False
    return isinstance(parts, list) and user_id in parts


def offer_message_prefix(offer_id: int) -> str:
    """The donor journey's outbox dedup keys ('offer:12:card:…', 'offer:12:question:3' …)."""
    return f"offer:{offer_id}:"


def volunteer_message_prefix(volunteer_id: int) -> str:
    """The volunteer journey's outbox dedup keys ('volunteer:4:request:…' to the admins)."""
    return f"volunteer:{volunteer_id}:"


class PersonalData:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def export(self, user_id: int, now: datetime) -> dict[str, Any]:
        """Everything stored about the person, JSON-able, read in one consistent snapshot;
        without the fields that mean something only to the database (INTERNAL_FIELDS)."""
        async with self.db.transaction():
            user = await self.db.fetchone("SELECT * FROM users WHERE id = ?", (user_id,))
            requests = await RequestRepository(self.db).export_for_user(user_id)
            await self._add_pickup_days(requests["help_requests"])
            exported: dict[str, Any] = {
                "exported_at": to_db(now),
                "telegram_user_id": user_id,
                "user": None if user is None else dict(user),
                **requests,
                "offers": await self._offers(user_id),
                "volunteer": await self._volunteer(user_id),
                "subscriptions": _rows(
                    await self.db.fetchall(
                        "SELECT topic, subscribed_at FROM subscriptions WHERE user_id = ?"
                        " ORDER BY topic",
                        (user_id,),
                    )
                ),
                "conversation_data": await self._persistence(user_id),
                "messages_to_you": await self._messages(user_id),
                "messages_to_the_board": await self._thread_messages(user_id),
            }
        conversation = exported.pop("conversation_data")
        return {**public(exported), "conversation_data": conversation}

    async def _add_pickup_days(self, requests: list[dict[str, Any]]) -> None:
        """A request's pickup day as its time and place, instead of the day's row id."""
        for item in requests:
            day_id = item.get("dropoff_day_id")
            row = None
            if day_id is not None:
                row = await self.db.fetchone(
                    "SELECT starts_at, ends_at, place FROM dropoff_days WHERE id = ?", (day_id,)
                )
            item["pickup_day"] = None if row is None else dict(row)

    async def _thread_messages(self, user_id: int) -> list[dict[str, Any]]:
        """»Write to us«: what the person wrote to the board, and the board's answers."""
        return _rows(
            await self.db.fetchall(
                "SELECT m.from_board, m.kind, m.body, m.file_name, m.created_at"
                " FROM thread_messages m JOIN threads t ON t.id = m.thread_id"
                " WHERE t.user_id = ? ORDER BY m.id",
                (user_id,),
            )
        )

    async def _offers(self, user_id: int) -> list[dict[str, Any]]:
        offers = _rows(
            await self.db.fetchall(
                "SELECT *, reference FROM offers WHERE donor_id = ? ORDER BY id", (user_id,)
            )
        )
        for offer in offers:
            offer["photos"] = _rows(
                await self.db.fetchall(
                    "SELECT position, caption FROM offer_photos WHERE offer_id = ?"
                    " ORDER BY position",
                    (offer["id"],),
                )
            )
            offer["questions"] = _rows(
                await self.db.fetchall(
                    "SELECT question, asked_at, answer, answered_at FROM offer_questions"
                    " WHERE offer_id = ? ORDER BY id",
                    (offer["id"],),
                )
            )
        return offers

    async def _volunteer(self, user_id: int) -> dict[str, Any] | None:
        row = await self.db.fetchone("SELECT * FROM volunteers WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        volunteer = dict(row)
        volunteer["skills"] = json.loads(volunteer["skills"] or "[]")
        volunteer["shifts"] = _rows(
            await self.db.fetchall(
                "SELECT d.starts_at, d.ends_at, d.place, s.status, s.signed_up_at, s.attended"
                " FROM shift_signups s JOIN dropoff_days d ON d.id = s.day_id"
                " WHERE s.volunteer_id = ? ORDER BY d.starts_at",
                (volunteer["id"],),
            )
        )
        return volunteer

    async def _persistence(self, user_id: int) -> dict[str, Any]:
        """Half-finished answers (drafts) and where each conversation stands."""
        user = await self.db.fetchval(
            "SELECT data FROM ptb_persistence WHERE kind = 'user' AND key = ?", (str(user_id),)
        )
        chat = await self.db.fetchval(
            "SELECT data FROM ptb_persistence WHERE kind = 'chat' AND key = ?", (str(user_id),)
        )
        states = {
            row["kind"].removeprefix("conv:"): json.loads(row["data"])
            for row in await self._conversation_rows(user_id)
        }
        return {
            "user_data": json.loads(user) if user else {},
            "chat_data": json.loads(chat) if chat else {},
            "conversation_steps": states,
        }

    async def _conversation_rows(self, user_id: int) -> list[Any]:
        rows = await self.db.fetchall(
            "SELECT kind, key, data FROM ptb_persistence WHERE kind LIKE 'conv:%'"
        )
        return [row for row in rows if _conversation_key_has(row["key"], user_id)]

    async def _messages(self, user_id: int) -> list[dict[str, Any]]:
        rows = await self.db.fetchall(
            "SELECT method, payload, created_at, sent_at FROM outbox WHERE chat_id = ?"
            " AND method != 'editMessageText'"
            " ORDER BY id",
            (user_id,),
        )
        messages = []
        for row in rows:
            payload = json.loads(row["payload"])
            text = payload.get("text") or payload.get("caption") or payload.get("filename")
            messages.append(
                {
                    "text": text,
                    "created_at": row["created_at"],
                    "sent_at": row["sent_at"],
                }
            )
        return messages

    async def copies_elsewhere(self, user_id: int) -> list[Copy]:
        """The messages the bot sent to others (the admin chat, each admin, coordinators) about
        the person, which Telegram keeps: request cards and the answers relayed to the board,
        offer cards and answers, the volunteer's card and »can't come« notices, »Write to us«
        messages and what the board was shown of them (board_copies), and the days' »who
        came?« lists and rosters. Read before erasing (the erasure forgets
        the outbox rows that say where they are)."""
        references = [
            row["reference"]
            for row in await self.db.fetchall(
                "SELECT reference FROM help_requests WHERE user_id = ? ORDER BY id", (user_id,)
            )
        ]
        offers = {
            row["id"]: row["reference"]
            for row in await self.db.fetchall(
                "SELECT id, reference FROM offers WHERE donor_id = ? ORDER BY id", (user_id,)
            )
        }
        volunteer = await VolunteerRepository(self.db).get_by_user(user_id)
        days = await ShiftRepository(self.db).days_of(volunteer.id) if volunteer else []
        threads = await ThreadRepository(self.db).message_ids_of(user_id)
        patterns = [f"request:{reference}:*" for reference in references]
        patterns += [offer_message_prefix(offer_id) + "*" for offer_id in offers]
        if volunteer is not None:
            patterns += [volunteer_message_prefix(volunteer.id) + "*"]
            patterns += [f"cant:*:{volunteer.id}:*"]
        patterns += [f"attendance:{day_id}:*" for day_id in days]
        patterns += [f"inbox:{message_id}:*" for message_id in threads]
        sent = await OutboxRepository(self.db).sent_copies(patterns, not_to=user_id)
        copies = {
            (chat_id, message_id): Copy(
                chat_id, message_id, method, _kind_of(key), _about(key, offers), captioned=album
            )
            for chat_id, message_id, method, key, album in sent
        }
        offer_repository = OfferRepository(self.db)
        for offer_id, reference in offers.items():
            for shown in await offer_repository.admin_messages(offer_id):
                where = (shown.chat_id, shown.message_id)
                copies.setdefault(where, Copy(*where, "sendMessage", "offer", reference))
        for where in await BoardCopyRepository(self.db).of_user(user_id):
            copies.setdefault(where, Copy(*where, "sendMessage", "notice"))
        rosters = await ShiftRepository(self.db).roster_messages(days)
        for chat_id, message_id, day_id, language, page in rosters:
            copies[(chat_id, message_id)] = Copy(
                chat_id, message_id, "sendMessage", "roster", str(day_id), language, page
            )
        return list(copies.values())

    async def erase(self, user_id: int, now: datetime) -> Erasure:
        """Erases the person's details everywhere in one transaction; counts stay anonymous.

        The caller also clears PTB's in-memory copies and then checkpoints the WAL.
        """
        async with self.db.transaction():
            references, forgotten = await self.erase_requests(user_id, now)
            return await self.erase_the_rest(user_id, now, references, forgotten)

    async def erase_requests(self, user_id: int, now: datetime) -> tuple[list[str], int]:
        """The first part of erase: the person's help requests and the messages about them;
        returns their references and how many messages were forgotten."""
        requests = RequestRepository(self.db)
        async with self.db.transaction():
            references = await requests.erase_user(user_id, now)
            forgotten = await requests.forget_messages_about(references)
        return references, forgotten

    async def erase_the_rest(
        self, user_id: int, now: datetime, references: list[str], forgotten: int = 0
    ) -> Erasure:
        """The rest of erase, after erase_requests: offers, volunteering, subscriptions, the
        messages to the person, their conversations and the users row."""
        async with self.db.transaction():
            offer_ids = await OfferRepository(self.db).erase_donor(user_id, now)
            for offer_id in offer_ids:
                forgotten += await self._forget_keyed(offer_message_prefix(offer_id))
            volunteers = VolunteerRepository(self.db)
            volunteer = await volunteers.get_by_user(user_id)
            if volunteer is not None:
                forgotten += await self._forget_keyed(volunteer_message_prefix(volunteer.id))
                forgotten += await self._forget_about_volunteer(volunteer.id, volunteer.name)
            promotions = await volunteers.erase(user_id, now)
            await SubscriptionRepository(self.db).unsubscribe_all(user_id)
            forgotten += await OutboxRepository(self.db).forget_chat(user_id)
            await BoardCopyRepository(self.db).forget_user(user_id)
            await self.forget_conversations(user_id)
            await self.db.execute("DELETE FROM users WHERE id = ?", (user_id,))
        return Erasure(
            request_references=tuple(references),
            offer_ids=tuple(offer_ids),
            volunteer_promotions=promotions or (),
            messages_forgotten=forgotten,
        )

    async def _forget_about_volunteer(self, volunteer_id: int, name: str) -> int:
        """The board's »can't come« notices about the volunteer go; the days' »who came?«
        rows stay (their keys stop a second question) without the text that names them."""
        forgotten = await self.db.execute(
            "DELETE FROM outbox WHERE dedup_key GLOB ?", (f"cant:*:{volunteer_id}:*",)
        )
        if name:
            await self.db.execute(
                "UPDATE outbox SET payload = json_set(payload, '$.text', '[deleted]')"
                " WHERE dedup_key GLOB 'attendance:*' AND status != 'pending'"
                " AND instr(payload, ?) > 0",
                (name,),
            )
        return forgotten

    async def _forget_keyed(self, prefix: str) -> int:
        """Outbox rows whose dedup_key starts with the prefix (notices about one record)."""
        return await self.db.execute(
            "DELETE FROM outbox WHERE substr(dedup_key, 1, ?) = ?", (len(prefix), prefix)
        )

    async def forget_conversations(self, user_id: int) -> None:
        """The person's PTB persistence rows: user_data, their private chat's data, states."""
        async with self.db.transaction():
            await self.db.execute(
                "DELETE FROM ptb_persistence WHERE kind IN ('user', 'chat') AND key = ?",
                (str(user_id),),
            )
            for row in await self._conversation_rows(user_id):
                await self.db.execute(
                    "DELETE FROM ptb_persistence WHERE kind = ? AND key = ?",
                    (row["kind"], row["key"]),
                )
