"""Runs run_bot.py as a real process against the in-process Bot API emulator."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from domain.clock import write_clock_file
from emulator import BotApiEmulator

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:TEST-token-for-the-local-emulator"
ADMIN_ID = 9001


class BotProcess:
    """One bot process; start(), kill() (SIGKILL), stop() (SIGTERM), restart with the same files."""

    def __init__(self, emulator: BotApiEmulator, workdir: Path, env: Mapping[str, str]) -> None:
        self.emulator = emulator
        self.workdir = workdir
        self.database = workdir / "bot.sqlite3"
        self.clock_file = workdir / "now.txt"
        self.log_path = workdir / "bot.log"
        self.extra_env = dict(env)
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0
        # The mode it was last started in (e.g. --webhook): a restart keeps it.
        self.mode: tuple[str, ...] = ()

    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("BOT_", "ADMIN_", "DATABASE_", "WEBHOOK_"))
        }
        env.update(
            {
                "BOT_TOKEN": TOKEN,
                "BOT_API_BASE_URL": self.emulator.base_url,
                "BOT_API_BASE_FILE_URL": self.emulator.base_file_url,
                "DATABASE_PATH": str(self.database),
                "ADMIN_IDS": str(ADMIN_ID),
                "ORGANISATION_FILE": str(ROOT / "organisation.toml"),
                "CLOCK_FILE": str(self.clock_file),
                "LOG_LEVEL": "DEBUG",
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    def set_time(self, moment: datetime) -> None:
        """Moves the bot's clock (domain.clock.FileClock); it runs on from there."""
        write_clock_file(self.clock_file, moment)

    async def start(self, *args: str, wait: bool = True) -> None:
        # Set again by the emulator when the new process first polls (or sets its webhook).
        self.emulator.polling_started.clear()
        self.mode = args or self.mode
        args = self.mode
        log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(ROOT / "run_bot.py"),
            *args,
            cwd=self.workdir,
            env=self.env(),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=log,
            stderr=log,
        )
        log.close()
        self.starts += 1
        if wait:
            await self.wait_until_running()

    async def wait_until_running(self, timeout: float = 30) -> None:
        assert self.process is not None
        polling = asyncio.ensure_future(self.emulator.polling_started.wait())
        exited = asyncio.ensure_future(self.process.wait())
        done, pending = await asyncio.wait(
            {polling, exited}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        for task in pending:
            task.cancel()
        if exited in done or not done:
            raise AssertionError(f"bot did not start:\n{self.log()[-5000:]}")

    async def outbox_settled(self, timeout: float = 10) -> None:
        """Waits until no outbox row is on the wire (marked sending, its answer not yet back).

        A kill -9 while a personal notice is on the wire sends it again after the restart (a
        repeat beats a lost notice, bot/outbox.py); a test about something else kills after."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with sqlite3.connect(f"file:{self.database}?mode=ro", uri=True) as connection:
                sending = connection.execute(
                    "SELECT COUNT(*) FROM outbox WHERE status = 'sending'"
                ).fetchone()[0]
            if not sending:
                return
            if loop.time() > deadline:
                raise AssertionError(f"{sending} outbox rows still sending after {timeout} s")
            await asyncio.sleep(0.05)

    async def kill(self) -> None:
        """SIGKILL: no cleanup at all, as in a crash."""
        if self.process and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    async def stop(self) -> int | None:
        if self.process and self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout=15)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
                # SIGTERM must stop the bot: one that hangs instead is a bug, not a kill.
                log = self.log()[-5000:]
                raise AssertionError(f"bot did not stop on SIGTERM:\n{log}") from None
        return self.process.returncode if self.process else None

    async def restart(self) -> None:
        await self.kill()
        await self.start()

    def log(self) -> str:
        return (
            self.log_path.read_text(encoding="utf-8", errors="replace")
            if self.log_path.exists()
            else ""
        )


async def run_once(args: list[str], env: Mapping[str, str], cwd: Path) -> tuple[int, str, str]:
    """Runs run_bot.py to its end (for configuration errors); returns (status, stdout, stderr)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "run_bot.py"),
        *args,
        cwd=cwd,
        env=dict(env),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()
