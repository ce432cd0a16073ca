"""The bot as a real process (run_bot.py) against the emulator, beside a bare PTB echo bot
(bench/_echo_bot.py) measured in the same run under the same latency:

- 100 people send /start at once, 50 ms per Bot API call: when the last one is answered;
- 500 people (BENCH_STEP_PEOPLE) each take 4 steps of the donation journey: every step
  answered? how many "query is too old" in the log?
- 10 busy people in a group while 20 others write privately: the private replies' p95;
- the rate limiter off, no latency: CPU per update and updates per second, against the echo bot;
- start to first reply and idle RSS with 100,000 people in the database, against a fresh one.

Loopback only, bounded waits; every process is stopped at the end."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from emulator import BotApiEmulator, EmulatedUser

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:TEST-token-for-the-local-emulator"
TICKS = os.sysconf("SC_CLK_TCK")
WAIT = 180.0  # the longest any one wait may take


class Process:
    """run_bot.py (kind "bot") or the echo bot (kind "echo") in a folder of its own."""

    def __init__(self, emu: BotApiEmulator, kind: str, folder: Path, **env: str) -> None:
        self.emu, self.kind, self.folder, self.extra = emu, kind, folder, env
        self.process: asyncio.subprocess.Process | None = None
        self.spawned = 0.0

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_"))}
        env.update(
            BOT_TOKEN=TOKEN,
            BOT_API_BASE_URL=self.emu.base_url,
            BOT_API_BASE_FILE_URL=self.emu.base_file_url,
            DATABASE_PATH=str(self.folder / "bot.sqlite3"),
            ADMIN_IDS="9001",
            ORGANISATION_FILE=str(ROOT / "organisation.toml"),
            LOG_LEVEL="INFO",
            PTB_TIMEDELTA="1",
            PYTHONPATH=str(ROOT),
        )
        env.update(self.extra)
        return env

    async def start(self, *, wait: bool = True) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.emu.polling_started.clear()
        script = ROOT / ("run_bot.py" if self.kind == "bot" else "bench/_echo_bot.py")
        log = (self.folder / "log.txt").open("ab")
        self.spawned = time.perf_counter()
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, str(script), cwd=self.folder, env=self.env(),
            stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
        )  # fmt: skip
        log.close()
        if wait:
            await asyncio.wait_for(self.emu.polling_started.wait(), 60)

    def cpu_seconds(self) -> float:
        assert self.process is not None
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    def rss_mb(self) -> float:
        assert self.process is not None
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def log(self) -> str:
        path = self.folder / "log.txt"
        return path.read_text(errors="replace") if path.exists() else ""

    async def stop(self) -> None:
        if self.process is None or self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), 20)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


async def answered(person: EmulatedUser, fragment: str) -> float | None:
    try:
        await person.expect(fragment, timeout=WAIT)
    except (AssertionError, TimeoutError):
        return None
    return time.perf_counter()


def people(emu: BotApiEmulator, first: int, count: int) -> list[EmulatedUser]:
    return [emu.user(first + n, first_name=f"P{n}", language_code="da") for n in range(count)]


async def crowd_start(emu: BotApiEmulator, bot: Process, first: int, count: int) -> float:
    """Seconds from the first /start until the last answer (inf if someone got none)."""
    crowd = people(emu, first, count)
    started = time.perf_counter()
    for person in crowd:
        await person.send("/start")
    times = await asyncio.gather(*(answered(person, "Velkommen") for person in crowd))
    if any(t is None for t in times):
        return float("inf")
    return max(t for t in times if t is not None) - started


async def four_steps(person: EmulatedUser) -> int:
    """The donation journey's first four steps; how many were answered."""
    steps = 0
    await person.send("/start")
    if await answered(person, "Velkommen") is None:
        return steps
    steps += 1
    for label, reply in (("Giv ting", "Tak, fordi du vil give"), ("Tøj", "For eksempel")):
        await person.press(label)
        if await answered(person, reply) is None:
            return steps
        steps += 1
    await person.send("To vinterjakker")
    if await answered(person, "Hvilken størrelse") is not None:
        steps += 1
    return steps


async def busy_group(emu: BotApiEmulator, first: int) -> list[float]:
    """10 people in a group send /start 5 times each, while 20 others write privately."""
    group = emu.group(-100_777, "Frivillige")
    busy = people(emu, first, 10)
    for person in busy:
        group.add_member(person)
    others = people(emu, first + 100, 20)
    for _ in range(5):
        for person in busy:
            await group.send(person, "/start")
    delays = []

    async def one(person: EmulatedUser) -> None:
        await asyncio.sleep(0.1 * others.index(person))
        sent = time.perf_counter()
        await person.send("/start")
        done = await answered(person, "Velkommen")
        delays.append(float("inf") if done is None else done - sent)

    await asyncio.gather(*(one(person) for person in others))
    return delays


