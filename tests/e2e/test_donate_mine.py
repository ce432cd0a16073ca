"""/mine: a donor's offers with their status in their language, and withdrawing an open one."""

from __future__ import annotations

from pathlib import Path

from emulator import BotApiEmulator
from tests.e2e.donate_support import (
    donation_bot,
    offers,
    rows,
    send_quick_offer_da,
    send_quick_offer_en,
)
from tests.e2e.harness import ADMIN_ID


async def test_mine_lists_offers_with_status_and_withdraws_an_open_one(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    mette = emulator.user(2401, first_name="Mette", language_code="da")
    tom = emulator.user(2402, first_name="Tom", language_code="en")
    async with donation_bot(emulator, tmp_path) as bot:
        await mette.send("/mine")
        await mette.expect("Her er ikke noget endnu")
        await send_quick_offer_da(mette)
        await send_quick_offer_da(mette, category="Køkkenting", description="En gryde og to pander")
        first_card = await admin.expect("Tilbud G-1001")
        second_card = await admin.expect("Tilbud G-1002")
        await admin.press("Tag imod", message=first_card)
        await emulator.wait_until(lambda: "21. nov." in str(first_card.buttons), timeout=5)
        await admin.press("21. nov.", message=first_card)
        await mette.expect("Gode nyheder!")

        await mette.send("/start")
        await mette.expect("Velkommen")
        await mette.press("Mine ting")
        listing = await mette.expect("Dine tilbud")
        text = listing.plain_text
        assert text.index("G-1002") < text.index("G-1001")  # newest first
        assert "G-1002 · Køkkenting · ⏳ Afventer" in text
        assert "G-1001 · Legetøj · ✅ Accepteret" in text
        assert "Kom med det lørdag den 21. november kl. 10.00-13.00" in text
        assert listing.buttons == [["↩️ Træk G-1002 tilbage"], ["↩️ Træk G-1001 tilbage"]]

        await tom.send("/start")
        await tom.expect("Welcome")
        await tom.press_data("mine:wdyes:2")  # someone else's offer
        await emulator.wait_until(lambda: bool(tom.callback_answers), timeout=5)
        assert "That button is not valid" in tom.callback_answers[-1]["text"]
        assert offers(bot)[1]["status"] == "pending"

        await mette.press("Træk G-1002 tilbage", message=listing)
        await emulator.wait_until(lambda: "Nej, behold det" in str(listing.buttons), timeout=5)
        await mette.press("Nej, behold det", message=listing)
        await emulator.wait_until(lambda: "Træk G-1002" in str(listing.buttons), timeout=5)
        await mette.press("Træk G-1002 tilbage", message=listing)
        await emulator.wait_until(lambda: "Ja, træk" in str(listing.buttons), timeout=5)
        await mette.press("Ja, træk G-1002 tilbage", message=listing)
        await emulator.wait_until(lambda: "↩️ Trukket tilbage" in listing.plain_text, timeout=5)
        assert listing.buttons == [["↩️ Træk G-1001 tilbage"]]
        assert "G-1002 er trukket tilbage" in mette.callback_answers[-1]["text"]
        await admin.expect("G-1002 er trukket tilbage af giveren")
        await emulator.wait_until(
            lambda: "Trukket tilbage af giveren" in second_card.plain_text, timeout=5
        )
        assert second_card.buttons == []
        assert [row["status"] for row in offers(bot)] == ["accepted", "withdrawn"]

        # The accepted one too, after a warning: we count on it on Saturday
        await mette.press("Træk G-1001 tilbage", message=listing)
        await emulator.wait_until(lambda: "Er du sikker?" in listing.plain_text, timeout=5)
        assert (
            "Er du sikker? Vi regner med G-1001 lørdag den 21. november kl. 10.00-13.00."
            in listing.plain_text
        )
        await mette.press("Ja, træk G-1001 tilbage", message=listing)
        await emulator.wait_until(lambda: listing.buttons == [], timeout=5)
        assert "Er du sikker?" not in listing.plain_text
        await admin.expect("G-1001 er trukket tilbage af giveren")
        await emulator.wait_until(
            lambda: "Trukket tilbage af giveren" in first_card.plain_text, timeout=5
        )
        assert "Taget imod" not in first_card.plain_text and first_card.buttons == []
        assert [row["status"] for row in offers(bot)] == ["withdrawn", "withdrawn"]
        assert rows(bot, "SELECT COUNT(*) AS n FROM offers WHERE status = 'accepted'") == [
            {"n": 0}
        ]  # the drop-off day no longer counts it

        # A late press on the old card's accept button is answered kindly
        await admin.press_data("offer:acc:1")
        await emulator.wait_until(lambda: bool(admin.callback_answers), timeout=5)
        assert offers(bot)[0]["status"] == "withdrawn"

        await send_quick_offer_en(tom)
        await tom.send("/mine")
        listing = await tom.expect("Your offers")
        assert "G-1003 · Other · ⏳ Waiting for an answer" in listing.plain_text
        assert listing.buttons == [["↩️ Withdraw G-1003"]]


async def test_an_english_donor_withdraws_an_accepted_offer_after_a_warning(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    tom = emulator.user(2411, first_name="Tom", language_code="en")
    async with donation_bot(emulator, tmp_path) as bot:
        await send_quick_offer_en(tom)
        card = await admin.expect("Tilbud G-1001")
        await admin.press("Tag imod", message=card)
        await emulator.wait_until(lambda: "21. nov." in str(card.buttons), timeout=5)
        await admin.press("21. nov.", message=card)
        await tom.expect("Good news")

        await tom.send("/mine")
        listing = await tom.expect("Your offers")
        assert listing.buttons == [["↩️ Withdraw G-1001"]]
        await tom.press("Withdraw G-1001", message=listing)
        await emulator.wait_until(lambda: "Are you sure?" in listing.plain_text, timeout=5)
        assert "We are counting on G-1001 on " in listing.plain_text
        assert "21 November" in listing.plain_text
        await tom.press("No, keep it", message=listing)
        await emulator.wait_until(lambda: "Are you sure?" not in listing.plain_text, timeout=5)
        assert offers(bot)[0]["status"] == "accepted"

        await tom.press("Withdraw G-1001", message=listing)
        await emulator.wait_until(lambda: "Yes, withdraw" in str(listing.buttons), timeout=5)
        await tom.press("Yes, withdraw G-1001", message=listing)
        await emulator.wait_until(lambda: listing.buttons == [], timeout=5)
        assert "G-1001 is withdrawn" in tom.callback_answers[-1]["text"]
        await admin.expect("G-1001 er trukket tilbage af giveren")
        await emulator.wait_until(
            lambda: "Trukket tilbage af giveren" in card.plain_text, timeout=5
        )
        assert card.buttons == []
        row = offers(bot)[0]
        assert (row["status"], row["accepted_day_id"], row["accepted_handover"]) == (
            "withdrawn",
            None,
            None,
        )

        before = len(admin.callback_answers)
        await admin.press_data("offer:acc:1")  # a forged or stale accept
        await emulator.wait_until(lambda: len(admin.callback_answers) > before, timeout=5)
        assert "G-1001 blev trukket tilbage af giveren" in admin.callback_answers[-1]["text"]
        assert offers(bot)[0]["status"] == "withdrawn"
