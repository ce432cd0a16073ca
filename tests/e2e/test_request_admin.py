"""Admins decide on help requests, and the family hears every change: through the real bot."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from emulator import BotApiEmulator
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.request_story import (
    IN_SEASON,
    Family,
    add_dropoff_day,
    answered,
    consent,
    request_sent,
    rows,
    running_bot,
)

ADMIN_GROUP = -1009876543


@pytest.fixture
async def bot(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[BotProcess]:
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as process:
        yield process


async def test_admins_ask_a_question_approve_hand_over_and_hear_the_familys_voice(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest
):
    birgitte = emulator.user(ADMIN_ID, first_name="Birgitte")
    group = emulator.group(ADMIN_GROUP, "Hjælpesporet admins")
    group.add_member(birgitte, "administrator")
    env = {"ADMIN_CHAT_ID": str(ADMIN_GROUP)}
    async with running_bot(emulator, tmp_path, request, env, start_at=IN_SEASON) as bot:
        add_dropoff_day(bot)
        maja = emulator.user(3101, first_name="Maja", language_code="da")
        maja.phone_number = "+4520987654"
        reference = await request_sent(maja, Family(kind="Sko", children=(("6", "30"),)))
        card = await group.expect(reference)

        await group.press(birgitte, "Spørg", card)
        await group.expect("Skriv dit spørgsmål om H-1001")
        await group.send(birgitte, "Har I brug for vinterstøvler eller gummistøvler?")
        await group.expect("Dit spørgsmål om H-1001 er sendt")
        question = await maja.expect("Vi har et spørgsmål om dit ønske H-1001")
        assert "gummistøvler" in question.text
        await maja.press("Svar")
        await maja.expect("Skriv dit svar")
        await maja.send("Vinterstøvler, str. 30 <tak>")
        await maja.expect("Vi har fået dit svar")
        answer = await group.expect("Svar om H-1001")
        assert "Vinterstøvler, str. 30 <tak>" in answer.plain_text

        await group.press(birgitte, "Godkend", answer)
        choose = await group.expect("Godkend H-1001")
        await group.press(birgitte, "28.11.2026 10.00-13.00", choose)
        await group.expect("H-1001 er godkendt")
        approved = await maja.expect("Godt nyt")
        assert "lørdag den 28. november kl. 10.00-13.00" in approved.text
        assert "Teglvænget 97, Herning" in approved.text
        assert "Status: godkendt" in card.plain_text  # the admins' card follows the status
        assert card.buttons == [["📦 Udleveret"], ["❌ Afvis"]]

        await group.press(birgitte, "Udleveret", card)
        await group.expect("H-1001 er markeret som udleveret")
        await maja.expect("Tak, fordi du kom")
        assert card.buttons == []
        assert not card.plain_text.startswith("🆕")  # no longer new

        await maja.expect_no_message(within=1.0)  # the question waits a day
        bot.set_time(IN_SEASON + timedelta(days=2))
        feedback = await maja.expect("Hvordan gik det?", timeout=10)
        await maja.press("4", feedback)
        await maja.expect("Vil du sige lidt mere?")
        await maja.send("Tak, støvlerne passer 😊")
        await maja.expect("Tak for dine ord")
        heard = await group.expect("Feedback på H-1001: 4/5")
        assert "støvlerne passer" in heard.plain_text

        actions = rows(bot, "SELECT actor_id, action, subject FROM audit_log ORDER BY id")
        assert actions == [
            (ADMIN_ID, "request.ask", "H-1001"),
            (ADMIN_ID, "request.approve", "H-1001"),
            (ADMIN_ID, "request.handed", "H-1001"),
        ]
        assert rows(bot, "SELECT feedback_score, feedback_comment FROM help_requests") == [
            (4, "Tak, støvlerne passer 😊")
        ]


async def test_the_feedback_question_is_asked_once_also_across_restarts(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3102, first_name="Maja", language_code="da")
    add_dropoff_day(bot)
    await request_sent(maja, Family(kind="Legetøj", phone=None))
    card = await admin.expect("H-1001")
    await admin.press("Godkend", card)
    choose = await admin.expect("Godkend H-1001")
    assert ["28.11.2026 10.00-13.00"] in choose.buttons
    await admin.send("Fredag kl. 15 i Teglvænget 97")
    await admin.expect("H-1001 er godkendt")
    await emulator.wait_until(lambda: choose.buttons == [], timeout=5)  # the days are gone
    approved = await maja.expect("Godt nyt")
    assert "Fredag kl. 15 i Teglvænget 97" in approved.text
    await admin.press("Udleveret", card)
    await maja.expect("Tak, fordi du kom")

    bot.set_time(IN_SEASON + timedelta(days=3))
    await maja.expect("Hvordan gik det?", timeout=10)
    await bot.outbox_settled()  # the question's answer is back: the kill is about the schedule
    await bot.restart()
    await maja.expect_no_message(within=1.5)
    assert rows(
        bot, "SELECT COUNT(*) FROM outbox WHERE dedup_key LIKE 'request:H-1001:feedback_question'"
    ) == [(1,)]
    await maja.press("Nej tak")
    await maja.expect("Pas godt på dig selv")


async def test_a_declined_family_is_told_kindly_and_stale_or_forged_presses_change_nothing(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3103, first_name="Maja", language_code="da")
    await request_sent(maja, Family(kind="Møbler", children=()))
    card = await admin.expect("H-1001")

    await maja.press_data("rqa:approve:1", card)  # a family member forging an admin button
    await emulator.wait_until(
        lambda: answered(maja, "Det kan kun foreningens administratorer"), timeout=5
    )
    assert "Non-admin 3103" in bot.log()
    await maja.send("/requests")
    await maja.expect("Det kan kun foreningens administratorer")

    await admin.press_data("rqa:approve:999", card)
    await emulator.wait_until(lambda: answered(admin, "findes ikke"), timeout=5)
    await admin.press_data("rqa:day:1:77", card)  # not in the middle of approving
    await emulator.wait_until(lambda: answered(admin, "Den knap virker ikke længere"), timeout=5)

    await admin.press("Afvis", card)
    reasons = await admin.expect("Afvis H-1001")
    labels = [label for row in reasons.buttons for label in row]
    assert "Vi har ikke plads lige nu." not in labels  # a reason for donors, not families
    await admin.send_sticker()
    await admin.expect("Skriv det som tekst")
    await admin.press("Vi har ikke det, du har brug for, lige nu.", reasons)
    await admin.expect("H-1001 er afvist")
    declined = await maja.expect("Om dit ønske H-1001")
    assert "Vi kan desværre ikke hjælpe denne gang" in declined.text
    assert "Vi har ikke det, du har brug for, lige nu." in declined.text

    await admin.press_data("rqa:approve:1", card)  # an old button on the card
    await emulator.wait_until(lambda: answered(admin, "er allerede afvist"), timeout=5)
    await admin.press_data("rqa:handed:1", card)
    await emulator.wait_until(lambda: answered(admin, "er allerede afvist"), timeout=5)
    assert rows(bot, "SELECT status, decline_preset FROM help_requests") == [("declined", 0)]
    await maja.expect_no_message(within=0.3)


async def test_requests_lists_the_open_ones_with_their_cards(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    shoes = Family(kind="Sko", children=(("7", "30"),), phone=None)
    await request_sent(emulator.user(3104, first_name="Maja"), shoes)
    await request_sent(emulator.user(3105, first_name="Ali"), Family(kind="Tøj", phone=None))
    await admin.send("/requests")
    listing = await admin.expect("Åbne ønsker om hjælp (2)")
    assert "H-1001 · Sko" in listing.plain_text and "H-1002 · Tøj" in listing.plain_text
    await admin.press("H-1002", listing)
    shown = await admin.expect("H-1002 · Tøj")
    assert shown.buttons == [["✅ Godkend", "❓ Spørg"], ["❌ Afvis"]]
    await admin.press("Afvis", shown)
    await admin.expect("Afvis H-1002")
    await admin.send("Vi har ikke børnetøj i de størrelser lige nu")
    await admin.expect("H-1002 er afvist")
    await admin.send("/requests")
    listing = await admin.expect("Åbne ønsker om hjælp (1)")
    assert "H-1002" not in listing.plain_text


async def test_an_answer_in_the_middle_of_a_new_request_is_not_mixed_up_with_it(
    emulator: BotApiEmulator, bot: BotProcess
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte")
    maja = emulator.user(3106, first_name="Maja", language_code="da")
    await request_sent(maja, Family(kind="Køkkenting", children=(), phone=None))
    card = await admin.expect("H-1001")
    await admin.press("Spørg", card)
    await admin.expect("Skriv dit spørgsmål")
    await admin.send("Har I en gryde?")
    question = await maja.expect("Vi har et spørgsmål")

    await consent(maja)  # meanwhile, a second request for toys
    await maja.press("Legetøj")
    await maja.expect("Hvor mange voksne")
    await maja.press("Svar", question)
    await maja.expect("Skriv dit svar")
    await maja.send("Nej, vi har ingen gryde")
    await maja.expect("Vi har fået dit svar")
    await maja.expect("Nu tilbage til dit ønske")
    await maja.expect("Hvor mange voksne")
    await maja.press("2")
    await maja.expect("Hvor mange børn")
    answer = await admin.expect("Svar om H-1001")
    assert "Nej, vi har ingen gryde" in answer.plain_text
    assert rows(bot, "SELECT answer FROM help_request_questions") == [("Nej, vi har ingen gryde",)]
