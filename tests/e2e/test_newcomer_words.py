"""What a newcomer tripped over (issue 12, section 3), tried as they would, in Danish and
English: a typed button label, reminders for a shift taken late, two days on one date, the
places text, /help, the Danish commands, /roster's pages and what families read."""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator import BotApiEmulator, EmulatedUser
from tests.e2e.donate_support import donation_bot
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.language_support import shown
from tests.e2e.volunteer_steps import admin_of, approve, clocked_bot, create_day, local

__all__ = ["clocked_bot"]


def said(language: str, danish: str) -> str:
    """What the bot shows in this language where the Danish text reads danish."""
    return danish if language == "da" else shown(language, danish)


async def volunteer_in(
    emulator: BotApiEmulator, user_id: int, name: str, language: str
) -> EmulatedUser:
    """A volunteer who signs up in their language and is approved by the (Danish) board."""
    person = emulator.user(user_id, first_name=name, language_code=language)
    await person.send("/frivillig" if language == "da" else "/volunteer")
    await person.expect(said(language, "Hvad hedder du"))
    await person.send(name)
    await person.expect(said(language, "Dit telefonnummer"))
    await person.send("20 12 34 56")
    await person.expect(said(language, "Hvad kan du lide"))
    await person.press(said(language, "➡️ Færdig"))
    await person.expect(said(language, "Må vi gemme"))
    await person.press(said(language, "Ja, det er fint"))
    await approve(admin_of(emulator), name)
    await person.expect(said(language, "Velkommen på holdet"))
    return person


@pytest.mark.parametrize(
    ("language", "command", "category", "typed", "next_question"),
    [
        ("da", "/doner", "legetøj", "god", "Send gerne op til 5 billeder"),
        ("en", "/donate", "TOYS", "good 👍", "Send up to 5 photos"),
    ],
)
async def test_typing_a_buttons_label_counts_as_pressing_it(
    emulator: BotApiEmulator,
    tmp_path: Path,
    language: str,
    command: str,
    category: str,
    typed: str,
    next_question: str,
) -> None:
    mette = emulator.user(2601, first_name="Mette", language_code=language)
    async with donation_bot(emulator, tmp_path):
        await mette.send(command)
        await mette.expect(said(language, "Hvad vil du give?"))
        await mette.send(category)  # typed, not tapped
        await mette.expect(said(language, "Skriv lidt om det"))
        await mette.send("En kasse LEGO, næsten ny")
        await mette.expect(said(language, "Hvor mange?"))
        await mette.send("2")  # the button "2"
        await mette.expect(said(language, "Er det som nyt, godt eller slidt?"))
        await mette.send("fin")  # no button says that: the hint, as before
        await mette.expect(said(language, "Tryk på en af knapperne"))
        await mette.send(typed)
        await mette.expect(next_question)


