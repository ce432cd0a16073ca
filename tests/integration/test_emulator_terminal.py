"""The terminal chat of `make demo`, driven through a StringIO stdin against a real PTB app."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.polling import Poller
from emulator import BotApiEmulator, EmulatedGroup, EmulatedUser, run_terminal_chat
from tests.integration.test_emulator import choose, start

DONOR, ADMIN, GROUP = 1001, 1004, -1001234567890


@pytest.fixture(autouse=True)
def timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        yield emulator


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None and update.effective_user is not None
    if message.chat.type != "private":
        await message.reply_text(f"Gruppen sagde: {message.text}")
        return
    await message.reply_text(f"Du skrev: {message.text}")
    await context.bot.send_message(ADMIN, f"Ny besked fra {update.effective_user.first_name}")


async def media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    if message.photo:
        await message.reply_text(f"Tak for billedet: {message.caption or '-'}")
    elif message.contact:
        await message.reply_text(f"Nummer: {message.contact.phone_number}")
    elif message.document:
        await message.reply_text(f"Dokument: {message.document.file_name}")
    else:
        await message.reply_text("Noget andet")


async def phone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    buttons = [[KeyboardButton("Del nummer", request_contact=True)], [KeyboardButton("Kun chat")]]
    await update.effective_message.reply_text(
        "Dit nummer?", reply_markup=ReplyKeyboardMarkup(buttons)
    )


async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text("Tak", reply_markup=ReplyKeyboardRemove())


async def children(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    counts = [InlineKeyboardButton(str(n), callback_data=f"n{n}") for n in range(4)]
    back = [InlineKeyboardButton("⬅️ Tilbage", callback_data="back")]
    markup = InlineKeyboardMarkup([counts, back])
    await update.effective_message.reply_text("Hvor mange børn?", reply_markup=markup)


async def age(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("⬅️ Tilbage", callback_data="back")]])
    await update.effective_message.reply_text("Hvor gammel er barnet?", reply_markup=markup)


async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_document(
        b"uge;donationer\n47;12\n", filename="rapport.csv", caption="Ugens rapport"
    )


@contextlib.asynccontextmanager
async def polling_app(
    emu: BotApiEmulator, *handlers: BaseHandler[Any, Any, Any]
) -> AsyncIterator[Application[Any, Any, Any, Any, Any, Any]]:
    """The app polled as the bot polls (bot/polling.py: an update is confirmed once handled),
    which is what the terminal waits for after each line."""
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .updater(None)
        .build()
    )
    app.add_handlers(list(handlers))
    poller = Poller(app)
    async with app:
        await app.start()
        await poller.start()
        try:
            yield app
        finally:
            await poller.stop()
            await app.stop()


async def run_script(
    emu: BotApiEmulator,
    script: str,
    tmp_path: Path,
    group: EmulatedGroup | None = None,
) -> str:
    identities: dict[str, EmulatedUser] = {
        "donor": emu.user(DONOR, "Anna", language_code="da"),
        "admin": emu.user(ADMIN, "Mette", last_name="Holm", language_code="en"),
    }
    handlers = (
        CommandHandler("start", start),
        CommandHandler("rapport", report),
        CommandHandler("telefon", phone),
        CommandHandler("faerdig", done),
        CommandHandler("boern", children),
        CommandHandler("alder", age),
        CallbackQueryHandler(choose),
        MessageHandler(filters.TEXT & ~filters.COMMAND, echo),
        MessageHandler(~filters.TEXT, media),
    )
    stdout = io.StringIO()
    async with polling_app(emu, *handlers):
        chat = run_terminal_chat(
            emu,
            identities,
            group,
            "donor",
            io.StringIO(script),
            stdout,
            download_dir=tmp_path,
            settle=0.05,
        )
        await asyncio.wait_for(chat, 10)
    return stdout.getvalue()


async def test_switching_identity_shows_what_arrived_meanwhile(
    emu: BotApiEmulator, tmp_path: Path
) -> None:
    out = await run_script(emu, "hej\n!who\n!as admin\n!as nobody\n", tmp_path)
    assert "You are donor (Anna, id 1001)" in out
    assert "🤖 Du skrev: hej" in out
    assert "(new message for admin — type !as admin)" in out
    assert "* donor: Anna, id 1001, language da" in out
    assert "  admin: Mette Holm, id 1004, language en" in out
    switched = out.split("donor> !as admin", 1)[1]
    assert "You are now admin (Mette, id 1004, language en)." in switched
    assert "1 message(s) arrived for admin meanwhile:" in switched
    assert "🤖 Ny besked fra Anna" in switched
    assert "(no identity 'nobody'" in out


async def test_numbers_buttons_and_escaped_numbers(emu: BotApiEmulator, tmp_path: Path) -> None:
    out = await run_script(emu, "/start\n3\n9\n\\3\n2\n!quit\nnot sent\n", tmp_path)
    assert "🔗 [3] opens https://example.org (a link: the bot is not told)" in out
    assert "🤖 Du skrev: 9" in out  # no button 9 under the message: sent as text
    assert "🤖 Du skrev: 3" in out
    assert "→ pressed m2 [2] Få hjælp\n" in out
    assert "🤖 (edited) Du valgte help" in out
    assert "Du skrev: not sent" not in out


async def test_earlier_messages_buttons_by_their_number(
    emu: BotApiEmulator, tmp_path: Path
) -> None:
    script = (
        "/start\n/start\nm2.2\n!press\nm2.1\n!press 4 9\nm7.1\n\\1\n\\!help\n"
        "!press 1\n!press x\n!press\n"
    )
    out = await run_script(emu, script, tmp_path)
    # Messages with buttons carry their number (message_id in this chat: 1 and 3 are Anna's).
    assert out.count("🤖 [m2] Velkommen, Anna!\n   [1] Doner  [2] Få hjælp") == 1
    assert "🤖 [m4] Velkommen, Anna!\n   [1] Doner" in out
    # The older menu is still in reach; the press names the message, without the text tip.
    assert "donor> m2.2\n→ pressed m2 [2] Få hjælp\n" in out
    assert "🤖 (edited) Du valgte help" in out  # its buttons went, so no number any more
    listing = out.split("donor> !press\n", 1)[1]
    assert listing.startswith(
        "(usage: !press N or !press M.N: button N of message mM)\n"
        "   [m4] Velkommen, Anna!\n      [1] Doner  [2] Få hjælp  [3] Hjemmeside\n"
    )
    assert "donor> m2.1\n(no message m2 with buttons here; with buttons: m4)" in out
    assert "(there is no button 9; m4 has buttons 1-3)" in out
    assert "(no message m7 with buttons here; with buttons: m4)" in out
    # \1 sends the text "1" although the menu has a button 1; \TEXT sends any text as it is.
    assert "🤖 Du skrev: 1\n" in out
    assert "🤖 Du skrev: !help" in out
    assert "donor> !press 1\n→ pressed m4 [1] Doner\n" in out  # the latest, no tip
    assert "🤖 (edited) Du valgte donate" in out
    assert "donor> !press x\n(usage: !press N or !press M.N" in out
    assert out.endswith("(no message here has buttons)\n")


async def test_a_number_presses_the_button_labelled_so_and_tips_at_a_typed_answer(
    emu: BotApiEmulator, tmp_path: Path
) -> None:
    out = await run_script(emu, "/boern\n1\n/boern\n!press 1\n/alder\n1\n/alder\n\\1\n", tmp_path)
    # »1« among the buttons 0 1 2 3 is the one labelled 1, not the first (»0«).
    assert "🤖 [m2] Hvor mange børn?\n   [1] 0  [2] 1  [3] 2  [4] 3\n   [5] ⬅️ Tilbage" in out
    assert "donor> 1\n→ pressed m2 [2] 1\n🔔 Tak!\n🤖 (edited) Du valgte n1" in out
    assert "donor> !press 1\n→ pressed m4 [1] 0\n🔔 Tak!\n🤖 (edited) Du valgte n0" in out
    # Only a Back button under a question: it waits for typed text, so the press says how.
    tip = "→ pressed m6 [1] ⬅️ Tilbage  (\\1 sends the text 1)\n🔔 Tak!\n"
    assert f"donor> 1\n{tip}🤖 (edited) Du valgte back" in out
    assert "donor> \\1\n🤖 Du skrev: 1" in out


async def test_a_reply_keyboard_is_pressed_only_while_it_is_shown(
    emu: BotApiEmulator, tmp_path: Path
) -> None:
    script = "/start\n/telefon\n!press\nm4.1\n2\n/faerdig\nm4.2\n!press\n1\n"
    out = await run_script(emu, script, tmp_path)
    assert "🤖 [m4] Dit nummer?\n   ⌨ [1] Del nummer\n   ⌨ [2] Kun chat\n" in out
    listing = out.split("donor> !press\n", 1)[1]
    assert "   [m2] Velkommen, Anna!\n" in listing
    assert "   [m4] Dit nummer?\n      [1] Del nummer  [2] Kun chat\n" in listing
    assert "→ pressed m4 [1] Del nummer\n🤖 Nummer: +4512345678" in out  # own contact shared
    assert "→ pressed m4 [2] Kun chat  (\\2 sends the text 2)\n🤖 Du skrev: Kun chat" in out
    # Once removed, the keyboard is out of reach, and numbers go to the menu again.
    after = out.split("donor> /faerdig\n", 1)[1]
    assert "(no message m4 with buttons here; with buttons: m2)" in after
    assert "[m4]" not in after.split("donor> !press\n", 1)[1]
    assert "→ pressed m2 [1] Doner" in after


async def test_media_commands_and_documents(emu: BotApiEmulator, tmp_path: Path) -> None:
    script = "!photo Min sofa\n!contact\n!sticker\n!voice\n!doc liste.txt\n/rapport\n!nope\n"
    out = await run_script(emu, script, tmp_path)
    assert "🤖 Tak for billedet: Min sofa" in out
    assert "🤖 Nummer: +45 12 34 56 78" in out
    assert out.count("🤖 Noget andet") == 2  # sticker and voice
    assert "🤖 Dokument: liste.txt" in out
    saved = tmp_path / "rapport.csv"
    assert f"🤖 [file: rapport.csv, 21 bytes] saved to {saved}\n   Ugens rapport" in out
    assert saved.read_bytes() == b"uge;donationer\n47;12\n"
    assert "(unknown command !nope; type !help)" in out


async def test_group_and_help(emu: BotApiEmulator, tmp_path: Path) -> None:
    group = emu.group(GROUP, "Frivillige")
    out = await run_script(emu, "!help\n!group Hvem kan køre i dag?\n!group\n", tmp_path, group)
    assert "!as NAME" in out and "!doc NAME" in out and "!quit" in out
    assert "mM.N " in out and "!press [M.]N" in out and '(\\1 sends "1")' in out
    assert "🤖 [Frivillige] Gruppen sagde: Hvem kan køre i dag?" in out
    assert "(usage: !group TEXT)" in out
    assert group.last_message is not None and group.last_message.chat_id == GROUP


async def test_without_group(emu: BotApiEmulator, tmp_path: Path) -> None:
    out = await run_script(emu, "!group hej\n", tmp_path)
    assert "(no demo group is configured)" in out


async def test_terminal_chat_answers_start_through_a_pipe(
    emu: BotApiEmulator,
) -> None:
    anna = emu.user(DONOR, "Anna", language_code="da")
    read_fd, write_fd = os.pipe()
    with os.fdopen(write_fd, "w", encoding="utf-8") as writer:
        writer.write("/start\n1\n")
    stdout = io.StringIO()
    async with polling_app(emu, CommandHandler("start", start), CallbackQueryHandler(choose)):
        with os.fdopen(read_fd, encoding="utf-8") as stdin:
            await asyncio.wait_for(
                run_terminal_chat(emu, {"donor": anna}, None, "donor", stdin, stdout), 5
            )
    out = stdout.getvalue()
    assert "donor> /start" in out
    assert (
        "🤖 [m2] Velkommen, Anna!\n   [1] Doner  [2] Få hjælp\n"
        "   [3] Hjemmeside → https://example.org" in out
    )
    assert "→ pressed m2 [1] Doner" in out
    assert "🔔 Tak!" in out
    assert "🤖 (edited) Du valgte donate" in out
