"""/subscribe and /unsubscribe: one message with a toggle per topic, in Danish and English.
Nobody is subscribed without pressing yes themselves."""

from __future__ import annotations

from emulator import BotApiEmulator, BotMessage
from tests.e2e.broadcast_support import query
from tests.e2e.harness import BotProcess


def labels(message: BotMessage) -> list[str]:
    return [label for row in message.buttons for label in row]


def topics(bot: BotProcess, uid: int) -> list[str]:
    rows = query(
        bot.database, "SELECT topic FROM subscriptions WHERE user_id = ? ORDER BY topic", (uid,)
    )
    return [str(row[0]) for row in rows]


async def test_toggles_in_danish_turn_topics_on_and_off(emulator: BotApiEmulator, bot: BotProcess):
    mette = emulator.user(50001, first_name="Mette", language_code="da")
    await mette.send("/start")
    await mette.expect("Velkommen")
    assert topics(bot, mette.id) == []  # using the bot is not a yes

    await mette.send("/subscribe")
    choices = await mette.expect("Hvad vil du have besked om?")
    assert labels(choices) == [
        "⬜ Indleveringsdage",
        "⬜ Julehjælp",
        "⬜ Nyheder",
        "⬜ Efterlysninger",
        "👍 Færdig",
    ]
    assert "Du får ingen beskeder fra os nu." in choices.plain_text

    await mette.press("Indleveringsdage")
    await emulator.wait_until(lambda: "✅ Indleveringsdage" in labels(choices))
    assert mette.callback_answers[-1]["text"] == "Du får nu besked om: Indleveringsdage"
    await mette.press("Nyheder")
    await emulator.wait_until(lambda: "✅ Nyheder" in labels(choices))
    assert "Du får: Indleveringsdage, Nyheder." in choices.plain_text
    assert topics(bot, mette.id) == ["dropoff", "news"]

    # A doubled press sets the same state twice instead of undoing it.
    await mette.press_data("sub:on:dropoff", message=choices)
    await mette.press_data("sub:on:dropoff", message=choices)
    await emulator.wait_until(lambda: len(mette.callback_answers) == 4)
    assert topics(bot, mette.id) == ["dropoff", "news"]

    await mette.press("Færdig")
    await mette.expect("Gemt. Du får: Indleveringsdage, Nyheder.")

    # /unsubscribe shows only what she gets, each with a button that stops it.
    await mette.send("/unsubscribe")
    leaving = await mette.expect("Tryk på det, du vil stoppe.")
    assert labels(leaving) == [
        "🔕 Stop: Indleveringsdage",
        "🔕 Stop: Nyheder",
        "🛑 Stop alt",
        "👍 Færdig",
    ]
    await mette.press("Stop: Nyheder")
    await emulator.wait_until(lambda: "🔕 Stop: Nyheder" not in labels(leaving))
    assert mette.callback_answers[-1]["text"] == "Du får ikke længere besked om: Nyheder"
    assert topics(bot, mette.id) == ["dropoff"]
    # A doubled stop press stops it once; it never turns a topic on.
    await mette.press_data("unsub:off:news", message=leaving)
    await emulator.wait_until(lambda: len(mette.callback_answers) == 7)
    assert topics(bot, mette.id) == ["dropoff"]
    await mette.press_data("unsub:on:news", message=leaving)
    await emulator.wait_until(lambda: len(mette.callback_answers) == 8)
    assert topics(bot, mette.id) == ["dropoff"]

    # The choices survive a kill -9 and a restart (they live in the database).
    await bot.restart()
    await mette.send("/subscribe")
    again = await mette.expect("Hvad vil du have besked om?")
    assert labels(again)[:3] == ["✅ Indleveringsdage", "⬜ Julehjælp", "⬜ Nyheder"]


async def test_stop_everything_in_one_tap(emulator: BotApiEmulator, bot: BotProcess):
    lars = emulator.user(50004, first_name="Lars", language_code="da")
    await lars.send("/subscribe")
    choices = await lars.expect("Hvad vil du have besked om?")
    assert "Indleveringsdage: når vi tager imod ting." in choices.plain_text
    await lars.press("Indleveringsdage")
    await emulator.wait_until(lambda: "✅ Indleveringsdage" in labels(choices))
    await lars.press("Julehjælp")
    await emulator.wait_until(lambda: "✅ Julehjælp" in labels(choices))
    await lars.send("/afmeld")
    leaving = await lars.expect("Tryk på det, du vil stoppe.")
    assert "Du får: Indleveringsdage, Julehjælp." in leaving.plain_text
    await lars.press("Stop alt")
    await lars.expect("Stoppet. Du får ingen beskeder fra os nu.")
    assert topics(bot, lars.id) == []
    await lars.send("/unsubscribe")
    nothing = await lars.expect("Du får ingen beskeder fra os nu.")
    assert nothing.buttons == [] and "/subscribe" in nothing.plain_text
    assert leaving.buttons == []


async def test_unsubscribe_in_english(emulator: BotApiEmulator, bot: BotProcess):
    tom = emulator.user(50005, first_name="Tom", language_code="en")
    await tom.send("/subscribe")
    choices = await tom.expect("What do you want to hear about?")
    await tom.press("News")
    await emulator.wait_until(lambda: "✅ News" in labels(choices))
    await tom.send("/unsubscribe")
    leaving = await tom.expect("Tap what you want to stop.")
    assert labels(leaving) == ["🔕 Stop: News", "🛑 Stop everything", "👍 Done"]
    await tom.press("Stop: News")
    await tom.expect("You get no messages from us now.")
    assert topics(bot, tom.id) == []


async def test_toggles_in_english(emulator: BotApiEmulator, bot: BotProcess):
    tom = emulator.user(50002, first_name="Tom", language_code="en")
    await tom.send("/subscribe")
    choices = await tom.expect("What do you want to hear about?")
    assert labels(choices) == [
        "⬜ Drop-off days",
        "⬜ Christmas help",
        "⬜ News",
        "⬜ Wanted posts",
        "👍 Done",
    ]
    assert "Wanted posts: when a family needs something." in choices.plain_text
    await tom.press("Wanted posts")
    await emulator.wait_until(lambda: "✅ Wanted posts" in labels(choices))
    assert topics(bot, tom.id) == ["wanted"]
    await tom.press("Wanted posts")
    await emulator.wait_until(lambda: "⬜ Wanted posts" in labels(choices))
    await tom.press("Christmas help")
    await emulator.wait_until(lambda: "✅ Christmas help" in labels(choices))
    assert tom.callback_answers[-1]["text"] == "You will now hear about: Christmas help"
    await tom.press("Christmas help")
    await emulator.wait_until(lambda: "⬜ Christmas help" in labels(choices))
    await tom.press("Done")
    await tom.expect("Saved. You get no messages from us.")
    assert topics(bot, tom.id) == []


async def test_a_forged_topic_button_is_refused(emulator: BotApiEmulator, bot: BotProcess):
    ali = emulator.user(50003, first_name="Ali", language_code="da")
    await ali.send("/subscribe")
    choices = await ali.expect("Hvad vil du have besked om?")
    await ali.press_data("sub:on:sofaer", message=choices)
    await emulator.wait_until(lambda: bool(ali.callback_answers))
    assert "virker ikke mere" in ali.callback_answers[-1]["text"]
    assert topics(bot, ali.id) == []
    assert "Forged subscription button" in bot.log()
