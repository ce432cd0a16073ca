"""The nightly backup: a checked copy of the database into BACKUP_DIR, keeping BACKUP_KEEP.

Due once per local date, from NIGHTLY_AT on (a bot that was down at night catches up at
start). The copy runs in a worker thread through its own read-only connection, so the bot keeps
answering. A failure is logged and tried again later; it never stops the bot.
"""

from __future__ import annotations

import asyncio
import logging
import time as monotonic_time
from datetime import time
from typing import Any

from bot.off_loop import off_loop
from bot.services import Services
from storage.backup import dated_name, nightly

logger = logging.getLogger(__name__)

NIGHTLY_AT = time(3, 0)  # local time: the quietest hour
RETRY_AFTER_SECONDS = 15 * 60  # after a failure, so a full disk does not flood the log


class NightlyBackup:
    def __init__(self, services: Services) -> None:
        self.services = services
        self.running = asyncio.Lock()
        self.retry_at = 0.0

    async def __call__(self, _: object = None) -> None:
        """Makes tonight's copy when it is due and missing."""
        settings = self.services.settings
        directory = settings.backup_dir
        if directory is None or self.running.locked():
            return
        if monotonic_time.monotonic() < self.retry_at:
            return
        local = self.services.clock.now().astimezone(settings.zone)
        if local.time() < NIGHTLY_AT or (directory / dated_name(local.date())).exists():
            return
        async with self.running:
            try:
                made = await off_loop(
                    nightly, settings.database_path, directory, local.date(), settings.backup_keep
                )
            except Exception:
                self.retry_at = monotonic_time.monotonic() + RETRY_AFTER_SECONDS
                logger.exception("Nightly backup into %s failed; trying again later", directory)
                return
        if made is not None:
            logger.info("Nightly backup written: %s", made)


async def START(application: Any) -> None:
    """Schedules the nightly backup when BACKUP_DIR is set."""
    services: Services = application.services
    if services.settings.backup_dir is None:
        logger.info("BACKUP_DIR is not set: no nightly backups")
        return
    application.job_queue.run_repeating(
        NightlyBackup(services),
        interval=services.settings.job_tick_seconds,
        first=1,
        name="nightly-backup",
    )
