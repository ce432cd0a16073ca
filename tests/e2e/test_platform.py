"""The platform, tried as a new user would: run_bot.py as a real process, Telegram emulated."""

from __future__ import annotations

import os
from pathlib import Path

from emulator import BotApiEmulator
from tests.e2e.harness import ADMIN_ID, ROOT, TOKEN, BotProcess, run_once


async def test_start_greets_in_danish_with_the_menu(emulator: BotApiEmulator, bot: BotProcess):
    mette = emulator.user(2001, first_name="Mette", language_code="da")
    await mette.send("/start")
    reply = await mette.expect("Velkommen til Hjælpesporet Herning")
    assert "Hej Mette" in reply.text
    assert "🌐 Sprog / Language" in [label for row in reply.buttons for label in row]


async def test_start_greets_in_english_when_telegram_is_english(
    emulator: BotApiEmulator, bot: BotProcess
):
    tom = emulator.user(2002, first_name="Tom", language_code="en-GB")
    await tom.send("/start")
    reply = await tom.expect("Welcome to Hjælpesporet Herning")
    assert "Hi Tom" in reply.text


async def test_unsupported_telegram_language_falls_back_to_danish(
    emulator: BotApiEmulator, bot: BotProcess
):
    # Swedish: a language we have no catalog for (Arabic and Ukrainian have their own now).
    sven = emulator.user(2003, first_name="Sven", language_code="sv")
    await sven.send("/start")
    await sven.expect("Velkommen")


async def test_a_telegram_in_ukrainian_or_arabic_starts_in_that_language(
    emulator: BotApiEmulator, bot: BotProcess
):
    olena = emulator.user(2004, first_name="Olena", language_code="uk")
    await olena.send("/start")
    greeting = await olena.expect("Olena")
    assert "Ласкаво просимо" in greeting.text or "Вітаємо" in greeting.text
    ali = emulator.user(2005, first_name="Ali", language_code="ar")
    await ali.send("/start")
    assert "مرحب" in (await ali.expect("Ali")).text


async def test_language_switch_is_remembered_across_a_restart(
    emulator: BotApiEmulator, bot: BotProcess
):
    mette = emulator.user(2004, first_name="Mette", language_code="da")
    await mette.send("/language")
    await mette.expect("Vælg sprog")
    await mette.press("English")
    await mette.expect("I will write to you in English")
    await bot.restart()
    await mette.send("/start")
    await mette.expect("Welcome to")


async def test_language_button_in_the_menu(emulator: BotApiEmulator, bot: BotProcess):
    tom = emulator.user(2005, first_name="Tom", language_code="en")
    await tom.send("/start")
    await tom.expect("Welcome")
    await tom.press("Language")
    await tom.expect("Choose language")
    await tom.press("Dansk")
    await tom.expect("Jeg skriver til dig på dansk")


async def test_help_explains_and_lists_commands(emulator: BotApiEmulator, bot: BotProcess):
    mette = emulator.user(2006, first_name="Mette", language_code="da")
    await mette.send("/help")
    reply = await mette.expect("Du kan bruge")
    for command in ("/start", "/help", "/sprog", "/annuller"):
        assert command in reply.text
    tom = emulator.user(2007, first_name="Tom", language_code="en")
    await tom.send("/help")
    await tom.expect("You can use")


async def test_cancel_with_nothing_under_way(emulator: BotApiEmulator, bot: BotProcess):
    mette = emulator.user(2008, first_name="Mette", language_code="da")
    await mette.send("/cancel")
    await mette.expect("Der er intet at stoppe")


async def test_commands_are_registered_in_danish_and_english(
    emulator: BotApiEmulator, bot: BotProcess
):
    # Set just after polling started, so the first answer does not wait for them.
    await emulator.wait_until(
        lambda: {("default", "da"), ("default", "en")} <= set(emulator.commands), timeout=5
    )
    danish = {c["command"]: c["description"] for c in emulator.commands[("default", "da")]}
    english = {c["command"]: c["description"] for c in emulator.commands[("default", "en")]}
    assert danish["annuller"] == "Stop det, du er i gang med"  # Danish readers: Danish names
    assert english["cancel"] == "Stop what you are doing"
    assert len(danish) == len(english) and set(english) >= {"start", "help", "cancel", "volunteer"}
    assert {"frivillig", "vagter", "afmeld", "annuller"} <= set(danish)
    assert "volunteer" not in danish and "frivillig" not in english


