"""How the bot is doing, gathered from the process, the database and the backup folder."""

from __future__ import annotations

from bot.services import Services
from domain.health import HealthReport
from storage.backup import backup_date, dated_backups
from storage.health import HealthRepository


async def gather(services: Services) -> HealthReport:
    settings = services.settings
    now = services.clock.now()
    stored = await HealthRepository(services.db).read(now)
    backups = dated_backups(settings.backup_dir) if settings.backup_dir is not None else []
    newest = backups[-1] if backups else None
    health = services.health
    return HealthReport(
        now=now.astimezone(settings.zone),
        started_at=health.started_at.astimezone(settings.zone),
        last_update_at=health.last_update_at,
        outbox_waiting=stored.outbox_waiting,
        outbox_failed=stored.outbox_failed_24h,
        outbox_oldest_due=stored.outbox_oldest_due,
        unreachable=stored.unreachable,
        backups_on=settings.backup_dir is not None,
        last_backup=backup_date(newest) if newest else None,
        last_backup_bytes=newest.stat().st_size if newest else None,
        database_bytes=stored.database_bytes,
        errors_24h=health.errors.in_last_day(),
    )
