"""`make demo`: the real bot against the local Bot API emulator, with a chat in this terminal.

No token and no network: the emulator plays Telegram on 127.0.0.1, and the person at the
keyboard plays the users (a donor, a recipient, a volunteer, an admin), switching with `!as`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

from pydantic import SecretStr

from bot.runner import running_bot
from bot.settings import Settings
from domain.clock import SystemClock, to_db
from domain.organisation import load_organisation
from emulator import BotApiEmulator, run_terminal_chat
from storage.db import Database
from storage.volunteers import VolunteerRepository

logger = logging.getLogger(__name__)

DEMO_TOKEN = "123456789:DEMO-token-for-the-local-emulator"
DEMO_DIR = Path("data")
DEMO_DATABASE = DEMO_DIR / "demo.sqlite3"

# (identity, Telegram user id, first name, Telegram language)
IDENTITIES = [
    ("donor", 1001, "Mette", "da"),
    ("recipient", 1002, "Amina", "da"),
    ("volunteer", 1003, "Jens", "da"),
    ("admin", 1004, "Birgitte", "da"),
    ("english", 1005, "Tom", "en"),
]
ADMIN_ID = 1004
GROUP_ID = -1001234567890

BANNER = """\
Hjælpebot demo: you chat with the real bot; a local emulator plays Telegram.
You are {who}. Type /start to begin. Type a number to press a button;
m4.1 presses button 1 of the message shown as [m4]; \\1 sends the text 1 (an age).
!as donor | recipient | volunteer | admin | english  switches who you are; !help lists more.
Logs: {log}. The demo database starts afresh each time: {db}
"""


def demo_settings(settings: Settings, emulator: BotApiEmulator) -> Settings:
    return settings.model_copy(
        update={
            "bot_token": SecretStr(DEMO_TOKEN),
            "bot_api_base_url": emulator.base_url,
            "bot_api_base_file_url": emulator.base_file_url,
            "database_path": DEMO_DATABASE,
            "admin_ids": [ADMIN_ID],
            "admin_chat_id": None,
            "clock_file": None,
        }
    )


async def seed(database: Path, settings: Settings) -> None:
    """Fresh sample data: the next two Saturdays are drop-off days."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    place = load_organisation(settings.organisation_file).address
    db = Database(database)
    await db.connect()
    try:
        now = SystemClock().now()
        today = now.astimezone(settings.zone).date()
        saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
        for day in (saturday, saturday + timedelta(days=14)):
            starts = datetime.combine(day, time(10, 0), settings.zone)
            await db.insert(
                "INSERT INTO dropoff_days (starts_at, ends_at, place, volunteers_needed,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    to_db(starts),
                    to_db(starts + timedelta(hours=3)),
                    place,
                    4,
                    to_db(now),
                    to_db(now),
                ),
            )
        await seed_volunteer(db, now)
    finally:
        await db.close()


async def seed_volunteer(db: Database, now: datetime) -> None:
    """Jens (the demo volunteer) is already approved, so /vagter can be tried at once."""
    volunteers = VolunteerRepository(db)
    jens, _ = await volunteers.register(
        user_id=1003,
        name="Jens Hansen",
        phone="+4520123456",
        skills=["sorting"],
        consent_at=now,
        now=now,
    )
    await volunteers.approve(jens.id, ADMIN_ID, now)


async def run_demo(settings: Settings, configure_logging: Callable[..., None]) -> int:
    DEMO_DIR.mkdir(parents=True, exist_ok=True)
    log_file = DEMO_DIR / "demo.log"
    configure_logging(settings, to_file=str(log_file))
    async with BotApiEmulator(token=DEMO_TOKEN, bot_username="hjaelpebot_demo") as emulator:
        users = {
            name: emulator.user(user_id, first_name=first, language_code=language)
            for name, user_id, first, language in IDENTITIES
        }
        group = emulator.group(GROUP_ID, "Naboer i Herning")
        config = demo_settings(settings, emulator)
        await seed(DEMO_DATABASE, config)
        async with running_bot(config):
            print(BANNER.format(who="donor (Mette)", log=log_file, db=DEMO_DATABASE), flush=True)
            await run_terminal_chat(emulator, users, group, start_as="donor")
    return 0
