"""`make demo` answers in a terminal; --webhook mode receives updates with its secret."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import sys
from pathlib import Path

from emulator import BotApiEmulator
from tests.e2e.crash_support import crashing_at
from tests.e2e.harness import ADMIN_ID, ROOT, BotProcess


async def read_until(stream: asyncio.StreamReader, marker: str, timeout: float = 30) -> str:
    seen = ""

    async def collect() -> str:
        nonlocal seen
        while marker not in seen:
            chunk = await stream.read(4096)
            if not chunk:
                break
            seen += chunk.decode("utf-8", errors="replace")
        return seen

    return await asyncio.wait_for(collect(), timeout=timeout)


async def test_the_demo_answers_start_in_the_terminal(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ADMIN_", "DATABASE_"))}
    env["ORGANISATION_FILE"] = str(ROOT / "organisation.toml")
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(ROOT / "run_bot.py"),
        "--demo",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        banner = await read_until(process.stdout, "!help lists more")
        assert "Hjælpebot demo" in banner and "Type /start" in banner
        assert "m4.1 presses button 1" in banner and "\\1 sends the text 1" in banner
        process.stdin.write(b"/start\n")
        await process.stdin.drain()
        greeting = await read_until(process.stdout, "Velkommen til Hjælpesporet Herning")
        if "[1]" not in greeting:  # the menu's buttons, numbered, may come in the next chunk
            greeting += await read_until(process.stdout, "[1]")
        process.stdin.write(b"!as english\n/start\n")
        await process.stdin.drain()
        await read_until(process.stdout, "Welcome to Hjælpesporet Herning")
        process.stdin.write(b"!quit\n")
        await process.stdin.drain()
        assert await asyncio.wait_for(process.wait(), timeout=30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert (tmp_path / "data" / "demo.sqlite3").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode_receives_updates_with_the_secret(
    emulator: BotApiEmulator, tmp_path: Path
):
    bot = webhook_bot(emulator, tmp_path)
    await bot.start("--webhook")
    try:
        mette = emulator.user(2101, first_name="Mette", language_code="da")
        await mette.send("/start")
        await mette.expect("Velkommen", timeout=10)
        set_webhook = emulator.calls_to("setWebhook")[-1]
        assert set_webhook.params["secret_token"] == "s3cret-token_123"
    finally:
        await bot.stop()


def webhook_bot(emulator: BotApiEmulator, tmp_path: Path) -> BotProcess:
    port = free_port()
    return BotProcess(
        emulator,
        tmp_path,
        env={
            "WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
            "WEBHOOK_SECRET": "s3cret-token_123",
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": str(port),
        },
    )


async def test_webhook_mode_loses_no_update_killed_before_its_commit(
    emulator: BotApiEmulator, tmp_path: Path
):
    # Telegram never sends a webhook update again once it got its 200: the bot parks it
    # first, and after the crash the restarted bot handles it.
    sara = emulator.user(2102, first_name="Sara", language_code="da")
    board = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    bot = webhook_bot(emulator, tmp_path)
    await bot.start("--webhook")
    try:
        await sara.send("Hvornår kan jeg hente julekurven?")
        await sara.expect("Skal jeg sende din besked til os?", timeout=10)
        async with crashing_at(bot, "inbox.stored"):
            await sara.press("✉️ Ja, send den")
            await sara.expect("Din besked er sendt til os", timeout=20)
        await board.expect("Hvornår kan jeg hente julekurven?", timeout=10)
        await emulator.wait_until(lambda: not parked(bot), timeout=5)  # forgotten once done
    finally:
        await bot.stop()


async def test_webhook_mode_skips_an_unreadable_update_without_personal_data(
    emulator: BotApiEmulator, tmp_path: Path
):
    anna = emulator.user(2103, first_name="Anna Secret-Surname", language_code="da")
    bot = webhook_bot(emulator, tmp_path)
    await bot.start("--webhook")
    try:
        # A poll_answer without option_ids, which PTB 22.8 requires.
        poison = emulator.enqueue(
            "poll_answer", {"poll_id": "p1", "user": anna.json, "text": "private"}
        )
        await anna.send("/start")
        await anna.expect("Velkommen", timeout=10)
        await emulator.wait_until(lambda: "cannot be read" in bot.log(), timeout=5)
    finally:
        await bot.stop()
    assert "Secret-Surname" not in bot.log() and "private" not in bot.log()
    assert poison in emulator.updates.delivered_by_webhook  # answered 200: Telegram moves on


def parked(bot: BotProcess) -> list[tuple[object, ...]]:
    with sqlite3.connect(bot.database) as connection:
        return connection.execute("SELECT update_id FROM parked_updates").fetchall()


async def test_webhook_mode_needs_its_settings(tmp_path: Path):
    from tests.e2e.harness import TOKEN, run_once

    env = {**os.environ, "BOT_TOKEN": TOKEN, "ORGANISATION_FILE": str(ROOT / "organisation.toml")}
    status, _, err = await run_once(["--webhook"], env, tmp_path)
    assert status == 2 and "WEBHOOK_URL" in err
