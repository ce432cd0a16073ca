"""Drop-off days, tried as people would: admins create, plan, move and cancel them; all see them.

The bot's clock starts on Monday 30 November 2026 at 09:00 in Herning (volunteer_steps.MONDAY).
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from icalendar import Calendar

from domain.offer_draft import OfferDraft
from domain.offers import Condition, Handover
from emulator import BotApiEmulator
from storage.db import Database
from storage.offers import OfferRepository
from tests.e2e.harness import BotProcess
from tests.e2e.volunteer_steps import (
    CPH,
    admin_of,
    clocked_bot,
    create_day,
    local,
    pressed_alert,
    volunteer,
)

__all__ = ["clocked_bot"]

DAY = "lørdag den 12. december kl. 10.00-13.00, Teglvænget 97"


async def test_admin_creates_a_day_in_one_line_and_everyone_sees_it_in_their_language(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await admin.send("/newdate 2026-12-12 10:00-13:00 4")
    created = await admin.expect("Indleveringsdag oprettet")
    assert DAY in created.text and "Frivillige: 4" in created.text
    await admin.send("/newdate 13/12 10-12 2 Kirkens sal, Nygade 3")
    created = await admin.expect("Indleveringsdag oprettet")
    assert "søndag den 13. december kl. 10.00-12.00, Kirkens sal, Nygade 3" in created.text

    mette = emulator.user(3001, first_name="Mette", language_code="da")
    await mette.send("/dates")
    listed = await mette.expect("Kommende indleveringsdage")
    assert DAY in listed.text
    assert listed.text.index(DAY) < listed.text.index("13. december")
    assert "ledige" not in listed.text  # free places are for volunteers
    tom = emulator.user(3002, first_name="Tom", language_code="en")
    await tom.send("/start")
    await tom.expect("Welcome")
    await tom.press("Drop-off days")
    listed = await tom.expect("Coming drop-off days")
    assert "Saturday 12 December, 10:00-13:00, Teglvænget 97" in listed.text


async def test_bad_one_line_days_are_refused_with_an_example(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    example = "/newdate 2026-12-05 10:00-13:00 4"  # the next Saturday, always valid
    for line, reason in [
        ("2026-13-40 10:00-13:00 4", "kan ikke læse datoen"),
        ("31.2.2027 10:00-13:00 4", "Den dato findes ikke: »31.2.2027«"),
        ("2026-11-01 10:00-13:00 4", "Søndag den 1. november er allerede gået"),
        ("2026-11-30 08:00-10:00 4", "Klokken er allerede over 08.00 i dag"),  # already begun
        ("2026-12-12 13:00-10:00 4", "skal ligge efter starten"),
        ("2026-12-12 ti-tolv 4", "kan ikke læse tidspunktet"),
        ("2026-12-12 10:00-13:00 mange", "et tal fra 0 til 50"),
        ("2031-12-06 10:00-13:00 4", "Er årstallet rigtigt"),
    ]:
        await admin.send(f"/newdate {line}")
        refusal = await admin.expect(reason)
        assert example in refusal.text, refusal.text
    await admin.send("/dates")
    await admin.expect("ingen indleveringsdage planlagt")


async def test_admin_creates_a_day_step_by_step_through_mistakes_and_a_crash(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await admin.send("/newdate")
    await admin.expect("Hvilken dato")
    await admin.send("i morgen")
    await admin.expect("kan ikke læse datoen")
    await admin.send("31.2.2027")
    await admin.expect("Den dato findes ikke")
    await admin.send("1.11.2026")
    await admin.expect("Søndag den 1. november er allerede gået")
    await admin.send("30.11.2026")  # today, where 08:00 has passed (it is 09:00)
    await admin.expect("mandag den 30. november: fra hvornår")
    await admin.send("8-10")
    refusal = await admin.expect("Klokken er allerede over 08.00 i dag")
    assert "dato" not in refusal.text
    await admin.press("Tilbage")
    await admin.expect("Hvilken dato")
    await admin.send_sticker()
    await admin.expect("Hvilken dato")
    await admin.send("12.12.2026")
    await admin.expect("lørdag den 12. december: fra hvornår")
    await admin.send("13-10")
    await admin.expect("skal ligge efter starten")

    await emulator.wait_idle()  # the step is saved right after the reply
    await clocked_bot.restart()  # kill -9: the admin goes on from the same step
    await admin.send("10-13")
    await admin.expect("Hvor mange frivillige")
    await admin.press("4")
    await admin.expect("Hvor?")
    await admin.press("Tilbage")
    await admin.expect("Hvor mange frivillige")
    await admin.send("3")
    await admin.expect("Hvor?")
    await admin.send("Kirkens sal")
    confirm = await admin.expect("Skal jeg oprette")
    assert "lørdag den 12. december kl. 10.00-13.00, Kirkens sal" in confirm.text
    await admin.press("Opret")
    await admin.expect("Indleveringsdag oprettet")
    alert = await pressed_alert(emulator, admin, "nd:save", confirm)  # a doubled press
    assert "virker ikke mere" in alert
    await admin.send("/dates")
    listed = await admin.expect("Kommende indleveringsdage")
    assert listed.text.count("Kirkens sal") == 1


async def test_others_cannot_create_or_change_days(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 4")
    mette = emulator.user(3003, first_name="Mette", language_code="da")
    await mette.send("/newdate 2026-12-13 10:00-13:00 4")
    await mette.expect("Kun bestyrelsen og koordinatorerne")
    await mette.send("/plan 2. lørdag, 10-13, 4 frivillige")
    await mette.expect("Kun bestyrelsen og koordinatorerne")
    alert = await pressed_alert(emulator, mette, "day:cancelok:1")
    assert "Det kan kun bestyrelsen" in alert
    await mette.send("/dates")
    listed = await mette.expect("Kommende indleveringsdage")
    assert DAY in listed.text and not listed.buttons
    assert "without permission" in clocked_bot.log()


async def test_a_plan_creates_days_ahead_and_keeps_doing_so(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await admin.send("/plan hver dag kl. 10")
    refusal = await admin.expect("⚠️")
    assert "/plan 2. og 4. lørdag, 10-13, 4 frivillige" in refusal.text
    await admin.send("/plan 2. og 4. lørdag, 10-13, 4 frivillige")
    saved = await admin.expect("Planen er gemt")
    assert "Jeg har oprettet 4 dage de næste 8 uger" in saved.text
    # The clock stands in 2026, so January's days name their year.
    for day in ("12. december", "26. december", "9. januar 2027", "23. januar 2027"):
        assert f"lørdag den {day} kl. 10.00-13.00, Teglvænget 97" in saved.text

    clocked_bot.set_time(local(2027, 1, 11, 9))  # six weeks on, the daily roll adds days
    await emulator.wait_until(lambda: days_in(clocked_bot) == 6, timeout=5)
    await admin.send("/dates")
    listed = await admin.expect("Kommende indleveringsdage")
    for day in ("23. januar", "13. februar", "27. februar"):
        assert f"lørdag den {day} kl. 10.00-13.00" in listed.text, listed.text
    await clocked_bot.restart()  # rolling again at start creates nothing twice
    assert days_in(clocked_bot) == 6
    await admin.send("/plan")
    plans = await admin.expect("Planer nu")
    await admin.press("Stop plan 1", plans)
    await admin.expect("Planen er stoppet")
    clocked_bot.set_time(local(2027, 3, 1, 9))
    await admin.send("/plan")
    await admin.expect("En fast plan opretter selv")
    assert days_in(clocked_bot) == 6


def days_in(bot: BotProcess) -> int:
    with sqlite3.connect(bot.database) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM dropoff_days").fetchone()[0])


async def offer_booked_on(bot: BotProcess, day_id: int, donor_id: int) -> str:
    """A donor's pending offer for the day, stored as the donor journey stores it."""
    db = Database(bot.database)
    await db.connect()
    try:
        draft = OfferDraft(
            category_key="toys",
            description="En kasse med legetøj",
            quantity=1,
            condition=Condition.GOOD,
            photos_done=True,
            handover=Handover.DROPOFF,
            dropoff_day_id=day_id,
            contact_done=True,
        )
        offer, _ = await OfferRepository(db).add_from_draft(draft, donor_id, datetime.now(UTC))
        return offer.reference
    finally:
        await db.close()


