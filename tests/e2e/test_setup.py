"""`run_bot.py setup` as a new board member meets it: a token, /owner CODE in Telegram, the
board's group, the profile; then `run_bot.py check` all green and the bot answers /status."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.setup.env_file import read_env
from domain.clock import write_clock_file
from emulator import BotApiEmulator
from tests.e2e.harness import ROOT, TOKEN, run_once

OWNER, OTHER, GROUP = 4711, 4712, -1009876543210
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
CODE = re.compile(r"/(owner|linkgroup)@\w+ (\d{6})")


class SetupProcess:
    """run_bot.py setup with a pipe for its terminal; reads its output as it comes."""

    def __init__(self, emulator: BotApiEmulator, workdir: Path) -> None:
        self.emulator = emulator
        self.workdir = workdir
        self.output = ""
        self.process: asyncio.subprocess.Process | None = None
        self.clock_file = workdir / "now.txt"
        write_clock_file(self.clock_file, NOW)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ADMIN_"))}
        env.update(
            {
                "BOT_API_BASE_URL": self.emulator.base_url,
                "BOT_API_BASE_FILE_URL": self.emulator.base_file_url,
                "CLOCK_FILE": str(self.clock_file),
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(ROOT / "run_bot.py"),
            "setup",
            cwd=self.workdir,
            env=self.env(),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )

    def answer(self, *lines: str) -> None:
        assert self.process is not None and self.process.stdin is not None
        self.process.stdin.write("".join(line + "\n" for line in lines).encode())

    async def read_until(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        """Reads the terminal until pattern shows up after what was read before."""
        assert self.process is not None and self.process.stdout is not None
        start = len(self.output)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (found := re.search(pattern, self.output[start:])) is None:
            left = deadline - loop.time()
            if left <= 0:
                raise AssertionError(f"no {pattern!r} in:\n{self.output}")
            chunk = await asyncio.wait_for(self.process.stdout.read(4096), left)
            if not chunk:
                raise AssertionError(f"setup ended before {pattern!r}:\n{self.output}")
            self.output += chunk.decode()
        return found

    async def code(self) -> str:
        return (await self.read_until(CODE.pattern)).group(2)

    async def finish(self) -> int:
        assert self.process is not None and self.process.stdout is not None
        assert self.process.stdin is not None
        self.process.stdin.close()
        rest = await asyncio.wait_for(self.process.stdout.read(), 30)
        self.output += rest.decode()
        return await self.process.wait()

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN, bot_username="hjaelpesporet_bot") as emu:
        yield emu


async def test_a_board_member_sets_the_bot_up_without_knowing_any_id(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    kirsten = emulator.user(OWNER, "Kirsten", language_code="da")
    stranger = emulator.user(OTHER, "Bo", language_code="en")
    group = emulator.group(GROUP, "Bestyrelsen")
    setup = SetupProcess(emulator, tmp_path)
    await setup.start()
    try:
        setup.answer("1", "not-a-token", "123:wrong-but-shaped", TOKEN)
        await setup.read_until("ligner ikke en token")
        await setup.read_until("kender ikke denne token")
        await setup.read_until("@hjaelpesporet_bot")
        code = await setup.code()

        await stranger.send("/owner 000000")
        await stranger.expect("That code is not right")
        await setup.read_until("Bo sendte en forkert kode")
        await kirsten.send(f"/owner {code}")
        await kirsten.expect("Du er nu botens ejer")
        await setup.read_until("Kirsten er nu botens ejer")

        setup.answer("j")
        group_code = await setup.code()
        group.add_member(kirsten)
        await group.send(kirsten, f"/linkgroup@hjaelpesporet_bot {group_code}")
        await group.expect("bestyrelsens gruppe")
        await setup.read_until("Bestyrelsen er nu bestyrelsens gruppe")

        setup.answer(
            "Hjælpen i Hjørring",
            "",  # the example's address stays
            "",
            "",
            "9800 9850 foo 9800",
            "",
            "",
        )
        assert await setup.finish() == 0, setup.output
    finally:
        await setup.kill()

    env = read_env(tmp_path / ".env")
    assert env["BOT_TOKEN"] == TOKEN
    assert env["ADMIN_IDS"] == str(OWNER)
    assert env["ADMIN_CHAT_ID"] == str(GROUP)
    assert (tmp_path / ".env").stat().st_mode & 0o077 == 0  # the token is the owner's secret
    profile = (tmp_path / env["ORGANISATION_FILE"]).read_text(encoding="utf-8")
    assert 'name = "Hjælpen i Hjørring"' in profile
    assert 'postcodes = ["9800", "9850"]' in profile
    assert "# Postcodes we help in." in profile  # the example's comments stay

    status, out, err = await run_once(["check"], setup.env(), tmp_path)
    assert status == 0, out + err
    assert out.count("✓") == 6 and "✗" not in out


async def test_an_expired_code_and_five_wrong_codes_get_clear_answers(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    kirsten = emulator.user(OWNER, "Kirsten", language_code="en")
    setup = SetupProcess(emulator, tmp_path)
    await setup.start()
    try:
        setup.answer("2", TOKEN)
        first = await setup.code()
        write_clock_file(setup.clock_file, NOW + timedelta(minutes=16))
        await kirsten.send(f"/owner {first}")
        await kirsten.expect("That code has expired")
        second = await setup.code()
        assert second != first
        for _ in range(5):
            await kirsten.send("/owner 000000")
        await kirsten.expect("Too many wrong codes")
        assert await setup.finish() == 2
        assert "Five wrong codes" in setup.output
    finally:
        await setup.kill()
    assert not (tmp_path / ".env").exists()


async def test_check_names_what_is_missing_in_one_line_each(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ADMIN_"))}
    env["DEFAULT_LOCALE"] = "en"
    status, out, _err = await run_once(["check"], env, tmp_path)
    assert status == 2
    assert "✗ Settings: no owner in ADMIN_IDS. Fix: run make setup" in out