async def test_group_chat_only_gets_a_button_to_the_private_chat(
    emulator: BotApiEmulator, bot: BotProcess
):
    mette = emulator.user(2009, first_name="Mette", language_code="da")
    group = emulator.group(-100200300, "Naboer i Herning")
    await group.send(mette, "/start")
    reply = await group.expect("privat")
    assert "Mette" not in reply.text
    url = reply.reply_markup["inline_keyboard"][0][0]["url"]  # type: ignore[index]
    assert url == "https://t.me/hjaelpebot_test?start=group"
    await mette.expect_no_message(within=0.3)


async def test_a_duplicate_update_is_handled_once(emulator: BotApiEmulator, bot: BotProcess):
    mette = emulator.user(2010, first_name="Mette", language_code="da")
    update = await mette.send("/start")
    await mette.expect("Velkommen")
    # Confirmed first: a redelivery while the update is still in flight never reaches the
    # database check (the poller drops it), which is not what this test is about.
    await emulator.wait_until(lambda: emulator.pending_updates == 0, timeout=5)
    emulator.deliver_again(update)
    await emulator.wait_until(lambda: "already handled" in bot.log(), timeout=5)
    await mette.expect_no_message(within=0.5)


async def test_unknown_text_sticker_and_command_get_kind_answers(
    emulator: BotApiEmulator, bot: BotProcess
):
    mette = emulator.user(2011, first_name="Mette", language_code="da")
    await mette.send("hej 👋🏽")
    await mette.expect("Det forstod jeg ikke helt")
    await mette.send_sticker()
    await mette.expect("Det kan jeg ikke bruge her")
    await mette.send("/flyv")
    await mette.expect("Den kommando kender jeg ikke")
    await mette.send("x" * 4096)
    await mette.expect("Det forstod jeg ikke helt")


async def test_a_forged_button_is_refused_kindly(emulator: BotApiEmulator, bot: BotProcess):
    mette = emulator.user(2012, first_name="Mette", language_code="da")
    await mette.send("/start")
    await mette.expect("Velkommen")
    await mette.press_data("admin:accept:999999")
    await emulator.wait_until(lambda: bool(mette.callback_answers), timeout=5)
    assert "virker ikke mere" in mette.callback_answers[-1]["text"]
    assert "Unknown button" in bot.log()


async def test_an_unexpected_error_gets_a_kind_message_and_no_traceback(
    emulator: BotApiEmulator, bot: BotProcess
):
    mette = emulator.user(2013, first_name="Mette", language_code="da")
    emulator.fail_next("sendMessage", error_code=500, count=1)
    await mette.send("/help")
    reply = await mette.expect("noget gik galt hos os")
    assert "Traceback" not in reply.text
    assert "Error while handling update" in bot.log()


async def test_a_press_whose_answer_fails_still_gets_its_reply(
    emulator: BotApiEmulator, bot: BotProcess
):
    # Answering a press only stops its spinner: when that call fails (a timeout, a 5xx), the
    # press's own reply still comes.
    mette = emulator.user(2016, first_name="Mette", language_code="da")
    await mette.send("/start")
    await mette.expect("Velkommen")
    emulator.fail_next("answerCallbackQuery", error_code=502)
    await mette.press("Giv ting")
    await mette.expect("Tak, fordi du vil give")
    assert "Error while handling" not in bot.log()
    assert "Answering a button press failed" in bot.log()


async def test_a_press_from_someone_who_blocked_the_bot_is_a_logged_skip(
    emulator: BotApiEmulator, bot: BotProcess
):
    mette = emulator.user(2017, first_name="Mette", language_code="da")
    await mette.send("/start")
    await mette.expect("Velkommen")
    emulator.fail_next(
        None, chat_id=mette.id, error_code=403, description="Forbidden: bot was blocked by the user"
    )
    await mette.press("Giv ting")
    await emulator.wait_until(lambda: "the person blocked the bot" in bot.log(), timeout=5)
    assert "Error while handling" not in bot.log() and "Traceback" not in bot.log()


async def test_an_edit_that_changes_nothing_is_a_logged_skip(
    emulator: BotApiEmulator, bot: BotProcess
):
    mette = emulator.user(2018, first_name="Mette", language_code="da")
    await mette.send("/language")
    await mette.expect("Vælg sprog")
    emulator.fail_next(
        None,
        chat_id=mette.id,
        error_code=400,
        description="Bad Request: message is not modified: specified new message content and"
        " reply markup are exactly the same as a current content and reply markup of the message",
    )
    await mette.press("English")
    await emulator.wait_until(lambda: "the message already said that" in bot.log(), timeout=5)
    assert "Error while handling" not in bot.log() and "Traceback" not in bot.log()
    await mette.expect_no_message(within=0.3)


