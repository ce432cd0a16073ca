"""What the board does with efterlysninger, each in one transaction with its audit row and its
outbox rows: post one (stored, and its subscribers queued as one broadcast batch, in the same
commit), and close one when the need is met.

A crash anywhere inside leaves nothing or all of it (storage/unit_of_work.py); the dedup keys
("wanted:<id>:<user_id>") keep each person to one row whatever happens.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from bot.crash_points import crash_point
from bot.i18n import SUPPORTED
from bot.services import Services
from domain.matching import NeedSource, pick_need
from domain.wanted import NEED_SOURCE
from handlers.wanted.texts import admin_copy, delivery_row, donor_payload
from storage.models import Language
from storage.wanted import WantedPost

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewWanted:
    category_key: str
    size: str | None
    text: str
    photo_file_id: str | None
    request_id: int | None
    admin: int
    admin_chat_id: int
    admin_language: Language
    idempotency_key: str  # the draft's id: a doubled "send" stores and sends one post


async def post_wanted(services: Services, new: NewWanted) -> tuple[WantedPost, bool]:
    """Stores the post and queues one row per reachable subscriber and the admin's copy, all in
    one commit; (the existing post, False) for a draft sent already (nothing queued again)."""
    now = services.clock.now()
    organisation = services.organisation
    async with services.unit_of_work() as uow:
        post, created = await uow.wanted.create(
            category_key=new.category_key,
            size=new.size,
            text=new.text,
            photo_file_id=new.photo_file_id,
            request_id=new.request_id,
            created_by=new.admin,
            admin_chat_id=new.admin_chat_id,
            admin_language=new.admin_language,
            idempotency_key=new.idempotency_key,
            now=now,
        )
        if not created:
            return post, False
        crash_point("wanted.created")
        reachable, skipped = await uow.wanted.subscribers(services.settings.default_locale)
        payloads = {
            language: donor_payload(
                services.i18n(language),
                organisation,
                post.category_key,
                post.size,
                post.text,
                post.photo_file_id,
                post.id,
            )
            for language in SUPPORTED
        }
        rows = [
            delivery_row(person.user_id, payloads[person.language], post) for person in reachable
        ]
        copy = admin_copy(services.i18n(post.admin_language), post, organisation, len(rows))
        await services.notifier.queue([copy, *rows])
        await uow.wanted.record_queued(post.id, len(rows), skipped)
        details = {"request": post.request_id is not None, "photo": bool(post.photo_file_id)}
        await uow.audit.record(
            new.admin, "wanted.post", now, subject=post.reference, details=json.dumps(details)
        )
    logger.info("Wanted post %s queued: %s rows, %s skipped", post.reference, len(rows), skipped)
    return post, True


async def close_wanted(services: Services, post: WantedPost, admin: int) -> bool:
    """open → closed, logged; with a linked request the met need's source is recorded
    ('efterlysning'). False when it was closed already."""
    now = services.clock.now()
    source = NEED_SOURCE if post.request_id is not None else None
    async with services.unit_of_work() as uow:
        if not await uow.wanted.close(post.id, admin, now, source):
            return False
        crash_point("wanted.closed")
        details = None
        if post.request_id is not None:
            # The request's need of this category (and size) is met by the efterlysning;
            # one already met by setting an offer aside stays counted as matching.
            needs = await uow.needs.for_request(post.request_id)
            need = pick_need(needs, post.category_key, post.size)
            if need is not None:
                await uow.needs.mark_met(need.id, NeedSource.EFTERLYSNING, now)
                details = f"need:{need.id}"
        await uow.audit.record(admin, "wanted.close", now, subject=post.reference, details=details)
    return True
