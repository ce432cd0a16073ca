"""Everything a handler may use, built once at start and reached as context.services."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import cached_property

from bot.crash_points import crash_point
from bot.health import Health
from bot.i18n import I18n
from bot.notify import Notifier
from bot.outbox import OutboxSender
from bot.settings import Settings
from bot.update_writes import in_update
from domain.clock import Clock, FileClock, SystemClock
from domain.organisation import Organisation, load_organisation
from storage.db import Database
from storage.outbox import OutboxRepository
from storage.parked_updates import ParkedUpdates
from storage.persistence_store import PersistenceStore
from storage.unit_of_work import Repositories, UnitOfWork, unit_of_work
from storage.updates import ProcessedUpdates
from storage.upgrade import backup_before_migrations
from storage.users import UserRepository


@dataclass
class Services:
    settings: Settings
    organisation: Organisation
    db: Database
    clock: Clock
    i18n: I18n
    users: UserRepository
    updates: ProcessedUpdates
    parked_updates: ParkedUpdates
    outbox: OutboxRepository
    persistence_store: PersistenceStore
    notifier: Notifier
    health: Health
    # Set by the runner once the bot exists; journeys may add_listener() to follow deliveries.
    sender: OutboxSender | None = None

    @cached_property
    def repos(self) -> Repositories:
        """The repositories for reading (each read waits for any open transaction); a write
        that is part of a user action goes through unit_of_work() instead."""
        return Repositories(self.db)

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """The repositories on one transaction: an action's writes, audit row and outbox
        notices commit together (storage/unit_of_work.py)."""
        async with unit_of_work(self.db) as uow:
            yield uow
        if in_update() and not self.db.in_own_transaction():
            # A person's action committed, its reply ("saved", "sent") not yet on its way.
            crash_point("action.committed")

    async def close(self) -> None:
        self.health.stop_watching()
        await self.db.close()


async def open_services(settings: Settings) -> Services:
    """Opens the database (applying migrations) and loads the profile and catalogs."""
    organisation = load_organisation(settings.organisation_file)
    clock: Clock = FileClock(settings.clock_file) if settings.clock_file else SystemClock()
    # A copy before new migrations change the file, so an upgrade can be undone.
    await asyncio.to_thread(backup_before_migrations, settings.database_path, settings.backup_dir)
    db = Database(settings.database_path)
    await db.connect()
    users = UserRepository(db)
    outbox = OutboxRepository(db)
    i18n = I18n(settings.zone, settings.default_locale, clock=clock)
    return Services(
        settings=settings,
        organisation=organisation,
        db=db,
        clock=clock,
        i18n=i18n,
        users=users,
        updates=ProcessedUpdates(db),
        parked_updates=ParkedUpdates(db),
        outbox=outbox,
        persistence_store=PersistenceStore(db),
        notifier=Notifier(outbox, users, settings, i18n, clock),
        health=Health(clock),
    )
