"""The unit of work: every repository on one transaction, so one user action commits once.

    async with services.unit_of_work() as uow:
        if await uow.offers.accept(offer_id, admin, now, day_id):
            await uow.audit.record(admin, "offer.accept", now, reference)
            await notifier.send_to_user(...)      # the outbox row joins the same transaction

Everything written inside the block, by these repositories or by anything else on the same
connection in the same task (the outbox, the users table), commits together when the block
ends, or not at all when it raises: a crash half way leaves all of it or none. (Cosmic Python,
service_layer/unit_of_work.py.) No Bot API call belongs inside the block: the transaction holds
the one connection, and a network round trip would hold up everyone else's writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cached_property

from storage.audit import AuditLog
from storage.board_copies import BoardCopyRepository
from storage.broadcasts import AnnouncementRepository
from storage.db import Database
from storage.dropoff_broadcasts import DropoffBroadcastRepository
from storage.dropoff_days import DropoffDayRepository
from storage.exports import ExportRepository
from storage.needs import NeedRepository
from storage.not_now import NotNowRepository
from storage.offers import OfferRepository
from storage.outbox import OutboxRepository
from storage.personal_data import PersonalData
from storage.plans import PlanRepository
from storage.requests import RequestRepository
from storage.roles import RoleRepository
from storage.shift_notices import ShiftNoticeRepository
from storage.shifts import ShiftRepository
from storage.statistics import StatisticsRepository
from storage.subscriptions import SubscriptionRepository
from storage.threads import ThreadRepository
from storage.users import UserRepository
from storage.volunteers import VolunteerRepository
from storage.wanted import WantedRepository


class Repositories:
    """The repositories of one database; each is made on first use."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @cached_property
    def audit(self) -> AuditLog:
        return AuditLog(self.db)

    @cached_property
    def announcements(self) -> AnnouncementRepository:
        return AnnouncementRepository(self.db)

    @cached_property
    def board_copies(self) -> BoardCopyRepository:
        return BoardCopyRepository(self.db)

    @cached_property
    def dropoff_broadcasts(self) -> DropoffBroadcastRepository:
        return DropoffBroadcastRepository(self.db)

    @cached_property
    def days(self) -> DropoffDayRepository:
        return DropoffDayRepository(self.db)

    @cached_property
    def exports(self) -> ExportRepository:
        return ExportRepository(self.db)

    @cached_property
    def needs(self) -> NeedRepository:
        return NeedRepository(self.db)

    @cached_property
    def not_now(self) -> NotNowRepository:
        return NotNowRepository(self.db)

    @cached_property
    def offers(self) -> OfferRepository:
        return OfferRepository(self.db)

    @cached_property
    def outbox(self) -> OutboxRepository:
        return OutboxRepository(self.db)

    @cached_property
    def personal_data(self) -> PersonalData:
        return PersonalData(self.db)

    @cached_property
    def plans(self) -> PlanRepository:
        return PlanRepository(self.db)

    @cached_property
    def requests(self) -> RequestRepository:
        return RequestRepository(self.db)

    @cached_property
    def roles(self) -> RoleRepository:
        return RoleRepository(self.db)

    @cached_property
    def shift_notices(self) -> ShiftNoticeRepository:
        return ShiftNoticeRepository(self.db)

    @cached_property
    def shifts(self) -> ShiftRepository:
        return ShiftRepository(self.db)

    @cached_property
    def statistics(self) -> StatisticsRepository:
        return StatisticsRepository(self.db)

    @cached_property
    def subscriptions(self) -> SubscriptionRepository:
        return SubscriptionRepository(self.db)

    @cached_property
    def threads(self) -> ThreadRepository:
        return ThreadRepository(self.db)

    @cached_property
    def users(self) -> UserRepository:
        return UserRepository(self.db)

    @cached_property
    def volunteers(self) -> VolunteerRepository:
        return VolunteerRepository(self.db)

    @cached_property
    def wanted(self) -> WantedRepository:
        return WantedRepository(self.db)


class UnitOfWork(Repositories):
    """Repositories handed out inside one open transaction (see unit_of_work below)."""


@asynccontextmanager
async def unit_of_work(db: Database) -> AsyncIterator[UnitOfWork]:
    """BEGIN IMMEDIATE … COMMIT around the block; ROLLBACK if it raises."""
    async with db.transaction():
        yield UnitOfWork(db)
