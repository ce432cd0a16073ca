"""The journeys' last, deciding step with a crash at every point it passes (bot/crash_points.py):
its action's own point, inside its transaction, and the points every update and every notice
passes: update.before_commit, action.committed, update.committed, outbox.claimed and
outbox.answered (broadcast.claimed and broadcast.answered for an announcement's rows).

After each: what the person was told is saved is stored once; each notice arrived once, or
twice only when it was in flight at the crash and the rule per kind (bot/outbox.py) sent it
again; an announcement reaches nobody twice; the conversation is over, as its draft is. A
repeated reply is allowed after a crash past the reply (better than silence).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from emulator import BotApiEmulator, EmulatedUser
from tests.e2e.broadcast_support import progress_message, query, write_announcement
from tests.e2e.crash_support import crashing_at, received
from tests.e2e.donate_support import donation_bot, offers, quick_offer_da, saved_draft, saved_step
from tests.e2e.harness import ADMIN_ID, BotProcess
from tests.e2e.request_story import (
    IN_SEASON,
    Family,
    add_dropoff_day,
    ask_for_help,
    rows,
    running_bot,
)
from tests.e2e.volunteer_steps import admin_of, clocked_bot, create_day, register, volunteer

__all__ = ["clocked_bot"]  # a fixture

SLOW = 20  # seconds: the answer may come from the restarted bot
INSIDE_ACTIONS = (
    "offer.sent",
    "offer.decided",
    "request.sent",
    "request.decided",
    "shift.taken",
    "volunteer.decided",
)
EVERY_UPDATE = ("update.before_commit", "action.committed", "update.committed", "outbox.claimed")


def board(emulator: BotApiEmulator) -> EmulatedUser:
    return emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")


RESENT = "in flight at a crash; sending them again"


async def outbox_settled(emulator: BotApiEmulator, bot: BotProcess) -> None:
    """Every notice queued is delivered (or decided): nothing more is coming."""

    def settled() -> bool:
        waiting = rows(bot, "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')")
        return waiting == [(0,)]

    await emulator.wait_until(settled, timeout=SLOW)


def once_or_resent(bot: BotProcess, person: EmulatedUser, fragment: str) -> None:
    """A notice arrives once; twice only when it was in flight at the crash, and the rule per
    kind (bot/outbox.py) sent it again: a possible repeat, never a loss."""
    count = received(person, fragment)
    assert count == 1 or (count == 2 and RESENT in bot.log()), (fragment, count)


def answered_once_or_again(person: EmulatedUser, fragment: str, point: str) -> None:
    """The reply came; a crash after it and before the update was saved repeats it."""
    count = received(person, fragment)
    assert count == 1 or (count == 2 and point not in INSIDE_ACTIONS), (fragment, count)


def conversation_over(bot: BotProcess, kind: str, user_id: int) -> bool:
    found = rows(
        bot,
        "SELECT data FROM ptb_persistence WHERE kind = ? AND key = ?",
        (kind, f"[{user_id}, {user_id}]"),
    )
    return not found or found[0][0] in ("null", "-1")


@pytest.mark.parametrize("point", ["offer.sent", *EVERY_UPDATE, "outbox.answered"])
async def test_an_offer_sent_across_a_crash_is_stored_once_and_carded_once(
    emulator: BotApiEmulator, tmp_path: Path, point: str
) -> None:
    admin = board(emulator)
    mette = emulator.user(7101, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        summary = await quick_offer_da(mette)
        async with crashing_at(bot, point):
            await mette.press("Send", summary)
            await mette.expect("Dit tilbud er sendt", timeout=SLOW)
        await outbox_settled(emulator, bot)
        if point == "outbox.answered":
            # Telegram had the card when the bot died: sent again by the rule per kind.
            assert received(admin, "Tilbud G-1001") == 2
        else:
            once_or_resent(bot, admin, "Tilbud G-1001")
        answered_once_or_again(mette, "Dit tilbud er sendt", point)
        assert [offer["reference"] for offer in offers(bot)] == ["G-1001"]
        await emulator.wait_until(lambda: saved_step(bot, mette.id) is None, timeout=SLOW)
        assert saved_draft(bot, mette.id) == {}
        await mette.send("/mine")
        await mette.expect("G-1001")


@pytest.mark.parametrize("point", ["offer.decided", *EVERY_UPDATE])
async def test_an_offer_accepted_across_a_crash_tells_the_donor_once(
    emulator: BotApiEmulator, tmp_path: Path, point: str
) -> None:
    admin = board(emulator)
    mette = emulator.user(7102, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        await mette.press("Send", await quick_offer_da(mette))
        await mette.expect("Dit tilbud er sendt")
        card = await admin.expect("Tilbud G-1001")
        await admin.press("Tag imod", message=card)
        await emulator.wait_until(lambda: "21. nov." in str(card.buttons), timeout=5)
        async with crashing_at(bot, point):
            await admin.press("21. nov.", message=card)
            await admin.expect("Taget imod af Birgitte", timeout=SLOW)
        await mette.expect("Gode nyheder!", timeout=SLOW)
        await outbox_settled(emulator, bot)
        once_or_resent(bot, mette, "Gode nyheder!")
        assert offers(bot)[0]["status"] == "accepted"
        accepted = rows(bot, "SELECT COUNT(*) FROM audit_log WHERE action = 'offer.accept'")
        assert accepted == [(1,)]


@pytest.mark.parametrize("point", ["request.sent", *EVERY_UPDATE])
async def test_a_help_request_sent_across_a_crash_is_stored_once_and_carded_once(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest, point: str
) -> None:
    admin = board(emulator)
    amina = emulator.user(7201, first_name="Amina", language_code="da")
    async with running_bot(emulator, tmp_path, request) as bot:
        summary = await ask_for_help(amina, Family())
        async with crashing_at(bot, point):
            await amina.press("Send", summary)
            done = await amina.expect("Dit nummer er", timeout=SLOW)
        reference = done.plain_text.split("Dit nummer er ")[1].split(".")[0]
        await admin.expect(reference, timeout=SLOW)
        await outbox_settled(emulator, bot)
        once_or_resent(bot, admin, reference)
        answered_once_or_again(amina, "Dit nummer er", point)
        assert rows(bot, "SELECT reference FROM help_requests") == [(reference,)]
        await emulator.wait_until(
            lambda: conversation_over(bot, "conv:request", amina.id), timeout=SLOW
        )


@pytest.mark.parametrize("point", ["request.decided", *EVERY_UPDATE])
async def test_a_help_request_approved_across_a_crash_tells_the_family_once(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest, point: str
) -> None:
    admin = board(emulator)
    maja = emulator.user(7202, first_name="Maja", language_code="da")
    async with running_bot(emulator, tmp_path, request, start_at=IN_SEASON) as bot:
        add_dropoff_day(bot)
        await maja.press("Send", await ask_for_help(maja, Family(kind="Legetøj", phone=None)))
        await maja.expect("Dit nummer er")
        card = await admin.expect("H-1001")
        await admin.press("Godkend", card)
        choose = await admin.expect("Godkend H-1001")
        async with crashing_at(bot, point):
            await admin.press("28.11.2026 10.00-13.00", choose)
            await admin.expect("H-1001 er godkendt", timeout=SLOW)
        await maja.expect("Godt nyt", timeout=SLOW)
        await outbox_settled(emulator, bot)
        once_or_resent(bot, maja, "Godt nyt")
        assert "Stale approve" not in bot.log()  # not refused as someone else's decision
        assert rows(bot, "SELECT status FROM help_requests") == [("approved",)]
        approvals = "SELECT COUNT(*) FROM audit_log WHERE action = 'request.approve'"
        assert rows(bot, approvals) == [(1,)]


@pytest.mark.parametrize("point", ["shift.taken", *EVERY_UPDATE])
async def test_a_shift_taken_across_a_crash_is_held_once_with_one_calendar_file(
    emulator: BotApiEmulator, clocked_bot: BotProcess, point: str
) -> None:
    await create_day(admin_of(emulator), "2026-12-12 10:00-13:00 2")
    jens = await volunteer(emulator, 7301, "Jens")
    await jens.send("/vagter")
    shifts = await jens.expect("Kommende vagter")
    async with crashing_at(clocked_bot, point):
        await jens.press("tag vagten", shifts)
        await jens.expect("Føj til kalender", timeout=SLOW)
    await outbox_settled(emulator, clocked_bot)
    answered_once_or_again(jens, "Føj til kalender", point)
    signups = rows(clocked_bot, "SELECT status FROM shift_signups")
    assert signups == [("confirmed",)]


@pytest.mark.parametrize("point", ["volunteer.decided", *EVERY_UPDATE])
async def test_a_volunteer_approved_across_a_crash_is_welcomed_once(
    emulator: BotApiEmulator, clocked_bot: BotProcess, point: str
) -> None:
    admin = admin_of(emulator)
    carl = emulator.user(7302, first_name="Carl", language_code="da")
    await register(carl, "Carl")
    request = await admin.expect("Ny frivillig: Carl")
    async with crashing_at(clocked_bot, point):
        await admin.press("Godkend", request)
        await admin.expect("Godkendt af Birgitte", timeout=SLOW)
    await carl.expect("Velkommen på holdet", timeout=SLOW)
    await outbox_settled(emulator, clocked_bot)
    once_or_resent(clocked_bot, carl, "Velkommen på holdet")
    assert not any("Allerede afgjort" in str(a.get("text")) for a in admin.callback_answers)
    assert rows(clocked_bot, "SELECT status FROM volunteers") == [("approved",)]


ANNOUNCED = list(range(7401, 7411))


@pytest.mark.parametrize(
    "point", ["announcement.started", "broadcast.claimed", "broadcast.answered"]
)
async def test_an_announcement_across_a_crash_reaches_nobody_twice(
    emulator: BotApiEmulator, tmp_path: Path, request: pytest.FixtureRequest, point: str
) -> None:
    admin = board(emulator)
    people = [emulator.user(uid, first_name=f"Nabo{uid}", language_code="da") for uid in ANNOUNCED]
    async with running_bot(emulator, tmp_path, request) as bot:
        for person in people:
            await person.send("/start")
            await person.expect("Velkommen")
        confirm = await write_announcement(
            admin, "Julemarked lørdag 🎄 kl. 10", "Alle, der har brugt botten"
        )
        preview = received(admin, "Julemarked lørdag")
        async with crashing_at(bot, point):
            await admin.press("Send nu", confirm)
            await emulator.wait_until(
                lambda: f"crash point {point}: exiting" in bot.log(), timeout=SLOW
            )
        await emulator.wait_until(lambda: progress_message(admin) is not None, timeout=SLOW)
        batch = {
            int(str(chat)): str(status)
            for chat, status in query(
                bot.database, "SELECT chat_id, status FROM outbox WHERE batch_id IS NOT NULL"
            )
        }
    assert set(ANNOUNCED) <= set(batch)  # the admin used the bot too
    got = {chat: received(emulator.users[chat], "Julemarked lørdag") for chat in batch}
    got[admin.id] -= preview
    uncertain = [chat for chat, status in batch.items() if status == "uncertain"]
    assert max(got.values()) == 1  # never twice
    if point == "announcement.started":
        assert set(batch.values()) == {"sent"} and set(got.values()) == {1}
        return
    # The rows in flight at the crash are uncertain and never sent again: one person may miss a
    # general notice rather than thousands maybe getting it twice (the report counts them).
    # Only a row in flight can be missed; every other row is sent.
    missed = [chat for chat, count in got.items() if count == 0]
    assert uncertain and set(missed) <= set(uncertain)
    assert all(status == "sent" for chat, status in batch.items() if chat not in uncertain)
    if point == "broadcast.claimed":
        # It died as the first row was claimed: that row alone, and its request never left.
        assert missed == uncertain
    else:
        # It died at the first answer; the other requests in flight then are uncertain too
        # (up to 8 at once), and the one answered arrived.
        assert len(missed) < len(uncertain)
