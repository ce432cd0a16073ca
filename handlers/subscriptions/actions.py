"""A person's own subscription changes (one write each, no audit row: it is their choice).

Each returns the topics the person gets afterwards, read in the same transaction, so the
message shown next is what is stored.
"""

from __future__ import annotations

from bot.services import Services
from domain.subscriptions import Topic


async def set_topic(services: Services, user_id: int, topic: Topic, on: bool) -> set[Topic]:
    """Turns one topic on or off (doing it twice changes nothing)."""
    async with services.unit_of_work() as uow:
        if on:
            await uow.subscriptions.subscribe(user_id, topic, services.clock.now())
        else:
            await uow.subscriptions.unsubscribe(user_id, topic)
        return await uow.subscriptions.topics_of(user_id)


async def stop_everything(services: Services, user_id: int) -> None:
    """Stops every topic at once."""
    async with services.unit_of_work() as uow:
        await uow.subscriptions.unsubscribe_all(user_id)
