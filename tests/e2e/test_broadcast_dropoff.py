"""Drop-off days on a schedule: the notice 7 days before and the reminder the evening before
arrive once each, also across restarts; a changed day is announced as changed, a cancelled one
never again; the weekly digest lists the coming days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from domain.clock import to_db
from emulator import BotApiEmulator
from storage.db import Database
from storage.dropoff_days import DropoffDayRepository
from tests.e2e.broadcast_support import bot_process, people, seed_people

CPH = ZoneInfo("Europe/Copenhagen")
MAJA, TOM, ANE = 40001, 40002, 40003  # Maja brings clothes, Tom reads English, Ane has not said yes
SUBSCRIBERS = [MAJA, TOM]
DAY_START = datetime(2026, 12, 12, 10, 0, tzinfo=CPH)  # a Saturday


async def add_day(database: Path, start: datetime, place: str = "Teglvænget 97") -> int:
    db = Database(database)
    await db.connect()
    now = datetime(2026, 11, 1, tzinfo=UTC)
    day = await DropoffDayRepository(db).create(
        starts_at=start.astimezone(UTC),
        ends_at=(start + timedelta(hours=3)).astimezone(UTC),
        place=place,
        volunteers_needed=2,
        created_by=9001,
        now=now,
    )
    await db.close()
    return day.id


async def accept_offer(database: Path, donor: int, day_id: int) -> None:
    db = Database(database)
    await db.connect()
    stamp = to_db(datetime(2026, 11, 2, tzinfo=UTC))
    await db.execute(
        "INSERT INTO offers (donor_id, category_key, description, quantity, condition, handover,"
        " dropoff_day_id, status, accepted_handover, accepted_day_id, idempotency_key,"
        " created_at, updated_at) VALUES (?, 'clothes', 'Vintertøj', 3, 'good', 'dropoff', ?,"
        " 'accepted', 'dropoff', ?, 'offer-1', ?, ?)",
        (donor, day_id, day_id, stamp, stamp),
    )
    await db.close()


async def seed(database: Path) -> int:
    await seed_people(database, SUBSCRIBERS, topic="dropoff", english=[TOM])
    await seed_people(database, [ANE])
    day_id = await add_day(database, DAY_START)
    await accept_offer(database, MAJA, day_id)
    return day_id


async def test_notice_and_reminder_arrive_once_each_also_across_restarts(
    emulator: BotApiEmulator, tmp_path: Path
):
    people(emulator, [*SUBSCRIBERS, ANE], english=[TOM])
    maja, tom, ane = (emulator.users[uid] for uid in (MAJA, TOM, ANE))
    async with bot_process(emulator, tmp_path) as bot:
        await seed(bot.database)
        bot.set_time(datetime(2026, 12, 4, 12, 0, tzinfo=CPH))  # 8 days before: nothing yet
        await bot.start()
        await maja.expect_no_message(within=0.6)

        bot.set_time(datetime(2026, 12, 5, 9, 59, 59, tzinfo=CPH))
        notice = await maja.expect("Indleveringsdag", timeout=10)
        assert "lørdag den 12. december kl. 10.00-13.00" in notice.plain_text
        assert "Teglvænget 97" in notice.plain_text
        assert "Du kommer med: 3 × Tøj." in notice.plain_text
        english = await tom.expect("Drop-off day", timeout=5)
        assert "Saturday 12 December, 10:00-13:00" in english.plain_text
        assert "bringing" not in english.plain_text

        # A kill -9 and a restart: the notice is not sent again, the reminder comes once.
        await bot.restart()
        await maja.expect_no_message(within=1.0)
        bot.set_time(datetime(2026, 12, 11, 17, 59, 59, tzinfo=CPH))
        reminder = await maja.expect("Husk: i morgen er der indleveringsdag", timeout=10)
        assert "Du kommer med: 3 × Tøj." in reminder.plain_text
        await tom.expect("Reminder: drop-off day tomorrow", timeout=5)
        bot.set_time(datetime(2026, 12, 11, 21, 0, tzinfo=CPH))
        await maja.expect_no_message(within=1.0)
        assert len(maja.messages) == 2 and len(tom.messages) == 2
        assert ane.messages == []


async def test_a_changed_day_is_announced_as_changed_and_a_cancelled_one_never_again(
    emulator: BotApiEmulator, tmp_path: Path
):
    people(emulator, [*SUBSCRIBERS, ANE], english=[TOM])
    maja = emulator.users[MAJA]
    async with bot_process(emulator, tmp_path) as bot:
        day_id = await seed(bot.database)
        bot.set_time(datetime(2026, 12, 6, 12, 0, tzinfo=CPH))  # inside the notice window
        await bot.start()
        await maja.expect("Indleveringsdag", timeout=10)

        db = Database(bot.database)
        await db.connect()
        days = DropoffDayRepository(db)
        later = DAY_START.replace(hour=12).astimezone(UTC)  # now 12-13
        await days.update(day_id, now=datetime(2026, 12, 6, 12, tzinfo=UTC), starts_at=later)
        changed = await maja.expect("Indleveringsdagen er ændret", timeout=10)
        assert "kl. 12.00-13.00" in changed.plain_text
        await emulator.users[TOM].expect("The drop-off day has changed", timeout=5)

        await days.cancel(day_id, datetime(2026, 12, 7, 12, tzinfo=UTC))
        await db.close()
        await maja.expect("Indleveringsdagen er aflyst", timeout=10)
        bot.set_time(datetime(2026, 12, 11, 18, 0, 1, tzinfo=CPH))  # reminder time: nothing
        await maja.expect_no_message(within=1.0)
        assert len(maja.messages) == 3  # notice, changed, cancelled


async def test_the_weekly_digest_lists_the_coming_days_once(
    emulator: BotApiEmulator, tmp_path: Path
):
    people(emulator, [*SUBSCRIBERS, ANE], english=[TOM])
    maja = emulator.users[MAJA]
    async with bot_process(emulator, tmp_path) as bot:
        await seed(bot.database)
        await add_day(bot.database, datetime(2026, 12, 2, 16, 0, tzinfo=CPH), "Hallen")
        bot.set_time(datetime(2026, 11, 30, 8, 59, 58, tzinfo=CPH))  # Monday, before 09:00
        await bot.start()
        digest = await maja.expect("De næste indleveringsdage", timeout=10)
        assert digest.plain_text.index("onsdag den 2. december") < digest.plain_text.index(
            "lørdag den 12. december"
        )
        await emulator.users[TOM].expect("The next drop-off days", timeout=5)
        await bot.restart()
        await maja.expect_no_message(within=1.0)
        assert emulator.users[ANE].messages == []


async def test_a_day_made_for_today_is_a_reminder_for_today_not_tomorrow(
    emulator: BotApiEmulator, tmp_path: Path
):
    people(emulator, SUBSCRIBERS, english=[TOM])
    maja, tom = emulator.users[MAJA], emulator.users[TOM]
    async with bot_process(emulator, tmp_path) as bot:
        await seed_people(bot.database, SUBSCRIBERS, topic="dropoff", english=[TOM])
        await add_day(bot.database, datetime(2026, 12, 12, 18, 0, tzinfo=CPH))
        bot.set_time(datetime(2026, 12, 12, 9, 0, tzinfo=CPH))  # the same Saturday morning
        await bot.start()
        reminder = await maja.expect("Husk: i dag er der indleveringsdag", timeout=10)
        assert "i morgen" not in reminder.plain_text
        assert "lørdag den 12. december kl. 18.00-21.00" in reminder.plain_text
        english = await tom.expect("Reminder: drop-off day today", timeout=5)
        assert "tomorrow" not in english.plain_text
        await bot.restart()
        await maja.expect_no_message(within=1.0)
