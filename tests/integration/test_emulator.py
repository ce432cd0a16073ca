"""The Bot API emulator, exercised with the real PTB client and a real PTB Application."""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    InputMediaPhoto,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
)

from emulator import BotApiEmulator, EmulatedUser
from emulator.samples import LARGE_JPEG

ANNA = 1001


@pytest.fixture(autouse=True)
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    # Opt in to PTB's future RetryAfter.retry_after type (avoids its deprecation warning).
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


@pytest.fixture
async def bot(emu: BotApiEmulator) -> AsyncIterator[Bot]:
    client = Bot(emu.token, base_url=emu.base_url, base_file_url=emu.base_file_url)
    async with client:
        yield client


@pytest.fixture
def anna(emu: BotApiEmulator) -> EmulatedUser:
    return emu.user(ANNA, "Anna", username="anna_k")


MENU = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Doner", callback_data="donate"),
            InlineKeyboardButton("Få hjælp", callback_data="help"),
        ],
        [InlineKeyboardButton("Hjemmeside", url="https://example.org")],
    ]
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None and update.effective_user is not None
    name = html.escape(update.effective_user.first_name)
    await update.effective_message.reply_html(f"Velkommen, <b>{name}</b>!", reply_markup=MENU)


async def choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Tak!")
    await query.edit_message_text(f"Du valgte {query.data}")


