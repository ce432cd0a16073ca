"""Steps shared by the help request stories: a family walks through /hjaelp in Danish.

Each helper waits for the bot's answer before the next step, as a person reading would.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from emulator import BotApiEmulator, BotMessage, EmulatedUser
from tests.e2e.harness import BotProcess

# Inside the julehjælp window (1 Nov - 10 Dec) and outside it; a Friday morning in Herning.
IN_SEASON = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
BEFORE_SEASON = datetime(2026, 10, 15, 9, 0, tzinfo=UTC)


# A family answers quickly in a test: the flood guard must not slow the story down, and
# scheduled work (the feedback question, retention) is looked for often.
STORY_ENV = {"FLOOD_MAX_UPDATES": "1000", "JOB_TICK_SECONDS": "0.3"}


@contextlib.asynccontextmanager
async def running_bot(
    emulator: BotApiEmulator,
    workdir: Path,
    request: pytest.FixtureRequest,
    env: dict[str, str] | None = None,
    start_at: datetime | None = None,
) -> AsyncIterator[BotProcess]:
    """Like the shared `bot` fixture, with STORY_ENV; prints the bot's log when a test fails."""
    process = BotProcess(emulator, workdir, env={**STORY_ENV, **(env or {})})
    if start_at is not None:
        process.set_time(start_at)
    await process.start()
    try:
        yield process
    finally:
        status = await process.stop()
        report = getattr(request.node, "rep_call", None)
        if (report is not None and report.failed) or status not in (0, None, -9):
            print(f"---- bot log (exit {status}) ----\n{process.log()[-20000:]}")


@dataclass
class Family:
    kind: str = "Tøj"
    adults: str = "2"
    # (age, size or None for "Ved ikke"); sizes are only asked for clothes and shoes.
    children: Sequence[tuple[str, str | None]] = (("7", "122"), ("4", None))
    needs: str = "Vinterjakker og varme støvler til Noah og Zelmira"
    postcode: str = "7400"
    referral: tuple[str, str | None] | None = ("Sagsbehandler", "Lone fra jobcentret")
    # "share": the request_contact button; None: only Telegram; else a typed number.
    phone: str | None = "share"
    sizes: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.sizes = self.kind in ("Tøj", "Sko")


def rows(bot: BotProcess, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Reads the bot's database file directly, as an auditor would."""
    with contextlib.closing(sqlite3.connect(bot.database)) as conn:
        return [tuple(row) for row in conn.execute(sql, params).fetchall()]


def add_dropoff_day(bot: BotProcess) -> int:
    """Saturday 28 November 2026, 10-13 in Herning (09-12 UTC)."""
    with sqlite3.connect(bot.database) as conn:
        cursor = conn.execute(
            "INSERT INTO dropoff_days (starts_at, ends_at, place, volunteers_needed,"
            " created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?)",
            (
                "2026-11-28T09:00:00.000000Z",
                "2026-11-28T12:00:00.000000Z",
                "Teglvænget 97, Herning",
                "2026-11-01T00:00:00.000000Z",
                "2026-11-01T00:00:00.000000Z",
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


def file_bytes(bot: BotProcess) -> bytes:
    """The database file and its WAL, byte for byte, as they lie on disk."""
    wal = bot.database.with_name(bot.database.name + "-wal")
    return bot.database.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def consent(user: EmulatedUser) -> None:
    await user.send("/hjaelp")
    intro = await user.expect("Bed om hjælp")
    assert "Dine data" in intro.text and "/sletdata" in intro.text
    await user.press("Ja, fortsæt")
    await user.expect("Hvad har du brug for hjælp til?")


async def household(user: EmulatedUser, family: Family) -> None:
    await user.expect("Hvor mange voksne")
    await user.press(family.adults)
    await user.expect("Hvor mange børn under 18")
    await user.send(str(len(family.children)))
    for number, (age, size) in enumerate(family.children, start=1):
        who = "dit barn" if len(family.children) == 1 else f"barn nr. {number}"
        await user.expect(f"Hvor gammel er {who}")
        await user.send(age)
        if family.sizes:
            await user.expect(
                f"Hvilken størrelse {'sko ' if family.kind == 'Sko' else ''}bruger {who}"
            )
            if size is None:
                await user.press("Ved ikke")
            else:
                await user.send(size)


async def after_household(user: EmulatedUser, family: Family) -> BotMessage:
    """Needs, postcode, referral and contact; returns the summary."""
    await user.expect("Hvad har du brug for?")
    await user.send(family.needs)
    await user.expect("Hvad er dit postnummer")
    await user.send(family.postcode)
    await user.expect("Har nogen sendt dig til os")
    if family.referral is None:
        await user.press("Spring over")
    else:
        label, note = family.referral
        await user.press(label)
        if label != "Jeg kom selv":
            await user.expect("Hvem?")
            if note is None:
                await user.press("Spring over")
            else:
                await user.send(note)
    await user.expect("Vi skriver til dig her på Telegram")
    if family.phone == "share":
        await user.reply_button("Del mit nummer")
    elif family.phone is None:
        await user.reply_button("Kun Telegram")
    else:
        await user.send(family.phone)
    await user.expect("Tak 👍")
    return await user.expect("Dit ønske")


async def ask_for_help(user: EmulatedUser, family: Family) -> BotMessage:
    """From /hjaelp to the summary; returns the summary message."""
    await consent(user)
    await user.press(family.kind)
    await household(user, family)
    return await after_household(user, family)


async def send(user: EmulatedUser) -> str:
    """Presses Send on the summary; returns the reference the person is given."""
    await user.press("Send")
    done = await user.expect("Dit nummer er")
    assert "Du hører fra os inden for 3 dage" in done.text
    assert done.text.count("Du hører fra os") == 1
    reference = done.plain_text.split("Dit nummer er ")[1].split(".")[0]
    # The summary became the record of what was sent (an edit, without its question or
    # buttons): read it, so a later request's summary is not mistaken for it.
    record = await user.expect(f"Dit ønske {reference} er sendt")
    assert "Så tryk på Send" not in record.text and not record.button_data
    return reference


async def request_sent(user: EmulatedUser, family: Family | None = None) -> str:
    await ask_for_help(user, family or Family())
    return await send(user)


def answered(user: EmulatedUser, fragment: str) -> bool:
    """Whether a button press of the person got a pop-up answer containing the fragment."""
    return any(fragment in (answer.get("text") or "") for answer in user.callback_answers)


async def saved_at_step(emulator: BotApiEmulator, bot: BotProcess, user_id: int, step: str) -> None:
    """Waits until the conversation step is on disk (a kill -9 between two messages)."""
    key = f"[{user_id}, {user_id}]"

    def saved() -> bool:
        found = rows(
            bot,
            "SELECT data FROM ptb_persistence WHERE kind = 'conv:request_help' AND key = ?",
            (key,),
        )
        return found == [(f'"{step}"',)]

    await emulator.wait_until(saved, timeout=5, message=f"step {step} was not saved")
