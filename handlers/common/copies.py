"""Where the board was shown a person's details straight (not through the outbox, whose rows
say so themselves), so /deletedata can blank it (handlers/privacy/admin_copies.py)."""

from __future__ import annotations

from collections.abc import Iterable

from telegram import Message

from bot.context import BotContext


async def remember_copy(
    context: BotContext, shown: Message | None, user_ids: Iterable[int | None]
) -> None:
    """Remembers that the message shows these people's names or words."""
    people = [user_id for user_id in user_ids if user_id is not None]
    if shown is None or not people:
        return
    services = context.services
    async with services.unit_of_work() as uow:
        await uow.board_copies.record(shown.chat.id, shown.message_id, people, services.clock.now())