def ics_start(data: bytes | None) -> tuple[datetime, int, str]:
    assert data is not None
    event = next(iter(Calendar.from_ical(data).walk("VEVENT")))
    return event.decoded("DTSTART"), int(event.get("SEQUENCE")), str(event.get("STATUS"))


async def test_moving_a_day_tells_its_volunteers_with_a_new_calendar_file_and_its_donors(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 4")
    jens = await volunteer(emulator, 3101, "Jens")
    await jens.send("/vagter")
    await jens.expect("Kommende vagter")
    await jens.press("tag vagten")
    await jens.expect("Du har vagten")
    await jens.expect("Føj til kalender")
    donor = emulator.user(3102, first_name="Mette", language_code="da")
    await donor.send("/start")
    await donor.expect("Velkommen")
    reference = await offer_booked_on(clocked_bot, 1, donor.id)

    await admin.send("/dates")
    await admin.expect("Kommende indleveringsdage")
    await admin.press("lør 12.12")
    view = await admin.expect("Givere tilmeldt: 1")
    assert "3 af 4 pladser ledige" in view.text
    await admin.press("Nyt tidspunkt", view)
    await admin.expect("Skriv det nye tidspunkt")
    await admin.send("14-11")
    await admin.expect("skal ligge efter starten")
    await admin.send("11-14")
    done = await admin.expect("Ændret")
    assert "lørdag den 12. december kl. 11.00-14.00" in done.text

    told = await jens.expect("Din indleveringsdag er ændret")
    assert "Nu: lørdag den 12. december kl. 11.00-14.00, Teglvænget 97" in told.text
    calendar = await jens.expect("Føj til kalender")
    start, sequence, _status = ics_start(calendar.document_bytes)
    assert start == datetime(2026, 12, 12, 11, 0, tzinfo=CPH) and sequence == 2
    told = await donor.expect(f"din gave {reference} er ændret")
    assert "kl. 11.00-14.00" in told.text


async def test_cancelling_a_day_tells_everyone_and_removes_it_from_calendars(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 2")
    jens = await volunteer(emulator, 3201, "Jens")
    await jens.send("/vagter")
    await jens.press("tag vagten", await jens.expect("Kommende vagter"))
    await jens.expect("Føj til kalender")
    donor = emulator.user(3202, first_name="Mette", language_code="da")
    await donor.send("/start")
    await donor.expect("Velkommen")
    reference = await offer_booked_on(clocked_bot, 1, donor.id)

    await admin.send("/dates")
    await admin.press("lør 12.12", await admin.expect("Kommende indleveringsdage"))
    await admin.press("Aflys dagen", await admin.expect("Givere tilmeldt"))
    confirm = await admin.expect("1 frivillig og 1 giver får besked")
    await admin.press("Ja, aflys den", confirm)
    done = await admin.expect("Aflyst: lørdag den 12. december")
    assert "Jeg giver besked til 1 frivillig og 1 giver" in done.text
    alert = await pressed_alert(emulator, admin, "day:cancelok:1", confirm)  # pressed again
    assert "aflyst eller findes ikke mere" in alert

    await jens.expect("Indleveringsdagen er aflyst")
    removal = await jens.expect("fjerne vagten fra din kalender")
    _start, sequence, status = ics_start(removal.document_bytes)
    assert (sequence, status) == (2, "CANCELLED")
    await donor.expect(f"din gave {reference} er aflyst")
    stale = await pressed_alert(emulator, jens, "shift:leave:1")  # the old list's button
    assert "aflyst" in stale and "i tide" not in stale
    await jens.expect_no_message(within=0.5)
    await donor.send("/dates")
    await donor.expect("ingen indleveringsdage planlagt")


async def test_same_day_twice_is_refused_and_every_day_can_be_reached(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 2")
    await admin.send("/newdate 2026-12-12 10:00-13:00 2")
    twice = await admin.expect("Der er allerede en indleveringsdag")
    assert "lørdag den 12. december" in twice.text
    for weekday in ("tirsdag", "torsdag"):  # 16 days: more than one page
        await admin.send(f"/plan hver {weekday}, 10-12, 1 frivillig")
        await admin.expect("Plan")
    await admin.send("/dates")
    first = await admin.expect("Kommende indleveringsdage")
    assert first.text.count("12. december") == 1
    assert "Flere dage" in str(first.buttons)
    await admin.press("Flere dage", first)
    second = await admin.expect("Kommende indleveringsdage")
    assert "Tidligere" in str(second.buttons) and "⚙️" in str(second.buttons)
