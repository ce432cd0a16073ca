"""Shifts and reminders, tried as volunteers would: places, the waitlist, the race for the last
place, calendar files, reminders across crashes and summer time, "I can't come", short days.
"""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from emulator import BotApiEmulator, EmulatedUser
from tests.e2e.harness import BotProcess
from tests.e2e.volunteer_steps import (
    admin_of,
    clocked_bot,
    create_day,
    local,
    pressed_alert,
    register,
    volunteer,
)

__all__ = ["clocked_bot"]

DAY = "lørdag den 12. december kl. 10.00-13.00"


async def take(person: EmulatedUser, label: str = "tag vagten") -> None:
    await person.send("/vagter")
    await person.press(label, await person.expect("Kommende vagter"))


def count(bot: BotProcess, sql: str) -> int:
    with sqlite3.connect(bot.database) as connection:
        return int(connection.execute(sql).fetchone()[0])


def reminders(person: EmulatedUser) -> list[str]:
    return [m.text for m in person.messages if "Husk: du har vagt" in m.text]


async def test_three_volunteers_for_two_places_one_waits_and_moves_up(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 2")
    anna = await volunteer(emulator, 5001, "Anna")
    bent = await volunteer(emulator, 5002, "Bent")
    carl = await volunteer(emulator, 5003, "Carl")
    await anna.send("/vagter")
    listed = await anna.expect("Kommende vagter")
    assert "2 af 2 pladser ledige" in listed.text
    pressed = await anna.press("tag vagten", listed)
    await anna.expect("Du har vagten")
    refreshed = await anna.expect("du er på")  # the list redrawn under her press
    assert "1 af 2 pladser ledige" in refreshed.text and "forlad" in str(refreshed.buttons)
    await anna.expect("Føj til kalender")
    emulator.deliver_again(pressed)  # Telegram delivers the press twice
    alert = await pressed_alert(emulator, anna, "shift:take:1", listed)  # she presses again
    assert "Du har allerede den vagt" in alert
    await anna.expect_no_message(within=0.3)
    assert count(clocked_bot, "SELECT COUNT(*) FROM shift_signups") == 1
    await take(bent)
    await bent.expect("Du har vagten")

    await carl.send("/vagter")
    full = await carl.expect("Kommende vagter")
    assert "fuldt" in full.text and "0 på ventelisten" not in full.text
    await carl.press("skriv mig på venteliste", full)
    await carl.expect("Du er nr. 1 på ventelisten")

    await bent.send("/vagter")
    await bent.press("forlad", await bent.expect("Kommende vagter"))
    await bent.expect("du er taget af vagten")
    moved_up = await carl.expect("Godt nyt")
    assert DAY in moved_up.text
    assert moved_up.buttons == [["🙅 Jeg kan ikke komme"], ["✉️ Skriv til os"]]
    calendar = await carl.expect("Føj til kalender")
    assert calendar.document_name == "vagt-2026-12-12.ics"
    await admin.send("/roster 2026-12-12")
    roster = await admin.expect("Vagtplan")
    assert "1. Anna" in roster.text and "2. Carl" in roster.text and "Bent" not in roster.text


async def test_two_pressing_the_last_place_at_once_one_gets_it_the_other_waits(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 1")
    anna = await volunteer(emulator, 5101, "Anna")
    bent = await volunteer(emulator, 5102, "Bent")
    lists = []
    for person in (anna, bent):
        await person.send("/vagter")
        lists.append(await person.expect("1 af 1 plads ledig"))
    await asyncio.gather(anna.press("tag vagten", lists[0]), bent.press("tag vagten", lists[1]))

    def outcome(person: EmulatedUser) -> list[str]:
        return [
            m.text
            for m in person.messages
            if "Du har vagten" in m.text or "En anden var hurtigere" in m.text
        ]

    await emulator.wait_until(lambda: bool(outcome(anna) and outcome(bent)), timeout=5)
    texts = outcome(anna) + outcome(bent)
    got = [text for text in texts if "Du har vagten" in text]
    waiting = [text for text in texts if "En anden var hurtigere" in text]
    assert len(got) == 1 and len(waiting) == 1, texts
    assert "nr. 1 på ventelisten" in waiting[0]
    assert count(clocked_bot, "SELECT COUNT(*) FROM shift_signups WHERE status='confirmed'") == 1


async def test_calendar_file_and_reminder_keep_local_time_across_summer_time(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    clocked_bot.set_time(local(2027, 3, 20, 9))  # winter time; the shift is in summer time
    admin = admin_of(emulator)
    await create_day(admin, "2027-04-03 10:00-13:00 2")
    tom = await volunteer(emulator, 5201, "Tom")
    await tom.send("/language")
    await tom.press("English", await tom.expect("Vælg sprog"))
    await tom.expect("I will write to you in English")
    await tom.send("/shifts")
    await tom.press("take", await tom.expect("Coming shifts"))
    await tom.expect("You are on the shift")
    document = await tom.expect("Add to calendar")
    assert document.document_name == "shift-2027-04-03.ics"
    assert document.document_bytes is not None
    calendar = Calendar.from_ical(document.document_bytes)
    event = next(iter(calendar.walk("VEVENT")))
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start, end) == (local(2027, 4, 3, 10), local(2027, 4, 3, 13))
    assert str(start.tzinfo) == "Europe/Copenhagen" and start.utcoffset() == timedelta(hours=2)
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert any(c.name == "VTIMEZONE" for c in calendar.subcomponents)
    assert "Teglvænget 97" in str(event["LOCATION"])

    due = datetime(2027, 4, 2, 8, 0, tzinfo=UTC)  # 24 hours before 10:00 summer time
    clocked_bot.set_time(due - timedelta(minutes=1))  # a minute early: quiet, even on a slow run
    await tom.expect_no_message(within=1.0)
    clocked_bot.set_time(due)
    reminder = await tom.expect("Reminder: your shift is tomorrow", timeout=4)
    assert "Saturday 3 April, 10:00-13:00, Teglvænget 97" in reminder.text
    assert reminder.buttons == [["🙅 I can't come"], ["✉️ Write to us"]]
    # A question about the shift goes to a person: the board gets it as Tom's thread.
    await tom.press("✉️ Write to us", reminder)
    await tom.expect("Write your message to us here")
    await tom.send("Can I bring my son to help?")
    await tom.expect("Your message is sent to us")
    thread = await admin.expect("Besked fra Tom")
    assert "Can I bring my son to help?" in thread.plain_text and "frivillig" in thread.plain_text


async def test_reminder_comes_at_its_time_and_once_across_kills_and_restarts(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 1")
    anna = await volunteer(emulator, 5301, "Anna")
    await take(anna)
    await anna.expect("Du har vagten")
    await anna.expect("Føj til kalender")

    await clocked_bot.outbox_settled()  # the calendar file is not on the wire at the kill
    await clocked_bot.kill()  # down before the day-before reminder is due
    clocked_bot.set_time(local(2026, 12, 11, 9, 58))
    await clocked_bot.start()  # rebuilt from the database
    clocked_bot.set_time(local(2026, 12, 11, 9, 59))  # a minute early: quiet
    await anna.expect_no_message(within=1.0)
    clocked_bot.set_time(local(2026, 12, 11, 10, 0))
    first = await anna.expect("Husk: du har vagt i morgen", timeout=4)
    assert DAY in first.text and ["🙅 Jeg kan ikke komme"] in first.buttons

    await clocked_bot.outbox_settled()
    await clocked_bot.kill()  # down while the 2-hour reminder falls due
    clocked_bot.set_time(local(2026, 12, 12, 8, 20))
    await clocked_bot.start()
    late = await anna.expect("Husk: du har vagt i dag", timeout=5)
    assert DAY in late.text
    await anna.expect_no_message(within=1.0)  # several ticks, and a restart: nothing twice
    assert len(reminders(anna)) == 2
    assert count(clocked_bot, "SELECT COUNT(*) FROM outbox WHERE dedup_key LIKE 'reminder:%'") == 2


async def test_i_cant_come_frees_the_place_and_the_waitlist_moves_up(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 1")
    anna = await volunteer(emulator, 5401, "Anna")
    bent = await volunteer(emulator, 5402, "Bent")
    await take(anna)
    await anna.expect("Føj til kalender")
    await take(bent, "venteliste")
    await bent.expect("nr. 1 på ventelisten")

    clocked_bot.set_time(local(2026, 12, 11, 10, 0, 1))
    reminder = await anna.expect("Husk: du har vagt i morgen")
    await anna.press("Jeg kan ikke komme", reminder)
    await anna.expect("Din plads er ledig nu")
    await bent.expect("Godt nyt")
    await bent.expect("Føj til kalender")
    note = await admin.expect("Anna kan ikke komme")
    assert "0 af 1 plads ledig" not in note.text and "fuldt" in note.text
    alert = await pressed_alert(emulator, anna, "shift:cant:1", reminder)  # pressed again
    assert "ikke på den vagt mere" in alert
    assert reminders(bent) == []  # his place came after the day-before reminder
    clocked_bot.set_time(local(2026, 12, 12, 8, 0, 1))
    await bent.expect("Husk: du har vagt i dag")


async def test_short_day_calls_the_admins_and_the_other_volunteers_once(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 2")
    anna = await volunteer(emulator, 5501, "Anna")
    bent = await volunteer(emulator, 5502, "Bent")
    carl = await volunteer(emulator, 5503, "Carl")
    dina = emulator.user(5504, first_name="Dina", language_code="da")
    await register(dina, "Dina")  # not approved: not asked
    await admin.expect("Ny frivillig: Dina")
    await take(anna)
    await anna.expect("Føj til kalender")

    # A minute before the 48 hours: nothing yet (a minute of margin, so a slow test process
    # cannot let the bot's running clock reach the moment inside the quiet window).
    clocked_bot.set_time(local(2026, 12, 10, 9, 59, 0))
    await bent.expect_no_message(within=0.5)
    clocked_bot.set_time(local(2026, 12, 10, 10, 0, 0))  # 48 hours before
    alert = await admin.expect("Mangler frivillige", timeout=4)
    assert DAY in alert.text and "1 af 2 pladser er taget" in alert.text
    assert "bedt 2 frivillige om hjælp" in alert.text
    calls = [await person.expect("Vi mangler hænder") for person in (bent, carl)]
    assert "1 af 2 pladser ledige" in calls[0].text
    await bent.press("Tag en plads", calls[0])
    await bent.expect("Du har vagten")
    await bent.expect("Føj til kalender")
    await carl.press("Tag en plads", calls[1])  # too late: the day is full now
    offer = await carl.expect("Dagen er fuld nu – tak! Vil du på ventelisten?")
    assert count(clocked_bot, "SELECT COUNT(*) FROM shift_signups") == 2
    await carl.press("skriv mig på ventelisten", offer)
    await carl.expect("Du er nr. 1 på ventelisten")
    await anna.expect_no_message(within=0.5)
    await dina.expect_no_message(within=0.1)

    await admin.expect_no_message(within=1.0)  # several ticks: asked once
    assert [m for m in carl.messages if "Vi mangler hænder" in m.text] == calls[1:]
    assert count(clocked_bot, "SELECT COUNT(*) FROM outbox WHERE dedup_key LIKE 'short:%'") == 3


async def test_after_the_day_an_admin_marks_who_came_and_mine_shows_the_hours(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 2")
    anna = await volunteer(emulator, 5601, "Anna")
    bent = await volunteer(emulator, 5602, "Bent")
    for person in (anna, bent):
        await take(person)
        await person.expect("Føj til kalender")
    await anna.send("/mine")
    mine = await anna.expect("Dine vagter")
    assert f"{DAY}, Teglvænget 97, 7400 Herning · ✅ du er på" in mine.text

    clocked_bot.set_time(local(2026, 12, 12, 13, 5))
    ask = await admin.expect("Hvem kom?", timeout=5)
    assert "❔ Anna" in ask.text and "❔ Bent" in ask.text
    alert = await pressed_alert(emulator, anna, "att:1:1:1", ask)
    assert "Kun bestyrelsen" in alert
    await admin.press("✅ Anna", ask)
    marked = await admin.expect("✅ Anna")
    await admin.press("❌ Bent", marked)
    marked = await admin.expect("❌ Bent")
    assert "✅ Anna" in marked.text

    await anna.send("/mine")
    mine = await anna.expect("Dine vagter")
    assert "Vagter, du er kommet til: 1. Timer i alt: 3." in mine.text
    await bent.send("/mine")
    mine = await bent.expect("Dine vagter")
    assert "Timer i alt" not in mine.text


async def test_moving_up_a_second_time_is_told_again_with_a_calendar_file(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 1")
    anna = await volunteer(emulator, 5001, "Anna")
    bent = await volunteer(emulator, 5002, "Bent")

    async def take(person: EmulatedUser, label: str = "tag vagten") -> None:
        """Presses in a fresh /vagter list (older lists get redrawn under earlier presses)."""
        before = len(person.messages)
        await person.send("/vagter")
        await emulator.wait_until(lambda: len(person.messages) > before, timeout=5)
        await person.press(label, person.messages[-1])

    for round_ in (1, 2):  # take, wait, leave; then all over again with the same two people
        await take(anna)
        await anna.expect("Du har vagten")
        await anna.expect("Føj til kalender")
        await take(bent, "skriv mig på venteliste")
        await bent.expect("Du er nr. 1 på ventelisten")
        await take(anna, "forlad")
        await anna.expect("du er taget af vagten")
        await bent.expect("Godt nyt")
        await bent.expect("Føj til kalender")
        assert len([m for m in bent.messages if "Godt nyt" in m.text]) == round_
        await take(bent, "forlad")
        await bent.expect("du er taget af vagten")
    files = [m for m in bent.messages if m.document_name == "vagt-2026-12-12.ics"]
    assert len(files) == 2