@pytest.mark.parametrize(
    ("language", "promise", "reminder"),
    [
        ("da", "Jeg minder dig om det lørdag den 12. december kl. 08.00", "Husk: du har vagt"),
        ("en", "I will remind you Saturday 12 December at 08:00", "Reminder: your shift is today"),
    ],
)
async def test_a_shift_taken_the_evening_before_gets_the_two_hour_reminder(
    emulator: BotApiEmulator, clocked_bot: BotProcess, language: str, promise: str, reminder: str
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-12 10:00-13:00 2")
    anna = await volunteer_in(emulator, 5601, "Anna", language)
    clocked_bot.set_time(local(2026, 12, 11, 20, 0))  # 14 hours before: no day-before reminder
    await anna.send("/vagter")
    listed = await anna.expect(said(language, "Kommende vagter"))
    await anna.press(said(language, "tag vagten"), listed)
    taken = await anna.expect(said(language, "Du har vagten"))
    assert promise in taken.text, taken.text
    clocked_bot.set_time(local(2026, 12, 12, 8, 0))
    await anna.expect(reminder, timeout=5)

    clocked_bot.set_time(local(2026, 12, 12, 9, 0))  # an hour before: told there is none
    bent = await volunteer_in(emulator, 5602, "Bent", language)
    await bent.send("/vagter")
    await bent.press(said(language, "tag vagten"), await bent.expect(said(language, "Kommende")))
    late = await bent.expect(said(language, "Du har vagten"))
    assert said(language, "Der kommer ingen påmindelse") in late.text, late.text


@pytest.mark.parametrize(
    ("language", "first", "second", "places"),
    [
        ("da", "ons 2.12 10.00: tag vagten", "ons 2.12 16.00: tag vagten", "4 af 4 pladser ledige"),
        ("en", "Wed 2/12 10:00: take", "Wed 2/12 16:00: take", "4 of 4 places free"),
    ],
)
async def test_two_days_on_one_date_have_buttons_of_their_own(
    emulator: BotApiEmulator,
    clocked_bot: BotProcess,
    language: str,
    first: str,
    second: str,
    places: str,
) -> None:
    admin = admin_of(emulator)
    await create_day(admin, "2026-12-02 10:00-13:00 4")
    await create_day(admin, "2026-12-02 16:00-18:00 4")
    carl = await volunteer_in(emulator, 5611, "Carl", language)
    await carl.send("/vagter")
    listed = await carl.expect(said(language, "Kommende vagter"))
    labels = [label for row in listed.buttons for label in row]
    assert any(first in label for label in labels) and any(second in label for label in labels)
    assert places in listed.text, listed.text
    await carl.press(second, listed)
    taken = await carl.expect(said(language, "Du har vagten"))
    assert "16" in taken.text


@pytest.mark.parametrize(
    ("language", "names", "not_shown"),
    [
        ("da", ["/frivillig", "/vagter", "/afmeld", "/annuller", "/doner"], "/volunteer"),
        ("en", ["/volunteer", "/shifts", "/unsubscribe", "/cancel", "/donate"], "/frivillig"),
    ],
)
async def test_help_names_the_commands_in_the_readers_language(
    emulator: BotApiEmulator, bot: BotProcess, language: str, names: list[str], not_shown: str
) -> None:
    mette = emulator.user(2611, first_name="Mette", language_code=language)
    await mette.send("/help")
    reply = await mette.expect(said(language, "Du kan bruge"))
    for name in names:
        assert f"{name} –" in reply.text, name
    assert not_shown not in reply.text and len(reply.text.splitlines()) <= 20


@pytest.mark.parametrize(
    ("language", "cancel", "unsubscribe"),
    [("da", "/annuller", "/afmeld"), ("en", "/cancel", "/unsubscribe")],
)
async def test_the_danish_names_stop_a_journey_and_news_as_the_english_ones(
    emulator: BotApiEmulator, bot: BotProcess, language: str, cancel: str, unsubscribe: str
) -> None:
    ole = emulator.user(2612, first_name="Ole", language_code=language)
    await ole.send("/doner" if language == "da" else "/donate")
    await ole.expect(said(language, "Hvad vil du give?"))
    await ole.send(cancel)
    await ole.expect(said(language, "Okay, jeg er stoppet"))
    await ole.send("/frivillig")  # the Danish name works for an English reader too
    await ole.expect(said(language, "Hvad hedder du"))
    await ole.send("/stop")
    await ole.expect(said(language, "Okay, jeg er stoppet"))
    await ole.send(unsubscribe)
    await ole.expect(said(language, "Du får ingen beskeder fra os nu"))


@pytest.mark.parametrize(
    ("language", "group", "roster"),
    [("da", "Indleveringsdage", "/vagtplan"), ("en", "Drop-off days", "/roster")],
)
async def test_the_boards_help_comes_in_groups_that_fit_a_phone_screen(
    emulator: BotApiEmulator, bot: BotProcess, language: str, group: str, roster: str
) -> None:
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code=language)
    await admin.send("/help")
    overview = await admin.expect(said(language, "Du kan bruge"))
    assert len(overview.text.splitlines()) <= 20 and roster not in overview.text
    groups = [label for row in overview.buttons for label in row]
    assert len(groups) == 4, groups
    for label in groups:
        await admin.press(label, overview)
        shown_group = await admin.expect(label)
        assert len(shown_group.text.splitlines()) <= 20
    await admin.press(group, overview)
    days = await admin.expect(roster)
    assert "/newdate" in days.text and "/plan" in days.text


@pytest.mark.parametrize(
    ("language", "command", "clothes", "explained"),
    [
        ("da", "/doner", "Tøj", "Til børn er størrelsen barnets højde i cm"),
        ("en", "/donate", "Clothes", "For children, the size is their height in cm"),
    ],
)
async def test_child_sizes_are_explained_and_adult_xxxl_is_taken(
    emulator: BotApiEmulator,
    tmp_path: Path,
    language: str,
    command: str,
    clothes: str,
    explained: str,
) -> None:
    mette = emulator.user(2621, first_name="Mette", language_code=language)
    async with donation_bot(emulator, tmp_path):
        await mette.send(command)
        await mette.press(clothes, await mette.expect(said(language, "Hvad vil du give?")))
        await mette.expect(said(language, "Skriv lidt om det"))
        await mette.send("En vinterjakke, varm og hel")
        asked = await mette.expect(said(language, "Hvilken størrelse? Til børn"))
        assert "50, 56, 62" in asked.text
        await mette.send("200")
        refused = await mette.expect(explained)
        assert "XXXL" in refused.text
        await mette.send("xxxl")
        await mette.expect(said(language, "Hvor mange?"))


@pytest.mark.parametrize(("language", "heading"), [("da", "Vagtplan"), ("en", "Roster")])
async def test_roster_pages_through_the_coming_days(
    emulator: BotApiEmulator, clocked_bot: BotProcess, language: str, heading: str
) -> None:
    admin = admin_of(emulator)
    if language == "en":  # the board member picks English
        await admin.send("/language")
        await admin.press_data("lang:en", await admin.expect("Vælg sprog"))
        await admin.expect("I will write to you in English")
    for line in (
        "2026-12-05 10:00-13:00 2",
        "2026-12-12 10:00-13:00 2",
        "2026-12-19 10:00-13:00 2",
    ):
        await admin.send(f"/newdate {line}")
        await admin.expect(said(language, "Indleveringsdag oprettet"))
    await admin.send("/roster")
    first = await admin.expect(heading)
    assert "5" in first.text and first.buttons == [["›"]]
    await admin.press("›", first)
    second = await admin.expect("12")
    assert second.message_id == first.message_id and second.buttons == [["‹", "›"]]
    await admin.press("›", second)
    third = await admin.expect("19")
    assert third.buttons == [["‹"]]
    await admin.press("‹", third)
    back = await admin.expect("12")
    assert heading in back.text
