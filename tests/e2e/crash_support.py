"""Crash a real bot process at a named point, start it again, and let the story go on.

The bot is restarted with HJAELPEBOT_CRASH_AT=<point> (bot/crash_points.py); when it reaches
the point it exits at once with status 137, as after a kill -9. A watcher then starts it again,
unarmed, with the same files; Telegram (the emulator) hands it the updates it had not yet
confirmed, and the person's story, still waiting for its answer, goes on. At the end the test
checks what was promised against what is stored and what was sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bot.crash_points import ENVIRONMENT, EXIT_STATUS
from emulator import EmulatedUser
from tests.e2e.harness import BotProcess


@dataclass
class CrashWatch:
    bot: BotProcess
    point: str
    exits: list[int | None] = field(default_factory=list)

    async def revive(self) -> None:
        process = self.bot.process
        assert process is not None
        status = await process.wait()
        self.exits.append(status)
        if status == EXIT_STATUS:
            self.bot.extra_env.pop(ENVIRONMENT, None)
            await self.bot.start()


@asynccontextmanager
async def crashing_at(bot: BotProcess, point: str) -> AsyncIterator[CrashWatch]:
    """Inside the block the bot dies at `point` once and is started again; afterwards the
    test fails if it never got there (a crash test that did not crash proves nothing)."""
    await bot.stop()
    bot.extra_env[ENVIRONMENT] = point
    await bot.start()
    watch = CrashWatch(bot, point)
    watcher = asyncio.create_task(watch.revive())
    try:
        yield watch
        await asyncio.wait_for(asyncio.shield(watcher), timeout=30)
    finally:
        bot.extra_env.pop(ENVIRONMENT, None)
        if not watcher.done():
            watcher.cancel()
    assert watch.exits == [EXIT_STATUS], f"the bot never reached {point}: {watch.exits}"
    assert f"crash point {point}: exiting" in bot.log()


def received(user: EmulatedUser, fragment: str) -> int:
    """How many messages to this person hold the fragment (a notice must come exactly once)."""
    return sum(1 for message in user.messages if fragment in message.text)
