"""Shared pieces of the /donate stories: a bot with two drop-off days, and a quick offer."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from emulator import BotApiEmulator, BotMessage, EmulatedUser
from storage.db import Database
from storage.dropoff_days import DropoffDayRepository
from tests.e2e.harness import BotProcess

# Wednesday 18 November 2026, 10.00 in Herning. The days are the Saturdays after.
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)
FIRST_DAY = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)  # lørdag den 21. november kl. 10.00-13.00
SECOND_DAY = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
PLACE = "Teglvænget 97, 7400 Herning"


async def seed_days(database: Path, starts: list[datetime]) -> None:
    db = Database(database)
    await db.connect()
    try:
        repo = DropoffDayRepository(db)
        for start in starts:
            await repo.create(
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                place=PLACE,
                volunteers_needed=3,
                created_by=None,
                now=NOW,
            )
    finally:
        await db.close()


@asynccontextmanager
async def donation_bot(
    emulator: BotApiEmulator,
    workdir: Path,
    env: Mapping[str, str] | None = None,
    days: tuple[datetime, ...] = (FIRST_DAY, SECOND_DAY),
) -> AsyncIterator[BotProcess]:
    """The real bot, its clock at NOW, with the given drop-off days; its log on failure."""
    # The stories type faster than any person; the flood guard has its own test.
    process = BotProcess(emulator, workdir, env={"FLOOD_MAX_UPDATES": "1000", **(env or {})})
    process.set_time(NOW)
    await seed_days(process.database, list(days))
    await process.start()
    try:
        yield process
        # Every story also checks that no update ended in the error handler.
        assert "Error while handling" not in process.log(), process.log()[-5000:]
    except BaseException:
        print(f"---- bot log ----\n{process.log()[-20000:]}")
        raise
    finally:
        await process.stop()


def rows(bot: BotProcess, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Reads the bot's database from the test (the bot keeps running; WAL allows readers)."""
    with sqlite3.connect(f"file:{bot.database}?mode=ro", uri=True) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute(sql, params)]


def offers(bot: BotProcess) -> list[dict[str, Any]]:
    return rows(bot, "SELECT *, reference FROM offers ORDER BY id")


async def quick_offer_da(
    user: EmulatedUser,
    category: str = "Legetøj",
    description: str = "En kasse LEGO, næsten ny",
    photos: int = 0,
    size: str | None = None,
    quantity: str = "2",
    captions: tuple[str | None, ...] = (),
) -> BotMessage:
    """A Danish offer without phone (a size for clothes), up to the summary; captions: one
    photo each, with those words under it (None: none), instead of `photos` plain ones."""
    await user.send("/doner")
    await user.expect("Hvad vil du give?")
    await user.press(category)
    await user.expect("Skriv lidt om det")
    await user.send(description)
    if size is not None:
        await user.expect("Hvilken størrelse?")
        await user.send(size)
    await user.expect("Hvor mange?")
    await user.press(quantity)
    await user.expect("Er det som nyt, godt eller slidt?")
    await user.press("God")
    await user.expect("Send gerne op til 5 billeder")
    shown = captions or (None,) * photos
    for count, caption in enumerate(shown, start=1):
        await user.send_photo(caption=caption)
        await user.expect(f"Jeg har {count} af 5")
    await user.press("Færdig" if shown else "Spring over")
    await user.expect("Vores indleveringsdage")
    await user.press("21. nov.")
    await user.expect("Hvordan får vi fat i dig?")
    await user.reply_button("Kun Telegram")
    await user.expect("Vi skriver til dig her")
    return await user.expect("Dit tilbud")


async def send_quick_offer_da(user: EmulatedUser, **kwargs: Any) -> str:
    """Sends a quick Danish offer; returns its reference (G-1001 …)."""
    await quick_offer_da(user, **kwargs)
    await user.press("Send")
    confirmation = await user.expect("Dit tilbud er sendt")
    reference = confirmation.plain_text.split("nummer ")[1].split(".")[0]
    assert reference.startswith("G-")
    # The summary becomes a plain record of the offer: its number, no question, no buttons.
    record = await user.expect(f"Dit tilbud {reference}")
    assert "Er det rigtigt?" not in record.plain_text and record.buttons == []
    return reference


async def send_quick_offer_en(
    user: EmulatedUser,
    description: str = "A box of books",
    category: str = "Other",
    size: str | None = None,
) -> str:
    """Sends a quick English offer (other things, one, good, no photos, first day)."""
    await user.send("/donate")
    await user.expect("What would you like to give?")
    await user.press(category)
    await user.expect("Write a few words about it")
    await user.send(description)
    if size is not None:
        await user.expect("Which size?")
        await user.send(size)
    await user.expect("How many?")
    await user.press("1")
    await user.expect("What condition is it in?")
    await user.press("Good")
    await user.expect("Send up to 5 photos")
    await user.press("Skip")
    await user.expect("When can you bring it?")
    await user.press("21 Nov")
    await user.expect("How can we reach you?")
    await user.reply_button("Only Telegram")
    await user.expect("Your offer")
    await user.press("Send")
    confirmation = await user.expect("Your offer is sent")
    reference = confirmation.plain_text.split("number is ")[1].split(".")[0]
    record = await user.expect(f"Your offer {reference}")
    assert "Is it all right?" not in record.plain_text and record.buttons == []
    return reference


def saved_step(bot: BotProcess, user_id: int) -> str | None:
    """The /donate state the bot has saved for a person (what survives a kill -9)."""
    found = rows(
        bot,
        "SELECT data FROM ptb_persistence WHERE kind = 'conv:donate' AND key = ?",
        (json.dumps([user_id, user_id]),),
    )
    return json.loads(found[0]["data"]) if found else None


def saved_draft(bot: BotProcess, user_id: int) -> dict[str, Any]:
    found = rows(
        bot, "SELECT data FROM ptb_persistence WHERE kind = 'user' AND key = ?", (str(user_id),)
    )
    return json.loads(found[0]["data"]).get("donate_draft") or {} if found else {}
