"""Admins answer offers: accept, decline, ask; only admins; each donor told in their language."""

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


async def test_an_admin_accepts_one_offer_and_declines_another_and_each_donor_is_told(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    mette = emulator.user(2301, first_name="Mette", language_code="da")
    tom = emulator.user(2302, first_name="Tom", language_code="en")
    async with donation_bot(emulator, tmp_path) as bot:
        assert await send_quick_offer_da(mette) == "G-1001"
        assert await send_quick_offer_en(tom, "A box of <i>cook</i> books") == "G-1002"
        first = await admin.expect("Tilbud G-1001")
        second = await admin.expect("Tilbud G-1002")
        assert "A box of &lt;i&gt;cook&lt;/i&gt; books" in second.text  # escaped for admins

        await admin.press("Tag imod", message=first)
        await emulator.wait_until(lambda: "⭐" in str(first.buttons), timeout=5)
        assert "🚚 Vi kontakter giveren om afhentning" in str(first.buttons)
        await admin.press("21. nov.", message=first)
        told = await mette.expect("Gode nyheder!")
        assert "G-1001 (Legetøj)" in told.plain_text
        assert "lørdag den 21. november kl. 10.00-13.00" in told.plain_text
        assert "Teglvænget 97" in told.plain_text
        decided = await admin.expect("Taget imod af Birgitte")
        assert decided is first and first.buttons == []  # the card shows it, without buttons
        assert "🆕" not in decided.plain_text and "Giver: Mette" in decided.plain_text

        await admin.press("Afvis", message=second)
        await emulator.wait_until(lambda: "Skriv en grund" in str(second.buttons), timeout=5)
        await admin.press("Vi har nok af det lige nu.", message=second)
        # One more tap before it takes effect; "Fortryd" goes back to the card's buttons
        await emulator.wait_until(lambda: "Fortryd" in str(second.buttons), timeout=5)
        assert "Ja, afvis: Vi har nok af det lige nu." in str(second.buttons)
        await admin.press("Fortryd", message=second)
        await emulator.wait_until(lambda: "Spørg giveren" in str(second.buttons), timeout=5)
        assert offers(bot)[1]["status"] == "pending"
        await admin.press("Afvis", message=second)
        await emulator.wait_until(lambda: "Skriv en grund" in str(second.buttons), timeout=5)
        await admin.press("Vi har nok af det lige nu.", message=second)
        await emulator.wait_until(lambda: "Ja, afvis" in str(second.buttons), timeout=5)
        await admin.press("Ja, afvis", message=second)
        told = await tom.expect("Thank you for thinking of us")
        assert "your offer G-1002 (Other)" in told.plain_text
        assert "Reason: We have enough of this right now." in told.plain_text
        await admin.expect("Afvist af Birgitte: Vi har nok af det lige nu.")

        # A late press on a decided offer is refused and logged
        await admin.press_data("offer:acc:1", message=first)
        await emulator.wait_until(
            lambda: "allerede besvaret" in (admin.callback_answers[-1]["text"] or ""), timeout=5
        )
        assert "G-1001 is accepted" in bot.log()
        stored = {row["reference"]: row for row in offers(bot)}
        assert stored["G-1001"]["status"] == "accepted"
        assert stored["G-1001"]["accepted_day_id"] == 1
        assert stored["G-1002"]["status"] == "declined"
        audit = rows(bot, "SELECT actor_id, action, subject, details FROM audit_log ORDER BY id")
        assert audit == [
            {
                "actor_id": ADMIN_ID,
                "action": "offer.accept",
                "subject": "G-1001",
                "details": "day:1",
            },
            {
                "actor_id": ADMIN_ID,
                "action": "offer.decline",
                "subject": "G-1002",
                "details": "preset:0",
            },
        ]


async def test_questions_go_to_the_donor_and_answers_come_back_by_reference(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    mette = emulator.user(2303, first_name="Mette", language_code="da")
    tom = emulator.user(2304, first_name="Tom", language_code="en")
    async with donation_bot(emulator, tmp_path) as bot:
        await send_quick_offer_da(mette, photos=2)
        await send_quick_offer_en(tom)
        await admin.expect("Tilbud G-1001")  # the notices
        await admin.expect("Tilbud G-1002")
        await admin.send("/offers")
        await admin.expect("Tilbud, der venter på svar: 2. Ældste først")
        card_1 = await admin.expect("Tilbud G-1001")
        card_2 = await admin.expect("Tilbud G-1002")
        assert card_1.message_id < card_2.message_id  # oldest first
        assert "🖼 Billeder (2)" in str(card_1.buttons)

        await admin.press("Billeder", message=card_1)
        await emulator.wait_until(
            lambda: sum(m.kind == "media_group_item" for m in admin.messages) == 4, timeout=5
        )

        await admin.press("Spørg giveren", message=card_1)
        await admin.expect("Skriv dit spørgsmål til giveren af G-1001")
        await admin.send("Er der <b>mange</b> klodser?")
        await admin.expect("Dit spørgsmål er sendt til giveren af G-1001")
        question = await mette.expect("Vi har et spørgsmål om dit tilbud G-1001")
        assert "&lt;b&gt;mange&lt;/b&gt;" in question.text
        await mette.press("Svar", message=question)
        await mette.expect("Skriv dit svar om G-1001")
        await mette.send_sticker()
        await mette.expect("Skriv dit svar som tekst")
        await mette.send("Ja, ca. 2 kg <3")
        await mette.expect("Jeg har givet dit svar videre")
        relayed = await admin.expect("Svar om G-1001")
        assert "Spørgsmål: Er der &lt;b&gt;mange&lt;/b&gt; klodser?" in relayed.text
        assert "Svar: Ja, ca. 2 kg &lt;3" in relayed.text
        assert "Tag imod" in str(relayed.buttons)  # the decision can be taken right there
        await mette.press("Svar", message=question)  # again: already answered
        await emulator.wait_until(
            lambda: "allerede svaret" in (mette.callback_answers[-1]["text"] or ""), timeout=5
        )

        await admin.press("Afvis", message=card_2)
        await emulator.wait_until(lambda: "Skriv en grund" in str(card_2.buttons), timeout=5)
        await admin.press("Skriv en grund", message=card_2)
        await admin.expect("Skriv grunden til nej til G-1002")
        await admin.send("/cancel")  # in a private chat the platform's /cancel ends it
        await admin.expect("Intet blev sendt")
        await admin.press("Skriv en grund", message=card_2)
        await admin.expect("Skriv grunden til nej til G-1002")
        await admin.send("Vi har desværre for mange bøger")
        await admin.expect("G-1002 er afvist, og giveren har fået besked")
        told = await tom.expect("Sadly, we cannot take your offer G-1002")
        assert "Reason: Vi har desværre for mange bøger" in told.plain_text

        audit = [r["action"] for r in rows(bot, "SELECT action FROM audit_log ORDER BY id")]
        assert audit == ["offer.ask", "offer.decline"]
        assert rows(bot, "SELECT answer FROM offer_questions")[0]["answer"] == "Ja, ca. 2 kg <3"


async def test_a_non_admin_pressing_an_admin_button_is_refused_and_logged(
    emulator: BotApiEmulator, tmp_path: Path
):
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    mette = emulator.user(2305, first_name="Mette", language_code="da")
    async with donation_bot(emulator, tmp_path) as bot:
        await send_quick_offer_da(mette)
        card = await admin.expect("Tilbud G-1001")
        for forged in (
            "offer:acc:1",
            "offer:day:1:1",
            "offer:why:1:0",
            "offer:decok:1:0",
            "offer:ask:1",
            "offer:pick:1",
        ):
            before = len(mette.callback_answers)
            await mette.press_data(forged)
            await emulator.wait_until(lambda b=before: len(mette.callback_answers) > b, timeout=5)
            assert "kun foreningens administratorer" in mette.callback_answers[-1]["text"]
        await mette.send("Hej")
        await mette.expect("Det forstod jeg ikke helt")  # no question prompt was started
        assert bot.log().count("Refused offer button") == 6
        assert offers(bot)[0]["status"] == "pending"
        # An admin's own forged or stale data is refused as well
        await admin.press_data("offer:day:1:999", message=card)
        await emulator.wait_until(
            lambda: (
                bool(admin.callback_answers)
                and "ikke åben mere" in (admin.callback_answers[-1]["text"] or "")
            ),
            timeout=5,
        )
        await admin.press_data("offer:acc:77", message=card)
        await emulator.wait_until(
            lambda: "virker ikke" in (admin.callback_answers[-1]["text"] or ""), timeout=5
        )
        assert offers(bot)[0]["status"] == "pending"
        assert rows(bot, "SELECT * FROM audit_log") == []


async def test_in_an_admin_group_notices_arrive_there_and_only_admins_can_answer(
    emulator: BotApiEmulator, tmp_path: Path
):
    group = emulator.group(-100555000111, "Bestyrelsen")
    admin = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    jens = emulator.user(2306, first_name="Jens", language_code="da")  # a member, not an admin
    group.add_member(admin, "administrator")
    group.add_member(jens)
    mette = emulator.user(2307, first_name="Mette", language_code="da")
    tom = emulator.user(2308, first_name="Tom", language_code="en")
    env = {"ADMIN_CHAT_ID": str(group.id)}
    async with donation_bot(emulator, tmp_path, env=env) as bot:
        await send_quick_offer_da(mette, photos=2)
        await send_quick_offer_en(tom)
        first = await group.expect("Tilbud G-1001")
        second = await group.expect("Tilbud G-1002")
        assert sum(m.kind == "media_group_item" for m in group.messages) == 2
        await admin.expect_no_message(within=0.2)  # the group instead of private chats

        await group.press(jens, "Tag imod", message=first)
        await emulator.wait_until(lambda: bool(jens.callback_answers), timeout=5)
        assert "kun foreningens administratorer" in jens.callback_answers[-1]["text"]
        assert first.buttons[0] == ["✅ Tag imod", "❌ Afvis"]  # unchanged

        await group.press(admin, "Tag imod", message=first)
        await emulator.wait_until(lambda: "Vi kontakter giveren" in str(first.buttons), timeout=5)
        await group.press(admin, "Vi kontakter giveren om afhentning", message=first)
        told = await mette.expect("Gode nyheder!")
        assert "Vi kontakter dig for at aftale" in told.plain_text
        await group.expect("Taget imod af Birgitte: vi kontakter giveren om afhentning")

        await group.press(admin, "Spørg giveren", message=second)
        prompt = await group.expect("Skriv dit spørgsmål til giveren af G-1002")
        assert prompt.reply_markup == {"force_reply": True, "selective": True}
        await group.send(jens, "Skal vi ikke bare sige ja?")  # other talk in the group is not it
        await group.send(admin, "Are the books in Danish?", reply_to=prompt)
        await group.expect("Dit spørgsmål er sendt til giveren af G-1002")
        question = await tom.expect("We have a question about your offer G-1002")
        assert "Are the books in Danish?" in question.plain_text
        await tom.press("Answer", message=question)
        await tom.expect("Write your answer about G-1002")
        await tom.send("Most of them, yes")
        await tom.expect("I have passed your answer on")
        relayed = await group.expect("Svar om G-1002")
        assert "Svar: Most of them, yes" in relayed.plain_text

        await group.send(admin, "/offers")
        await group.expect("Tilbud, der venter på svar: 1")
        await group.send(jens, "/offers")
        await group.expect("kun foreningens administratorer")
        stored = {row["reference"]: row["status"] for row in offers(bot)}
        assert stored == {"G-1001": "accepted", "G-1002": "pending"}
