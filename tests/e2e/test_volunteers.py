"""Becoming a volunteer, tried as people would: /frivillig, the board's approval, /roster."""

from __future__ import annotations

from emulator import BotApiEmulator
from tests.e2e.harness import BotProcess
from tests.e2e.volunteer_steps import (
    admin_of,
    approve,
    clocked_bot,
    create_day,
    pressed_alert,
    register,
    volunteer,
)

__all__ = ["clocked_bot"]


async def test_new_volunteer_registers_through_mistakes_and_is_approved(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    jens = emulator.user(4001, first_name="Jens", last_name="Hansen", language_code="da")
    jens.phone_number = "+4520123456"
    await jens.send("/start")
    await jens.press("Frivillig", await jens.expect("Velkommen"))
    await jens.expect("Trin 1 af 4: Hvad hedder du")
    await jens.send("J")
    await jens.expect("Skriv dit navn")
    await jens.send_sticker()
    await jens.expect("Hvad hedder du")
    await jens.press("Brug »Jens Hansen«")
    await jens.expect("Trin 2 af 4")
    await jens.send("ring bare")
    await jens.expect("Det ligner ikke et telefonnummer")
    await jens.send_contact("+4511111111", first_name="Mor", own=False)
    await jens.expect("Send dit eget nummer")
    await jens.reply_button("Send mit nummer")
    await jens.expect("Trin 3 af 4")
    await jens.press("Sortering")
    await jens.expect("Trin 3 af 4")  # the same message, ticked
    await jens.press("Kørsel")
    skills = await jens.expect("Trin 3 af 4")
    assert skills.buttons[0] == ["✅ Sortering", "✅ Kørsel"]
    await jens.send("færdig")
    await jens.expect("Det kan jeg ikke bruge her")
    await jens.press("Færdig")
    consent = await jens.expect("Trin 4 af 4: Må vi gemme")
    assert "Jens Hansen" in consent.text and "20 12 34 56" in consent.text
    await jens.press("Ja, det er fint")
    await jens.expect("Bestyrelsen kigger snart på din tilmelding")

    request = await admin.expect("Ny frivillig: Jens Hansen")
    assert "📞 20 12 34 56" in request.text and "Sortering, Kørsel" in request.text
    mette = emulator.user(4002, first_name="Mette", language_code="da")
    await mette.send("/start")
    await mette.expect("Velkommen")
    alert = await pressed_alert(emulator, mette, "vadm:ok:1")
    assert "Kun bestyrelsen kan godkende" in alert
    await jens.send("/vagter")
    await jens.expect("venter på bestyrelsen")

    await admin.press("Godkend", request)
    decided = await admin.expect("Godkendt af Birgitte")
    assert not decided.buttons  # nobody presses it again by mistake
    await jens.expect("Velkommen på holdet, Jens Hansen")
    alert = await pressed_alert(emulator, admin, "vadm:no:1", decided)  # a late press
    assert "Allerede afgjort: godkendt" in alert
    await jens.expect_no_message(within=0.5)
    assert "but is not an admin" in clocked_bot.log()


async def test_volunteer_form_goes_back_and_survives_a_crash(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    lise = emulator.user(4003, first_name="Lise", language_code="da")
    await lise.send("/frivillig")
    await lise.expect("Hvad hedder du")
    await lise.send("Lise Holm")
    await lise.expect("Trin 2 af 4")
    await emulator.wait_idle()  # the step is saved right after the reply
    await clocked_bot.restart()  # kill -9 at the phone step
    await lise.send("20 30 40 50")
    await lise.expect("Trin 3 af 4")
    await lise.press("Tilbage")
    await lise.expect("Trin 2 af 4")
    await lise.reply_button("Tilbage")
    await lise.expect("Trin 1 af 4")
    await lise.send("Lise Marie Holm")
    await lise.expect("Trin 2 af 4")
    await lise.send("+45 20 30 40 50")
    await lise.expect("Trin 3 af 4")
    await lise.press("Julehjælp-pakning")
    await lise.expect("Trin 3 af 4")
    await lise.press("Færdig")
    await lise.expect("Trin 4 af 4")
    await lise.press("Ja, det er fint")
    await lise.expect("Bestyrelsen kigger")
    request = await admin.expect("Ny frivillig: Lise Marie Holm")
    assert "Julehjælp-pakning" in request.text
    await lise.send("/frivillig")
    await lise.expect("Din tilmelding venter på bestyrelsen")


async def test_a_volunteer_who_says_no_to_storing_is_not_stored(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    ole = emulator.user(4004, first_name="Ole", language_code="da")
    await ole.send("/frivillig")
    await ole.send("Ole")
    await ole.expect("Trin 2 af 4")
    await ole.send("20304050")
    await ole.press("Færdig", await ole.expect("Trin 3 af 4"))
    await ole.press("Nej tak", await ole.expect("Trin 4 af 4"))
    await ole.expect("Intet blev sendt")
    await admin.expect_no_message(within=0.5)
    await ole.send("/vagter")
    await ole.expect("Meld dig med /frivillig")


async def test_declined_volunteer_is_told_kindly_in_english(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    tom = emulator.user(4005, first_name="Tom", language_code="en")
    await tom.send("/volunteer")
    await tom.expect("Step 1 of 4: What is your name")
    await tom.send("Tom Baker")
    await tom.expect("Step 2 of 4")
    await tom.send("+44 7911 123456")
    await tom.press("Driving", await tom.expect("Step 3 of 4"))
    await tom.press("Done", await tom.expect("Step 3 of 4"))
    await tom.press("Yes, that is fine", await tom.expect("Step 4 of 4"))
    await tom.expect("The board will look at your request")
    request = await admin.expect("Ny frivillig: Tom Baker")
    assert "Kørsel" in request.text  # the admin reads it in their own language
    await admin.press("Afvis", request)
    await admin.expect("Afvist af Birgitte")
    await tom.expect("Right now we cannot take you on as a volunteer")
    await tom.send("/shifts")
    await tom.expect("Sign up with /volunteer")


async def test_roster_shows_who_is_on_with_phone_numbers_for_admins_only(
    emulator: BotApiEmulator, clocked_bot: BotProcess
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 1")
    anna = await volunteer(emulator, 4101, "Anna")
    bent = emulator.user(4102, first_name="Bent", language_code="da")
    await register(bent, "Bent", phone="20 11 22 33")
    await approve(admin, "Bent")
    await bent.expect("Velkommen på holdet")
    for person in (anna, bent):
        await person.send("/vagter")
        await person.press("12.12", await person.expect("Kommende vagter"))
    await bent.expect("nr. 1 på ventelisten")
    await admin.send("/roster 2026-12-12")
    roster = await admin.expect("Vagtplan: lørdag den 12. december")
    assert "1. Anna · 20 12 34 56" in roster.text
    assert "Venteliste:\n1. Bent · 20 11 22 33" in roster.text
    await admin.send("/roster 12.13.2026")
    await admin.expect("Den dato kan jeg ikke læse")
    await admin.send("/roster 31.2.2027")
    await admin.expect("Den dato findes ikke: »31.2.2027«")
    await admin.send("/roster 2026-12-19")
    await admin.expect("Ingen indleveringsdag lørdag den 19. december")
    await anna.send("/roster 2026-12-12")
    await anna.expect("Kun bestyrelsen og koordinatorerne kan se vagtplanen")
