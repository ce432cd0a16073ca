"""Starting and stopping the bot: database, application, outbox sender, jobs, polling or webhook."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import AsyncIterator
from datetime import timedelta

from telegram import Update

import handlers
from bot.application import HjaelpeApplication, build_application
from bot.commands import register_commands
from bot.outbox import OutboxSender, outbox_bot, share_with_replies
from bot.polling import Poller, parse_batch
from bot.services import Services, open_services
from bot.settings import Settings
from bot.webhook import use_durable_handler

logger = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, *, webhook: bool = False) -> AsyncIterator[Services]:
    """Everything up while inside the block; everything cleanly down after it."""
    services = await open_services(settings)
    application = build_application(services)
    # The outbox has a Bot of its own, without the limiter's retries, and paces itself; the
    # application bot's requests (replies) count against its pacing, so they keep a share.
    sender = OutboxSender(
        outbox_bot(settings.token, settings.bot_api_base_url, settings.bot_api_base_file_url),
        services.outbox,
        services.clock,
        settings.broadcast_rate,
        on_unreachable=lambda chat_id: services.users.mark_unreachable(
            chat_id, services.clock.now()
        ),
    )
    share_with_replies(application.bot, sender.pacing)
    services.notifier.on_queued = sender.wake
    services.health.watch_logs()  # /status counts the errors logged from here on
    services.sender = sender
    try:
        async with application:  # initialize(): getMe, and the persistence is read back
            await sender.start()
            await _schedule_housekeeping(application)
            # Each journey rebuilds its scheduled work from the database.
            for hook in handlers.start_hooks():
                await hook(application)
            await application.start()
            assert application.updater is not None
            poller = Poller(application, parking=services.parked_updates)
            if webhook:
                await _start_webhook(application, settings)
            else:
                await poller.start()
            logger.info("Bot @%s is running", application.bot.username)
            # The command menus are a convenience, and some ten Bot API calls: they are set
            # after polling started, so the first answer does not wait for them.
            commands = asyncio.create_task(
                register_commands(application.bot, services.i18n, services.notifier.admin_chats()),
                name="register-commands",
            )
            try:
                yield services
            finally:
                commands.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await commands
                await poller.stop()
                if application.updater.running:
                    await application.updater.stop()
                await application.stop()
                await sender.stop()
    finally:
        await services.close()


async def _start_webhook(application: HjaelpeApplication, settings: Settings) -> None:
    """PTB's webhook server with bot.webhook's handler: updates parked before the 200."""
    assert application.updater is not None
    if not settings.webhook_url or settings.webhook_secret is None:
        raise RuntimeError("WEBHOOK_URL and WEBHOOK_SECRET are needed for --webhook")
    parking = application.services.parked_updates
    use_durable_handler(parking)
    application.forgets_parked_updates = True
    # Parked before a crash and not done: handled first, in their order.
    for _update_id, update in parse_batch(application.bot, await parking.unfinished()):
        if update is not None:
            await application.update_queue.put(update)
    await application.updater.start_webhook(
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        url_path="telegram",
        webhook_url=settings.webhook_url,
        secret_token=settings.webhook_secret.get_secret_value(),
        allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=False,
    )


async def _schedule_housekeeping(application: HjaelpeApplication) -> None:
    services = application.services

    async def forget_old_updates(_: object) -> None:
        removed = await services.updates.forget_older_than(services.clock.now())
        if removed:
            logger.info("Forgot %s handled update ids older than a week", removed)

    assert application.job_queue is not None
    application.job_queue.run_repeating(
        forget_old_updates, interval=timedelta(hours=6), first=timedelta(minutes=1)
    )


async def run_until_stopped(settings: Settings, *, webhook: bool = False) -> None:
    """Runs until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running_bot(settings, webhook=webhook):
        await stop.wait()
    logger.info("Stopped")