def seed_many(path: Path, count: int) -> None:
    """count people with a language, user_data (a half-written draft) and a conversation step."""
    stamp = "2026-11-01T10:00:00.000000Z"
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO users (id, language, created_at, last_seen_at) VALUES (?, 'da', ?, ?)",
            [(uid, stamp, stamp) for uid in range(1_000_000, 1_000_000 + count)],
        )
        draft = '{"donate_draft":{"category":"clothes","description":"To jakker","size":"110"}}'
        conn.executemany(
            "INSERT INTO ptb_persistence (kind, key, data) VALUES ('user', ?, ?)",
            [(str(uid), draft) for uid in range(1_000_000, 1_000_000 + count)],
        )
        conn.executemany(
            "INSERT INTO ptb_persistence (kind, key, data) VALUES ('conv:donate', ?, '3')",
            [(f"[{uid}, {uid}]",) for uid in range(1_000_000, 1_000_000 + count // 5)],
        )


async def first_reply(emu: BotApiEmulator, folder: Path, many: int) -> tuple[float, float]:
    """(seconds from spawn to the first reply, idle RSS in MB)."""
    bot = Process(emu, "bot", folder)
    if many:
        await bot.start()  # creates the schema
        await bot.stop()
        seed_many(folder / "bot.sqlite3", many)
    person = emu.user(4242 + many, first_name="Først", language_code="da")
    await person.send("/start")
    await bot.start(wait=False)
    done = await answered(person, "Velkommen")
    took = float("inf") if done is None else done - bot.spawned
    await asyncio.sleep(3)
    rss = bot.rss_mb()
    await bot.stop()
    return took, rss


async def throughput(emu: BotApiEmulator, bot: Process, first: int, count: int):  # type: ignore[no-untyped-def]
    """(updates per second, ms of CPU per update) for count /start from count people. One
    bot at a time: two polling with one token would share the updates."""
    await bot.start()
    await crowd_start(emu, bot, first, 20)  # warm up
    cpu = bot.cpu_seconds()
    took = await crowd_start(emu, bot, first + 100, count)
    used = bot.cpu_seconds() - cpu
    await bot.stop()
    return count / took, used / count * 1000


ROUNDS = 5


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


async def run() -> None:
    # A bot stopped after its figure leaves a request half read: aiohttp logs it as an error.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    step_people = int(os.environ.get("BENCH_STEP_PEOPLE", "500"))
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        async with BotApiEmulator(token=TOKEN, bot_username="hjaelpebot_bench") as emu:
            emu.latency = 0.05
            echo = Process(emu, "echo", folder / "echo")
            await echo.start()
            echo_100 = await crowd_start(emu, echo, 10_000, 100)
            await echo.stop()
            # The same crowd with the limiter off: what the runtime does when Telegram's 30 a
            # second (30 at once, 70 more at 30/s: 2.33 s) is not the bound.
            free = Process(emu, "bot", folder / "free", HJAELPEBOT_BENCH_NO_RATE_LIMITER="1")
            await free.start()
            free_100 = await crowd_start(emu, free, 25_000, 100)
            await free.stop()
            bot = Process(emu, "bot", folder / "bot")
            await bot.start()
            bot_100 = await crowd_start(emu, bot, 20_000, 100)
            print(f"100 x /start at 50 ms: last answer after {bot_100:.2f} s"
                  f" (echo bot {echo_100:.2f} s, ratio {bot_100 / echo_100:.2f})")  # fmt: skip
            print(f"100 x /start at 50 ms, limiter off: last answer after {free_100:.2f} s")
            crowd = people(emu, 30_000, step_people)
            started = time.perf_counter()
            steps = await asyncio.gather(*(four_steps(person) for person in crowd))
            took = time.perf_counter() - started
            too_old = bot.log().lower().count("too old")
            early = bot.log().count("answered it early")
            print(f"{step_people} people x 4 steps at 50 ms: {sum(steps)} of {4 * step_people}"
                  f" steps answered in {took:.1f} s; presses answered too late: {too_old},"
                  f" answered early while waiting: {early}")  # fmt: skip
            delays = await busy_group(emu, 40_000)
            print(f"10 busy in a group, 20 private: private reply p95 {p95(delays):.2f} s,"
                  f" median {statistics.median(delays):.2f} s")  # fmt: skip
            await bot.stop()

            emu.latency = 0.0
            count = 300
            # Rounds alternate between the two, so a busy moment of the machine falls on both;
            # the median of the rounds' ratios is printed, with their spread.
            echo = Process(emu, "echo", folder / "echo2")
            bot = Process(emu, "bot", folder / "bot2", HJAELPEBOT_BENCH_NO_RATE_LIMITER="1")
            rates, cpus = [], []
            for round_ in range(ROUNDS):
                echo_rate, echo_cpu = await throughput(emu, echo, 50_000 + round_ * 1000, count)
                bot_rate, bot_cpu = await throughput(emu, bot, 60_000 + round_ * 1000, count)
                rates.append((bot_rate / echo_rate, bot_rate, echo_rate))
                cpus.append((bot_cpu / echo_cpu, bot_cpu, echo_cpu))
            rate, bot_rate, echo_rate = sorted(rates)[ROUNDS // 2]
            cpu, bot_cpu, echo_cpu = sorted(cpus)[ROUNDS // 2]
            print(f"limiter off, {ROUNDS} rounds of {count} x /start, median: {bot_rate:.0f}"
                  f" updates/s (echo {echo_rate:.0f}, ratio {rate:.2f}, rounds"
                  f" {min(r[0] for r in rates):.2f}-{max(r[0] for r in rates):.2f});"
                  f" CPU {bot_cpu:.2f} ms/update (echo {echo_cpu:.2f}, ratio {cpu:.2f}, rounds"
                  f" {min(c[0] for c in cpus):.2f}-{max(c[0] for c in cpus):.2f})")  # fmt: skip

            fresh_time, fresh_rss = await first_reply(emu, folder / "fresh", 0)
            many_time, many_rss = await first_reply(emu, folder / "many", 100_000)
            print(f"start to first reply: {many_time:.2f} s with 100,000 people"
                  f" ({fresh_time:.2f} s fresh);"
                  f" idle RSS {many_rss:.0f} MB ({fresh_rss:.0f} MB)")  # fmt: skip
            # Over a network, every Bot API call before polling starts delays the first answer.
            emu.latency = 0.05
            slow_time, _ = await first_reply(emu, folder / "many50", 100_000)
            print(f"start to first reply at 50 ms a call, 100,000 people: {slow_time:.2f} s")


def main() -> None:
    asyncio.run(run())
