"""Needs meet offers, as the board and the families meet it: a family asks for clothes for a
seven-year-old in size 122; one donor offers a jacket in 122, another one in 140. The admin's
card of the first says it fits H-1001, the second's does not; accepted, the first is set aside
with one press; the family is told what was found and when and where to collect it (nothing of
the donor), the donor is thanked once (nothing of the family). In Danish and in English, and
with a kill -9 at the moment of the reservation."""

from __future__ import annotations

from pathlib import Path

from emulator import BotApiEmulator, BotMessage, EmulatedUser
from tests.e2e.crash_support import crashing_at, received
from tests.e2e.donate_support import (
    PLACE,
    donation_bot,
    rows,
    send_quick_offer_da,
    send_quick_offer_en,
)
from tests.e2e.harness import ADMIN_ID
from tests.e2e.request_story import Family, request_sent

JACKET = "Vinterjakke, brugt én vinter"


async def clothes_offer_da(user: EmulatedUser, size: str, description: str = JACKET) -> str:
    """A Danish offer of one piece of clothing in a size, brought on the first day."""
    return await send_quick_offer_da(
        user, category="Tøj", description=description, size=size, quantity="1"
    )


async def clothes_offer_en(user: EmulatedUser, size: str) -> str:
    return await send_quick_offer_en(user, "A winter jacket", category="Clothes", size=size)


async def request_sent_en(user: EmulatedUser) -> str:
    """An English family asks for clothes for one child of 7 in size 122."""
    await user.send("/request")
    await user.expect("We give things for free")
    await user.press("Yes, go on")
    await user.expect("What do you need help with?")
    await user.press("Clothes")
    await user.expect("How many adults")
    await user.press("1")
    await user.expect("How many children")
    await user.send("1")
    await user.expect("How old is your child")
    await user.send("7")
    await user.expect("What size clothes does your child wear")
    await user.send("122")
    await user.expect("What do you need?")
    await user.send("A warm winter jacket")
    await user.expect("postcode")
    await user.send("7400")
    await user.expect("Did someone send you to us?")
    await user.press("I came myself")
    await user.expect("We write to you here on Telegram")
    await user.reply_button("Only Telegram")
    await user.expect("Your request")
    await user.press("Send")
    done = await user.expect("Your number is")
    return done.plain_text.split("Your number is ")[1].split(".")[0]


def request_card(admin: EmulatedUser, reference: str) -> BotMessage:
    return next(m for m in admin.messages if m.plain_text.lstrip("🆕 ").startswith(reference))