async def test_one_flooding_user_is_slowed_down_and_others_are_served(
    emulator: BotApiEmulator, bot: BotProcess
):
    flooder = emulator.user(2014, first_name="Spam", language_code="da")
    other = emulator.user(2015, first_name="Mette", language_code="da")
    for _ in range(30):
        await flooder.send("/help")
    await other.send("/start")
    await other.expect("Velkommen", timeout=15)
    await emulator.wait_until(lambda: emulator.pending_updates == 0, timeout=20)
    await emulator.wait_until(
        lambda: any("skriver meget hurtigt" in m.text for m in flooder.messages), timeout=10
    )
    warnings = [m for m in flooder.messages if "skriver meget hurtigt" in m.text]
    helps = [m for m in flooder.messages if "Du kan bruge" in m.text]
    assert len(warnings) == 1
    assert len(helps) == 20


async def test_a_slow_moment_of_telegram_loses_no_reply(emulator: BotApiEmulator, bot: BotProcess):
    # Every call takes 1.5 s while 40 people write at once: more replies are under way than the
    # bot has connections, and the ones past them wait their turn (PTB's default gave up on a
    # free connection after 1 s, and the reply was lost).
    crowd = [emulator.user(2400 + n, first_name=f"P{n}", language_code="da") for n in range(40)]
    emulator.latency = 1.5
    for person in crowd:
        await person.send("/start")
    for person in crowd:
        await person.expect("Velkommen", timeout=30)
    assert "Pool timeout" not in bot.log()
    # Stopped while the last replies are under way, it finishes them and exits (it hung now
    # and then on Python 3.11: bot/event_wait.py).
    assert await bot.stop() == 0


async def test_bad_setting_stops_with_one_line_and_status_2(tmp_path: Path):
    env = {**os.environ, "BOT_TOKEN": TOKEN, "ADMIN_IDS": "12,abc"}
    status, out, err = await run_once([], env, tmp_path)
    assert status == 2
    assert err.strip().count("\n") == 0
    assert "ADMIN_IDS" in err and "Fix:" in err
    assert "Traceback" not in err + out


async def test_bad_time_zone_is_named(tmp_path: Path):
    env = {**os.environ, "BOT_TOKEN": TOKEN, "TIMEZONE": "Europe/Aarhus"}
    status, _, err = await run_once([], env, tmp_path)
    assert status == 2 and "TIMEZONE" in err


async def test_missing_token_says_how_to_get_one_and_how_to_try_the_demo(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    env["ORGANISATION_FILE"] = str(ROOT / "organisation.toml")
    status, out, err = await run_once([], env, tmp_path)
    assert status == 2
    assert "BotFather" in err and "make demo" in err
    assert "Traceback" not in err + out


async def test_help_shows_each_person_only_what_they_may_use(
    emulator: BotApiEmulator, bot: BotProcess
):
    mette = emulator.user(2016, first_name="Mette", language_code="da")
    await mette.send("/help")
    reply = await mette.expect("Du kan bruge")
    assert "/doner" in reply.text and "/offers" not in reply.text
    assert "For bestyrelsen" not in reply.text and reply.buttons == []
    owner = emulator.user(ADMIN_ID, first_name="Birgitte", language_code="da")
    await owner.send("/help")
    reply = await owner.expect("Til bestyrelsen")
    board = ""
    for label in [label for row in reply.buttons for label in row]:  # the board's groups
        await owner.press(label, reply)
        board += (await owner.expect(label)).text
    for command in ("/offers", "/newdate", "/roller", "/log"):
        assert command in board


async def test_an_update_killed_before_its_commit_is_handled_again(
    emulator: BotApiEmulator, tmp_path: Path
):
    """The process dies after the handler ran and replied, before state and "done" were
    committed: after the restart the same update is handled again (a repeated reply, never
    silence), and the one after it goes on from the right step."""
    from bot.crash_points import ENVIRONMENT

    crashing = BotProcess(emulator, tmp_path, env={ENVIRONMENT: "update.before_commit:2"})
    await crashing.start()
    mette = emulator.user(2030, first_name="Mette", language_code="da")
    await mette.send("/start")
    await mette.expect("Velkommen")
    assert crashing.process is not None
    await mette.send("/start")  # the second update dies before its commit
    await mette.expect("Velkommen")
    assert await crashing.process.wait() == 137
    assert "crash point update.before_commit" in crashing.log()
    assert emulator.pending_updates == 1  # not confirmed to Telegram
    again = BotProcess(emulator, tmp_path, env={})
    await again.start()
    try:
        await mette.expect("Velkommen")  # handled again after the restart
        await emulator.wait_until(lambda: emulator.pending_updates == 0, timeout=5)
        await mette.expect_no_message(within=0.5)
    finally:
        await again.stop()
