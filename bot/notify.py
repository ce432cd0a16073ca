"""The front door to the outbox: what handlers and jobs call to say something on their own."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable
from datetime import datetime

from telegram import InlineKeyboardMarkup

from bot.i18n import I18n, Translator
from bot.settings import Settings
from domain.clock import Clock
from storage.outbox import NewMessage, OutboxRepository
from storage.users import UserRepository

Render = Callable[[Translator], tuple[str, InlineKeyboardMarkup | None]]

PRIORITY_PERSONAL = 10  # a reply to someone's offer or request goes before any broadcast
PRIORITY_ADMIN = 5
PRIORITY_BROADCAST = 0


def text_message(
    chat_id: int,
    text: str,
    buttons: InlineKeyboardMarkup | None = None,
    *,
    dedup_key: str | None = None,
    priority: int = PRIORITY_PERSONAL,
    not_before: datetime | None = None,
    batch_id: int | None = None,
) -> NewMessage:
    payload: dict[str, object] = {"text": text, "parse_mode": "HTML"}
    if buttons is not None:
        payload["reply_markup"] = buttons.to_dict()
    return NewMessage(chat_id, "sendMessage", payload, dedup_key, priority, not_before, batch_id)


class Notifier:
    def __init__(
        self,
        outbox: OutboxRepository,
        users: UserRepository,
        settings: Settings,
        i18n: I18n,
        clock: Clock,
    ) -> None:
        self.outbox = outbox
        self.users = users
        self.settings = settings
        self.i18n = i18n
        self.clock = clock
        # The sender sets this, so a queued row leaves at once instead of at the next look.
        self.on_queued: Callable[[], None] = lambda: None

    async def queue(self, messages: Iterable[NewMessage]) -> int:
        """Writes rows (one transaction) and wakes the sender; returns how many were new."""
        added = await self.outbox.add_many(messages, self.clock.now())
        if added:
            self.on_queued()
        return added

    async def send(
        self,
        chat_id: int,
        text: str,
        buttons: InlineKeyboardMarkup | None = None,
        *,
        dedup_key: str | None = None,
        priority: int = PRIORITY_PERSONAL,
        not_before: datetime | None = None,
    ) -> bool:
        row = text_message(
            chat_id, text, buttons, dedup_key=dedup_key, priority=priority, not_before=not_before
        )
        return await self.queue([row]) == 1

    async def send_to_user(self, user_id: int, render: Render, *, dedup_key: str) -> bool:
        """Renders the text in the person's own language, then queues it."""
        language = (await self.users.languages([user_id])).get(user_id)
        text, buttons = render(self.i18n(language))
        return await self.send(user_id, text, buttons, dedup_key=dedup_key)

    async def send_document(
        self, chat_id: int, filename: str, data: bytes, caption: str, *, dedup_key: str
    ) -> bool:
        payload = {
            "filename": filename,
            "data": base64.b64encode(data).decode("ascii"),
            "caption": caption,
            "parse_mode": "HTML",
        }
        row = NewMessage(chat_id, "sendDocument", payload, dedup_key, PRIORITY_PERSONAL)
        return await self.queue([row]) == 1

    async def to_admins(self, render: Render, *, dedup_key: str) -> int:
        """To ADMIN_CHAT_ID in the default language, or else to each admin in theirs."""
        rows = []
        if self.settings.admin_chat_id is not None:
            text, buttons = render(self.i18n(self.settings.default_locale))
            rows.append(
                text_message(
                    self.settings.admin_chat_id,
                    text,
                    buttons,
                    dedup_key=f"{dedup_key}:chat",
                    priority=PRIORITY_ADMIN,
                )
            )
        else:
            languages = await self.users.languages(self.settings.admin_ids)
            for admin_id in self.settings.admin_ids:
                text, buttons = render(self.i18n(languages.get(admin_id)))
                rows.append(
                    text_message(
                        admin_id,
                        text,
                        buttons,
                        dedup_key=f"{dedup_key}:{admin_id}",
                        priority=PRIORITY_ADMIN,
                    )
                )
        return await self.queue(rows)

    async def admin_targets(self) -> list[tuple[int, Translator]]:
        """Where admin notices go, each with the language to write in."""
        if self.settings.admin_chat_id is not None:
            return [(self.settings.admin_chat_id, self.i18n(self.settings.default_locale))]
        languages = await self.users.languages(self.settings.admin_ids)
        return [(admin, self.i18n(languages.get(admin))) for admin in self.settings.admin_ids]

    def admin_chats(self) -> list[int]:
        if self.settings.admin_chat_id is not None:
            return [self.settings.admin_chat_id]
        return list(self.settings.admin_ids)