@asynccontextmanager
async def running_app(
    emu: BotApiEmulator, *handlers: BaseHandler[Any, Any, Any]
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    for handler in handlers or (CommandHandler("start", start), CallbackQueryHandler(choose)):
        app.add_handler(handler)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


# Server basics -------------------------------------------------------------------------------


async def test_urls_and_get_me(emu: BotApiEmulator, bot: Bot) -> None:
    assert emu.base_url == f"http://127.0.0.1:{emu.port}/bot"
    assert emu.base_file_url == f"http://127.0.0.1:{emu.port}/file/bot"
    me = await bot.get_me()
    assert (me.id, me.username, me.first_name, me.is_bot) == (
        123456,
        "hjaelpebot",
        "Hjælpebot",
        True,
    )
    assert me.can_join_groups is True and me.supports_inline_queries is False
    assert emu.calls[-1].method == "getMe" and emu.calls[-1].status == 200


async def test_wrong_token_and_unknown_method(emu: BotApiEmulator, bot: Bot) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{emu.base_url}999:WRONG/getMe") as response:
            assert response.status == 401
            assert await response.json() == {
                "ok": False,
                "error_code": 401,
                "description": "Unauthorized",
            }
        # Method names are case-insensitive, parameters may come as a query string too.
        async with session.get(f"{emu.api_url}/GETME") as response:
            assert (await response.json())["result"]["username"] == "hjaelpebot"
    with pytest.raises(InvalidToken):  # Bot.__aenter__ calls getMe and closes on failure
        async with Bot("999:WRONG", base_url=emu.base_url):
            pass
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendHologram", api_kwargs={"chat_id": 1})
    assert emu.calls[-1].description == (
        "Not Found: method sendHologram is not supported by the emulator"
    )


# Full round trips through a real Application ---------------------------------------------------


async def test_start_and_button_press_through_application(
    emu: BotApiEmulator, anna: EmulatedUser
) -> None:
    async with running_app(emu):
        await asyncio.wait_for(emu.polling_started.wait(), 2)
        update = await anna.send("/start")
        assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
        reply = await anna.expect("velkommen")
        assert reply.text == "Velkommen, <b>Anna</b>!"
        assert reply.plain_text == "Velkommen, Anna!"
        assert reply.buttons == [["Doner", "Få hjælp"], ["Hjemmeside"]]
        assert reply.button_data == {"Doner": "donate", "Få hjælp": "help"}

        with pytest.raises(AssertionError, match="URL button"):
            await anna.press("Hjemmeside")
        with pytest.raises(AssertionError, match="available buttons"):
            await anna.press("Annuller")

        await anna.press("hjælp")  # a unique, case-insensitive part of the label is enough
        edited = await anna.expect("Du valgte help")
        assert edited is reply and edited.edits == ["Velkommen, <b>Anna</b>!"]
        assert edited.reply_markup is None  # the edit did not repeat the keyboard
        await emu.wait_until(lambda: len(anna.callback_answers) == 1)
        assert anna.callback_answers[0]["text"] == "Tak!"
        await emu.wait_until(lambda: emu.pending_updates == 0)
    # PTB's shutdown cancels its long poll; that must not show up as a 409 conflict.
    assert [c for c in emu.calls if c.error_code is not None] == []


async def test_next_message_cursor_and_expect_no_message(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    await bot.send_message(ANNA, "én")
    await bot.send_message(ANNA, "to")
    assert (await anna.next_message()).text == "én"
    assert (await anna.expect("to")).text == "to"
    await anna.expect_no_message(within=0.05)
    await bot.send_message(ANNA, "tre")
    with pytest.raises(AssertionError, match="tre"):
        await anna.expect_no_message(within=0.05)
    with pytest.raises(AssertionError, match="Transcript of chat 1001"):
        await anna.expect("fire", timeout=0.05)
    assert anna.inbox_text() == "én\nto\ntre"


# Files -----------------------------------------------------------------------------------------


async def test_photo_from_user_arrives_in_two_sizes(bot: Bot, anna: EmulatedUser) -> None:
    await anna.send_photo(caption="Min sofa")
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.caption == "Min sofa"
    assert len(update.message.photo) == 2
    largest = update.message.photo[-1]
    assert (largest.width, largest.height) == (160, 120)


async def test_send_document_upload_is_captured(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    sent = await bot.send_document(
        ANNA,
        b"navn;antal\nsofa;1\n",
        filename="rapport.csv",
        caption="<i>Rapport</i>",
        parse_mode="HTML",
    )
    assert sent.document is not None and sent.document.file_name == "rapport.csv"
    assert sent.caption == "Rapport"
    message = anna.last_message
    assert message is not None and message.kind == "document"
    assert (message.document_name, message.document_bytes) == (
        "rapport.csv",
        b"navn;antal\nsofa;1\n",
    )
    assert emu.calls[-1].params["document"].startswith("<upload rapport.csv")


async def test_send_media_group(bot: Bot, anna: EmulatedUser) -> None:
    await anna.send_photo()
    (update,) = await bot.get_updates()
    assert update.message is not None
    known_id = update.message.photo[-1].file_id
    messages = await bot.send_media_group(
        ANNA,
        [
            InputMediaPhoto(LARGE_JPEG, caption="Ny"),
            InputMediaPhoto(known_id, caption="<b>Kendt</b>", parse_mode="HTML"),
        ],
    )
    assert len(messages) == 2
    assert messages[0].media_group_id == messages[1].media_group_id is not None
    assert [m.caption for m in messages] == ["Ny", "Kendt"]
    items = anna.messages
    assert [m.kind for m in items] == ["media_group_item", "media_group_item"]
    assert items[0].media[0][1] == LARGE_JPEG
    with pytest.raises(BadRequest, match="can't be mixed"):
        await bot.send_media_group(
            ANNA, [InputMediaDocument(b"x", filename="a.txt"), InputMediaPhoto(known_id)]
        )


# Telegram's failure modes ---------------------------------------------------------------------


async def test_retry_after_and_fail_every(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    emu.fail_next("sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ANNA, "hej")
    assert caught.value.retry_after == dtm.timedelta(seconds=7)
    assert (emu.calls[-1].status, emu.calls[-1].error_code) == (429, 429)
    await bot.send_message(ANNA, "hej igen")  # only the next call failed

    emu.fail_every(3)
    outcomes = []
    for n in range(6):
        try:
            await bot.send_message(ANNA, f"besked {n}")
            outcomes.append("ok")
        except RetryAfter:
            outcomes.append("429")
    assert outcomes == ["ok", "ok", "429", "ok", "ok", "429"]
    emu.fail_every(0)
    await bot.send_message(ANNA, "stille")


async def test_server_errors_and_flood_limit(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    emu.fail_next(None, error_code=502, chat_id=ANNA)
    with pytest.raises(Exception, match="Bad Gateway"):
        await bot.send_message(ANNA, "hej")
    emu.flood_limit_per_second = 3
    results = await asyncio.gather(
        *(bot.send_message(ANNA, str(n)) for n in range(5)), return_exceptions=True
    )
    assert sum(isinstance(r, RetryAfter) for r in results) == 2


async def test_delay_next_makes_the_client_time_out(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    emu.delay_next("sendMessage", 0.5)
    with pytest.raises(TimedOut):
        await bot.send_message(ANNA, "langsom", read_timeout=0.1)
    # The message went out all the same: a timeout does not mean "not sent".
    assert (await anna.expect("langsom")).text == "langsom"


async def test_hold_next_answers_one_chat_when_released(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    released = emu.hold_next("sendMessage", chat_id=ANNA)
    sending = asyncio.create_task(bot.send_message(ANNA, "på vej"))
    await anna.expect("på vej")  # it took effect; the answer waits
    assert not sending.done()
    released.set()
    sent = await sending
    assert sent.text == "på vej"
    assert (await bot.send_message(ANNA, "næste")).text == "næste"  # held once only


async def test_delete_messages_deletes_the_bots_own_and_knows_what_is_gone(
    bot: Bot, anna: EmulatedUser
) -> None:
    first = await bot.send_message(ANNA, "en")
    second = await bot.send_message(ANNA, "to")
    assert await bot.delete_messages(ANNA, [first.message_id, second.message_id])
    assert [m.deleted for m in anna.messages] == [True, True]
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_messages(ANNA, [first.message_id])
    with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
        await bot.delete_message(ANNA, second.message_id)
    third = await bot.send_message(ANNA, "tre")
    assert await bot.delete_message(ANNA, third.message_id)


async def test_latency_delays_every_answer_but_get_updates(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    emu.latency = 0.5
    with pytest.raises(TimedOut):
        await bot.send_message(ANNA, "over nettet", read_timeout=0.1)
    assert (await anna.expect("over nettet")).text == "over nettet"
    await anna.send_photo(caption="hej")
    (update,) = await bot.get_updates(read_timeout=0.2)  # long polls are not held up
    assert update.message is not None and update.message.caption == "hej"
    emu.latency = 0


async def test_blocked_user_gives_forbidden_and_my_chat_member(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    anna.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ANNA, "hej")
    (update,) = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.old_chat_member.status == "member"
    assert update.my_chat_member.new_chat_member.status == "kicked"
    emu.unblock(ANNA)
    await bot.send_message(ANNA, "velkommen tilbage")
    never = emu.user(2002, "Bo", started=False)
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(never.id, "hej")


async def test_validation_like_telegram(emu: BotApiEmulator, bot: Bot, anna: EmulatedUser) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(4242, "hej")
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(ANNA, "  ")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(ANNA, "x" * 4097)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(ANNA, "hej", reply_markup=too_long)
    sent = await bot.send_message(ANNA, "hej", reply_markup=MENU)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "hej", chat_id=ANNA, message_id=sent.message_id, reply_markup=MENU
        )
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("nyt", chat_id=ANNA, message_id=999)
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query("123")
    assert emu.calls[-1].error_code == 400


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a < b", "Unclosed start tag"),
        ("Tom & Jerry", 'Unescaped "&"'),
        ("linje<br/>linje", 'Unsupported start tag "br"'),
        ("<b>fed<i>kursiv</b></i>", "Unmatched end tag"),
        ("<b>fed", "Can't find end tag"),
        ("&nbsp;", "Unsupported HTML entity"),
    ],
)
async def test_html_that_telegram_rejects(
    bot: Bot, anna: EmulatedUser, text: str, problem: str
) -> None:
    with pytest.raises(BadRequest, match="an't parse entities") as caught:
        await bot.send_message(ANNA, text, parse_mode="HTML")
    assert problem.lower() in str(caught.value).lower()  # PTB re-cases the description


async def test_html_entities_and_no_markdown(bot: Bot, anna: EmulatedUser) -> None:
    user_text = "<script> & 😀"
    sent = await bot.send_message(
        ANNA, f'<b>{html.escape(user_text)}</b> <a href="https://x.dk">link</a>', parse_mode="HTML"
    )
    assert sent.text == "<script> & 😀 link"
    assert [(e.type, e.offset, e.length) for e in sent.entities] == [
        ("bold", 0, 13),  # the emoji counts as two UTF-16 code units
        ("text_link", 14, 4),
    ]
    assert sent.text_html == '<b>&lt;script&gt; &amp; 😀</b> <a href="https://x.dk">link</a>'
    with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):  # the bot writes HTML
        await bot.send_message(ANNA, r"*Tak* for det\.", parse_mode="MarkdownV2")


# Update delivery -----------------------------------------------------------------------------


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(timeout=dtm.timedelta(seconds=1.5)))
    await asyncio.sleep(0.1)
    await anna.send("hej")
    (update,) = await poll
    assert update.message is not None and update.message.text == "hej"
    assert loop.time() - started < 1.0
    short = dtm.timedelta(seconds=0.1)
    assert await bot.get_updates(timeout=short) == (update,)  # not confirmed yet
    assert await bot.get_updates(offset=update.update_id + 1, timeout=short) == ()
    assert emu.pending_updates == 0


async def test_deliver_again_redelivers_the_same_update_id(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    sent = await anna.send("Jeg vil gerne donere en sofa")
    (first,) = await bot.get_updates()
    assert await bot.get_updates(offset=first.update_id + 1) == ()
    emu.deliver_again(sent)
    (again,) = await bot.get_updates(offset=first.update_id + 1)
    assert again.update_id == first.update_id == sent["update_id"]
    assert again.message is not None and again.message.text == "Jeg vil gerne donere en sofa"


async def test_webhook_delivery_with_secret_and_retry(
    emu: BotApiEmulator, bot: Bot, anna: EmulatedUser
) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    failures_left = 1

    async def receive(request: web.Request) -> web.Response:
        nonlocal failures_left
        if failures_left:
            failures_left -= 1
            return web.Response(status=500)
        received.append(
            (request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json())
        )
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/hook", receive)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        await bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="hemmelig-42")
        assert emu.polling_started.is_set()
        update = await anna.send("/start")
        await emu.wait_until(lambda: len(received) == 1, timeout=2)
        secret, body = received[0]
        assert secret == "hemmelig-42"
        assert body == update
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 0
        assert info.last_error_message is not None  # the first attempt got a 500
        with pytest.raises(Conflict):
            await bot.get_updates()
        await bot.delete_webhook()
        await anna.send("igen")
        (polled,) = await bot.get_updates()
        assert polled.message is not None and polled.message.text == "igen"
    finally:
        await runner.cleanup()


# Commands, chats and groups --------------------------------------------------------------------


async def test_commands_and_chats(emu: BotApiEmulator, bot: Bot, anna: EmulatedUser) -> None:
    await bot.set_my_commands([("start", "Start"), ("hjaelp", "Hjælp")], language_code="da")
    await bot.set_my_commands([("start", "Start")])
    assert emu.commands[("default", "da")] == [
        {"command": "start", "description": "Start"},
        {"command": "hjaelp", "description": "Hjælp"},
    ]
    assert emu.commands[("default", None)] == [{"command": "start", "description": "Start"}]
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([("Start", "store bogstaver er ikke tilladt")])
    await bot.delete_my_commands(language_code="da")
    assert ("default", "da") not in emu.commands
    chat = await bot.get_chat(ANNA)
    assert (chat.id, chat.type, chat.first_name) == (ANNA, "private", "Anna")


async def test_group_messages(emu: BotApiEmulator, bot: Bot, anna: EmulatedUser) -> None:
    group = emu.group(-1001234567890, "Frivillige")
    update = await group.send(anna, "/start@hjaelpebot i dag")
    assert update["message"]["entities"][0] == {"type": "bot_command", "offset": 0, "length": 17}
    assert update["message"]["chat"]["type"] == "supergroup"
    (polled,) = await bot.get_updates()
    assert polled.message is not None and polled.message.chat.id == group.id
    sent = await bot.send_message(group.id, "Tak, i dag")
    assert (await group.expect("i dag")).message_id == sent.message_id


async def test_reply_keyboard_contact(bot: Bot, anna: EmulatedUser) -> None:
    keyboard = ReplyKeyboardMarkup(
        [[KeyboardButton("Del mit nummer", request_contact=True)], ["Nej tak"]],
        one_time_keyboard=True,
    )
    await bot.send_message(ANNA, "Må vi få dit nummer?", reply_markup=keyboard)
    assert anna.last_message is not None
    assert anna.last_message.buttons == [["Del mit nummer"], ["Nej tak"]]
    await anna.reply_button("nummer")
    (update,) = await bot.get_updates()
    assert update.message is not None and update.message.contact is not None
    assert update.message.contact.user_id == ANNA


async def test_emulator_logs_unsupported_methods(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="emulator"), pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendHologram")
    assert "sendHologram" in caplog.text


# Terminal chat (more in test_emulator_terminal.py) ----------------------------------------------
