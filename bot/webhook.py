"""Webhook mode that loses nothing, and says nothing personal about what it cannot read.

Telegram sends a webhook update until it gets a 200, and never again after. PTB's own handler
puts the update in the queue and answers 200 at once, so a crash before the update was handled
lost it; and an update the library cannot parse was logged whole (names, texts) at CRITICAL
and refused with 400, which Telegram retries. So in webhook mode PTB's handler is replaced by
DurableTelegramHandler:
- the raw update is parked in the database (storage/parked_updates.py) before the 200, and
  the update's own final commit forgets it (bot.application): one killed before that commit
  is handled at the next start, before anything new;
- one that cannot be parsed is logged by id and field names only (bot.polling.parse_batch),
  answered 200 and skipped.
A parking that fails answers 500, so Telegram sends the update again.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import ClassVar

import tornado.web
from telegram.ext import ExtBot
from telegram.ext._utils import webhookhandler  # the version is pinned: see pyproject.toml

from bot.polling import parse_batch
from storage.parked_updates import ParkedUpdates

logger = logging.getLogger(__name__)


class DurableTelegramHandler(webhookhandler.TelegramHandler):
    parking: ClassVar[ParkedUpdates | None] = None

    async def post(self) -> None:
        self._validate_post()  # JSON, and the secret token
        try:
            data = json.loads(self.request.body.decode())
        except ValueError as error:
            logger.error("A webhook request that is not JSON was refused")
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from error
        self.set_status(HTTPStatus.OK)
        for update_id, update in parse_batch(self.bot, [data]):
            if update is None:
                return  # logged by parse_batch; the 200 lets Telegram move on
            if self.parking is not None:
                await self.parking.park([(update_id, data)])
            if isinstance(self.bot, ExtBot):
                self.bot.insert_callback_data(update)
            await self.update_queue.put(update)


def use_durable_handler(parking: ParkedUpdates) -> None:
    """From now on PTB's webhook server takes updates through DurableTelegramHandler (its
    WebhookAppClass looks the handler class up when the server starts)."""
    DurableTelegramHandler.parking = parking
    webhookhandler.TelegramHandler = DurableTelegramHandler  # type: ignore[misc]
