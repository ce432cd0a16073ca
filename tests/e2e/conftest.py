"""Fixtures for stories told through the real bot process and the local Bot API emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.harness import TOKEN, BotProcess


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN, bot_username="hjaelpebot_test") as emu:
        yield emu


@pytest.fixture
async def bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    """A started bot process; its log is printed when the test fails."""
    process = BotProcess(emulator, tmp_path, env={})
    await process.start()
    yield process
    status = await process.stop()
    report = getattr(request.node, "rep_call", None)
    if (report is not None and report.failed) or status not in (0, None, -9):
        print(f"---- bot log (exit {status}) ----\n{process.log()[-20000:]}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