async def test_a_jacket_in_122_is_set_aside_for_the_family_and_one_in_140_is_not(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    family = emulator.user(2401, first_name="Sara", language_code="da")
    mette = emulator.user(2402, first_name="Mette", language_code="da")
    jonas = emulator.user(2403, first_name="Jonas", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        reference = await request_sent(family, Family(children=(("7", "122"),)))
        assert reference == "H-1001"
        await admin.expect("H-1001")
        assert await clothes_offer_da(mette, "122") == "G-1001"
        assert await clothes_offer_da(jonas, "140", "Vinterjakke str. 140") == "G-1002"

        fits = await admin.expect("Tilbud G-1001")
        assert "🧩 Passer til: H-1001 (Tøj str. 122, 7 år)" in fits.plain_text
        too_big = await admin.expect("Tilbud G-1002")
        assert "Passer til" not in too_big.plain_text
        # Not yet accepted: no button to set it aside, only the decision.
        assert fits.buttons == [["✅ Tag imod", "❌ Afvis"], ["❓ Spørg giveren"]]
        # A press from an old or forged button cannot set a pending offer aside, nor redraw
        # its card as if it were accepted.
        answers = len(admin.callback_answers)
        await admin.press_data("match:res:1:1", message=fits)
        await emulator.wait_until(lambda: len(admin.callback_answers) > answers, timeout=5)
        assert "ikke længere" in (admin.callback_answers[-1]["text"] or "")
        assert fits.buttons == [["✅ Tag imod", "❌ Afvis"], ["❓ Spørg giveren"]]
        assert "Taget imod" not in fits.plain_text
        await admin.send("/requests")
        listing = await admin.expect("Åbne ønsker")
        assert "H-1001" in listing.plain_text and "🧩 Passer: G-1001" in listing.plain_text
        assert "G-1002" not in listing.plain_text

        await admin.press("Tag imod", message=fits)
        await emulator.wait_until(lambda: "⭐" in str(fits.buttons), timeout=5)
        await admin.press("21. nov.", message=fits)
        await mette.expect("Gode nyheder!")
        await emulator.wait_until(lambda: "Læg til side til H-1001" in str(fits.buttons), 5)
        assert "Taget imod af Birgitte" in fits.plain_text
        assert fits.buttons == [["🎁 Læg til side til H-1001"]]
        # The request's card now offers it too, with the need it goes to.
        card = request_card(admin, "H-1001")
        await emulator.wait_until(lambda: "G-1001 → Tøj str. 122, 7 år" in str(card.buttons), 5)
        assert "🔎 Tøj str. 122, 7 år" in card.plain_text

        # Someone who is not an admin cannot press it; a forged press is refused.
        answers = len(jonas.callback_answers)
        await jonas.press_data("match:res:1:1", message=jonas.messages[-1])
        await emulator.wait_until(lambda: len(jonas.callback_answers) > answers, timeout=5)
        answers = len(admin.callback_answers)
        await admin.press_data("match:res:1:x", message=fits)
        await emulator.wait_until(lambda: len(admin.callback_answers) > answers, timeout=5)
        assert "virker ikke" in (admin.callback_answers[-1]["text"] or "")
        assert rows(bot, "SELECT * FROM reservations") == []

        await admin.press("Læg til side til H-1001", message=fits)
        told = await family.expect("Vi har fundet noget til dig: Tøj str. 122")
        assert "lørdag den 21. november kl. 10.00-13.00" in told.plain_text
        assert PLACE in told.plain_text and "H-1001" in told.plain_text
        for donor_detail in ("Mette", "G-1001", "Vinterjakke"):
            assert donor_detail not in told.plain_text
        thanks = await mette.expect("Din gave G-1001 (Tøj str. 122) går til en familie")
        for family_detail in ("Sara", "H-1001", "7 år"):
            assert family_detail not in thanks.plain_text
        assert "lagt til side til H-1001" in (admin.callback_answers[-1]["text"] or "")
        await emulator.wait_until(lambda: fits.buttons == [], timeout=5)
        assert "🎁 Lagt til side til H-1001 (Tøj str. 122, 7 år)" in fits.plain_text
        assert "Passer til" not in fits.plain_text
        await emulator.wait_until(lambda: "🎉 Alt er fundet" in card.plain_text, timeout=5)
        assert "✅ Tøj str. 122, 7 år – fundet: G-1001" in card.plain_text
        assert "G-1001 →" not in str(card.buttons)
        # Told when and where to collect, the request is approved for that day; one press
        # on 📦 closes it when the family has been.
        assert "Status: godkendt – lørdag" in card.plain_text
        assert "Tryk på 📦, når familien har hentet det" in card.plain_text
        assert card.buttons[0] == ["📦 Udleveret"]

        # A second press (an old card, a doubled tap) sets nothing aside again.
        await admin.press_data("match:res:1:1", message=fits)
        await emulator.wait_until(
            lambda: "ikke længere" in (admin.callback_answers[-1]["text"] or ""), timeout=5
        )
        await admin.send("/requests")
        listing = await admin.expect("Åbne ønsker")
        assert "Passer" not in listing.plain_text

        assert rows(bot, "SELECT need_id, request_id, quantity FROM reservations") == [
            {"need_id": 1, "request_id": 1, "quantity": 1}
        ]
        assert rows(bot, "SELECT status, source, offer_id FROM needs") == [
            {"status": "met", "source": "matching", "offer_id": 1}
        ]
        audit = rows(
            bot,
            "SELECT action, subject, details FROM audit_log WHERE actor_id = ?"
            " AND action NOT LIKE 'offer.%'",
            (ADMIN_ID,),
        )
        assert audit == [
            {
                "action": "match.reserve",
                "subject": "H-1001",
                "details": "offer:G-1001 need:1 quantity:1",
            },
            {"action": "request.approve", "subject": "H-1001", "details": "day:1 match:G-1001"},
        ]
        assert received(family, "Vi kan hjælpe med dit ønske") == 0  # one message, not two
        assert received(family, "Vi har fundet noget til dig") == 1
        assert received(mette, "Din gave") == 1
        assert received(jonas, "Din gave") == 0


async def test_in_english_and_through_a_kill_at_the_reservation_nothing_is_lost_or_doubled(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="en")
    family = emulator.user(2411, first_name="Olena", language_code="en")
    donor = emulator.user(2412, first_name="Amy", language_code="en")
    async with donation_bot(emulator, tmp_path) as bot:
        await admin.send("/start")  # the board's cards come in the language it speaks
        await admin.expect("Welcome")
        reference = await request_sent_en(family)
        assert reference == "H-1001"
        assert await clothes_offer_en(donor, "122") == "G-1001"
        card = await admin.expect("Offer G-1001")
        assert "🧩 Fits: H-1001 (Clothes size 122, 7 years)" in card.plain_text
        await admin.press("Accept", message=card)
        await emulator.wait_until(lambda: "⭐" in str(card.buttons), timeout=5)
        await admin.press("21 Nov", message=card)
        await emulator.wait_until(lambda: "Set aside for H-1001" in str(card.buttons), 5)

        async with crashing_at(bot, "match.reserved"):
            await admin.press("Set aside for H-1001", message=card)
            told = await family.expect("We have found something for you", timeout=30)
        assert "Saturday 21 November, 10:00-13:00" in told.plain_text
        await donor.expect("Your gift G-1001 (Clothes size 122) is going to a family")
        await emulator.wait_until(lambda: card.buttons == [], timeout=10)
        assert received(family, "We have found something for you") == 1
        assert received(donor, "Your gift") == 1
        assert len(rows(bot, "SELECT * FROM reservations")) == 1
        assert rows(bot, "SELECT action FROM audit_log WHERE action = 'match.reserve'") == [
            {"action": "match.reserve"}
        ]

        # The donor withdraws it after all: the family is told, the need is open again.
        await donor.send("/mine")
        listing = await donor.expect("Your offers")
        await donor.press("Withdraw G-1001", message=listing)
        await emulator.wait_until(lambda: "Yes, withdraw" in str(listing.buttons), timeout=5)
        await donor.press("Yes, withdraw G-1001", message=listing)
        sorry = await family.expect("What we found for you (Clothes size 122) is not coming")
        assert "We keep looking" in sorry.plain_text and "Amy" not in sorry.plain_text
        told = await admin.expect("G-1001 was withdrawn by the donor")
        assert "It was set aside for H-1001: the family is told" in told.plain_text
        assert rows(bot, "SELECT status, source, offer_id FROM needs") == [
            {"status": "open", "source": None, "offer_id": None}
        ]
        assert rows(bot, "SELECT * FROM reservations") == []
        request_card = next(m for m in admin.messages if m.plain_text.startswith("H-1001"))
        await emulator.wait_until(lambda: "🔎 Clothes size 122" in request_card.plain_text, 5)
