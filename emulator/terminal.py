"""Chatting with the bot in a terminal as several people, for `make demo` (texts in English:
this is a developer tool). Works with a TTY and with pipes (tests pipe lines in)."""

from __future__ import annotations

import asyncio
import contextlib
import re
import sys
import tempfile
import threading
from pathlib import Path
from typing import TextIO

from emulator.models import BotMessage, EmulatorEvent
from emulator.people import EmulatedGroup, EmulatedUser
from emulator.state import EmulatorCore

DEFAULT_PHONE = "+45 12 34 56 78"
# m4.1: button 1 of the bot's message 4 in this chat (its message_id, shown as [m4]).
_MESSAGE_BUTTON_RE = re.compile(r"[mM](\d+)\.(\d+)")
_PRESS_ARG_RE = re.compile(r"(?:[mM]?(\d+)(?:\.|\s+))?(\d+)")
HELP = """\
Type a message and press Enter to send it as the current identity (commands like /start too).
  N                 press button N of the latest bot message with buttons ([1], [2], ...),
                    or its button labelled N if there is one (buttons 0, 1, 2 ...);
                    a number with no such button (a size like 110) is sent as text
  \\N                send the number N as text even when there is a button N (\\1 sends "1");
                    \\TEXT sends any TEXT as it is (\\!help, \\m2.1)
  mM.N              press button N of an earlier message: the one shown as [mM] (m4.1)
  !press [M.]N      the same: button N of message mM, or of the latest message;
                    !press alone lists the messages whose buttons can still be pressed
  !as NAME          switch identity (shows what NAME received meanwhile)
  !who              list the identities
  !photo [CAPTION]  send a photo
  !contact [PHONE]  share your own contact (default +45 12 34 56 78)
  !sticker          send a sticker
  !voice            send a voice message
  !doc NAME         send a small document called NAME
  !group TEXT       say TEXT in the demo group
  !help             show this help
  !quit             leave (end of input works too)"""


async def run_terminal_chat(
    emu: EmulatorCore,
    identities: dict[str, EmulatedUser],
    group: EmulatedGroup | None,
    start_as: str,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
    *,
    download_dir: Path | None = None,
    settle: float = 0.15,
) -> None:
    """Runs until !quit or end of input. After each line it waits until the bot has handled it
    (every update confirmed, no request in flight, the bot long polling again), then ``settle``
    seconds more for anything queued after it (the outbox), so piped scripts see replies in
    order, also under CPU load."""
    chat = _TerminalChat(emu, identities, group, start_as, stdin, stdout, download_dir, settle)
    await chat.run()


class _TerminalChat:
    def __init__(
        self,
        emu: EmulatorCore,
        identities: dict[str, EmulatedUser],
        group: EmulatedGroup | None,
        start_as: str,
        stdin: TextIO,
        stdout: TextIO,
        download_dir: Path | None,
        settle: float,
    ) -> None:
        if start_as not in identities:
            raise ValueError(f"start_as={start_as!r} is not one of {sorted(identities)}")
        self.emu = emu
        self.identities = identities
        self.group = group
        self.current = start_as
        self.stdin = stdin
        self.stdout = stdout
        self.download_dir = download_dir
        self.settle_time = settle
        self.names_by_chat = {person.id: name for name, person in identities.items()}
        self.unseen: dict[str, list[BotMessage]] = {name: [] for name in identities}
        self.saved: dict[tuple[int, int], Path] = {}
        isatty = getattr(stdin, "isatty", None)
        self.interactive = bool(isatty()) if callable(isatty) else False

    @property
    def user(self) -> EmulatedUser:
        return self.identities[self.current]

    def out(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    async def run(self) -> None:
        self.emu.add_listener(self.on_event)
        try:
            self.out(
                f"Hjælpebot terminal chat. You are {self.current} ({self.user.first_name}, "
                f"id {self.user.id}). Type !help for commands."
            )
            lines = self._start_reader()
            while True:
                if self.interactive:
                    self.stdout.write(f"{self.current}> ")
                    self.stdout.flush()
                line = await lines.get()
                if line is None:
                    await self._settle()  # let replies to the last line arrive before leaving
                    break
                if not await self.handle(line.rstrip("\r\n")):
                    break
                await self._settle()
        finally:
            self.emu.remove_listener(self.on_event)

    def _start_reader(self) -> asyncio.Queue[str | None]:
        # A daemon thread rather than asyncio.to_thread: a blocked readline must not keep the
        # process alive at exit, and the loop keeps serving the bot meanwhile.
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[str | None] = asyncio.Queue()

        def read() -> None:
            # OSError/ValueError: stdin was closed under us; RuntimeError: the loop is gone.
            with contextlib.suppress(OSError, ValueError, RuntimeError):
                while line := self.stdin.readline():
                    loop.call_soon_threadsafe(queue.put_nowait, line)
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(queue.put_nowait, None)  # end of input

        threading.Thread(target=read, name="terminal-chat-stdin", daemon=True).start()
        return queue

    async def _settle(self) -> None:
        await self.emu.wait_settled(quiet=self.settle_time, timeout=10.0)

    # Input ----------------------------------------------------------------------------------

    async def handle(self, line: str) -> bool:
        """Handles one input line; False means quit."""
        text = line.strip()
        if not text:
            return True
        if not self.interactive:
            self.out(f"{self.current}> {text}")
        if text.startswith("!"):
            return await self.command(text)
        if text.startswith("\\") and len(text) > 1:
            # \1 sends "1" even when there is a button 1 (an age, a count); \!x sends "!x".
            await self.user.send(text[1:])
        elif re.fullmatch(r"\d+", text) and await self.press_typed_number(text):
            pass
        elif match := _MESSAGE_BUTTON_RE.fullmatch(text):
            await self.press_numbered(int(match[1]), int(match[2]))
        else:
            # A number that is no button (a size such as 110, a year) is sent as text.
            await self.user.send(text)
        return True

    async def press_typed_number(self, text: str) -> bool:
        """A bare number presses the latest buttons' one labelled so (»1« among 0, 1, 2 …),
        else button number N; False when neither is there (it is then sent as text)."""
        message = self.latest_with_buttons()
        if message is None:
            return False
        buttons = message.flat_buttons
        labels = [str(button.get("text", "")).strip() for button in buttons]
        if text in labels:
            await self.press(labels.index(text) + 1, message)
            return True
        number = int(text)
        if not 1 <= number <= len(buttons):
            return False
        # One or two buttons under a question mostly mean it waits for typed text (an age,
        # with a Back button): say how to send the number as text instead.
        await self.press(number, message, hint=len(buttons) <= 2)
        return True

    def pressable(self, message: BotMessage) -> bool:
        """An inline keyboard stays under its message; a reply keyboard only while it is the
        one shown (a newer one or a removal takes it away, as in Telegram)."""
        if message.deleted:
            return False
        if message.inline_keyboard:
            return True
        shown = self.user.shown_reply_keyboard
        return bool(message.reply_keyboard) and message.reply_markup is shown

    def with_buttons(self, limit: int | None = 5) -> list[BotMessage]:
        """The newest messages here whose buttons can still be pressed, newest last."""
        found = [m for m in self.user.messages if self.pressable(m)]
        return found[-limit:] if limit else found

    def latest_with_buttons(self) -> BotMessage | None:
        found = self.with_buttons(1)
        return found[0] if found else None

    async def press_numbered(self, message_number: int, number: int) -> None:
        """Presses button ``number`` of the bot message shown as [mM] in this chat."""
        for message in self.with_buttons(limit=None):
            if message.message_id == message_number:
                await self.press(number, message)
                return
        shown = ", ".join(f"m{m.message_id}" for m in self.with_buttons()) or "none"
        self.out(f"(no message m{message_number} with buttons here; with buttons: {shown})")

    async def press(
        self, number: int, message: BotMessage | None = None, *, hint: bool = False
    ) -> None:
        """Presses button ``number`` of ``message`` (the latest with buttons if None)."""
        message = message or self.latest_with_buttons()
        if message is None:
            self.out("(no bot message with buttons to press; send \\N to send a number)")
            return
        name = f"m{message.message_id}"
        buttons = message.flat_buttons
        if not 1 <= number <= len(buttons):
            self.out(f"(there is no button {number}; {name} has buttons 1-{len(buttons)})")
            return
        button = buttons[number - 1]
        if "url" in button:
            self.out(f"🔗 [{number}] opens {button['url']} (a link: the bot is not told)")
            return
        tip = f"  (\\{number} sends the text {number})" if hint else ""
        self.out(f"→ pressed {name} [{number}] {button.get('text', '')}{tip}")
        try:
            await self.user.press_at(number, message)
        except AssertionError as exc:
            self.out(f"(cannot press that button: {exc})")

    async def press_command(self, arg: str) -> None:
        """``!press N``, ``!press M.N`` (also ``mM.N`` or ``M N``); alone, lists what can be
        pressed."""
        if not arg:
            self.out("(usage: !press N or !press M.N: button N of message mM)")
            messages = self.with_buttons()
            if not messages:
                self.out("(no message here has buttons)")
            for message in messages:
                first_line = message.plain_text.split("\n", 1)[0][:60]
                labels = "  ".join(
                    f"[{i}] {b.get('text', '')}" for i, b in enumerate(message.flat_buttons, 1)
                )
                self.out(f"   [m{message.message_id}] {first_line}\n      {labels}")
            return
        match = _PRESS_ARG_RE.fullmatch(arg)
        if match is None:
            self.out("(usage: !press N or !press M.N: button N of message mM)")
        elif match[1] is None:
            await self.press(int(match[2]))
        else:
            await self.press_numbered(int(match[1]), int(match[2]))

    async def command(self, text: str) -> bool:
        name, _, arg = text[1:].partition(" ")
        arg = arg.strip()
        name = name.lower()
        user = self.user
        if name == "quit":
            return False
        if name == "help":
            self.out(HELP)
        elif name == "press":
            await self.press_command(arg)
        elif name == "as":
            self.switch(arg)
        elif name == "who":
            for key, person in self.identities.items():
                marker = "*" if key == self.current else " "
                full = " ".join(p for p in (person.first_name, person.last_name) if p)
                language = person.language_code or "-"
                self.out(f"{marker} {key}: {full}, id {person.id}, language {language}")
        elif name == "photo":
            await user.send_photo(caption=arg or None)
        elif name == "contact":
            await user.send_contact(arg or DEFAULT_PHONE)
        elif name == "sticker":
            await user.send_sticker()
        elif name == "voice":
            await user.send_voice()
        elif name == "doc":
            if not arg:
                self.out("(usage: !doc NAME)")
            else:
                await user.send_document(arg, f"Demo document {arg} from {self.current}\n".encode())
        elif name == "group":
            if self.group is None:
                self.out("(no demo group is configured)")
            elif not arg:
                self.out("(usage: !group TEXT)")
            else:
                await self.group.send(user, arg)
        else:
            self.out(f"(unknown command !{name}; type !help)")
        return True

    def switch(self, name: str) -> None:
        if name not in self.identities:
            self.out(f"(no identity {name!r}; known: {', '.join(self.identities)})")
            return
        self.current = name
        person = self.user
        self.out(
            f"You are now {name} ({person.first_name}, id {person.id}, "
            f"language {person.language_code or '-'})."
        )
        waiting, self.unseen[name] = self.unseen[name], []
        if waiting:
            self.out(f"{len(waiting)} message(s) arrived for {name} meanwhile:")
        for message in waiting:
            self.print_message(message, "new")

    # Output ---------------------------------------------------------------------------------

    def on_event(self, event: EmulatorEvent) -> None:
        if event.kind == "callback_answer":
            answer = event.data or {}
            if answer.get("user_id") == self.user.id and answer.get("text"):
                icon = "⚠️ alert:" if answer.get("show_alert") else "🔔"
                self.out(f"{icon} {answer['text']}")
            return
        message = event.message
        if message is None:
            return
        if self.group is not None and event.chat_id == self.group.id:
            self.print_message(message, event.kind, where=f"[{self.group.title}] ")
            return
        name = self.names_by_chat.get(event.chat_id)
        if name == self.current:
            self.print_message(message, event.kind)
        elif name is not None:
            if message not in self.unseen[name]:
                self.unseen[name].append(message)
            if event.kind == "new":
                self.out(f"(new message for {name} — type !as {name})")
        elif event.kind == "new":
            self.out(f"(new message for chat {event.chat_id})")

    def print_message(self, message: BotMessage, kind: str, where: str = "") -> None:
        if kind == "delete" or message.deleted:
            self.out(f"🤖 {where}(message #{message.message_id} was deleted)")
            return
        label = "(edited) " if kind == "edit" else ""
        if message.flat_buttons and not where:
            # Its number, for pressing its buttons later (m4.1) when newer ones came.
            label += f"[m{message.message_id}] "
        body = self.render(message).replace("\n", "\n   ")
        self.out(f"🤖 {where}{label}{body}")
        number = 1
        keyboard_icon = "" if message.inline_keyboard else "⌨ "
        for row in message.button_rows():
            parts = []
            for button in row:
                part = f"[{number}] {button.get('text', '')}"
                if "url" in button:
                    part += f" → {button['url']}"
                parts.append(part)
                number += 1
            self.out("   " + keyboard_icon + "  ".join(parts))

    def render(self, message: BotMessage) -> str:
        raw = message.raw
        text = message.plain_text
        if "photo" in raw:
            head = "[photo]"
        elif "document" in raw:
            name = message.document_name or "document"
            data = message.document_bytes or b""
            path = self.save(message, name, data)
            head = f"[file: {name}, {len(data)} bytes] saved to {path}"
        elif "location" in raw:
            head = f"[location {raw['location']['latitude']}, {raw['location']['longitude']}]"
        elif "contact" in raw:
            contact = raw["contact"]
            head = f"[contact: {contact.get('first_name', '')} {contact.get('phone_number', '')}]"
        elif message.kind not in ("text", "media_group_item"):
            head = f"[{message.kind}]"
        else:
            return text
        if not text:
            return head
        # A document line is long (it names the saved file): its caption goes below it.
        return f"{head}\n{text}" if "document" in raw else f"{head} {text}"

    def save(self, message: BotMessage, name: str, data: bytes) -> Path:
        key = (message.chat_id, message.message_id)
        if key not in self.saved:
            if self.download_dir is None:
                self.download_dir = Path(tempfile.mkdtemp(prefix="hjaelpebot-demo-files-"))
            self.download_dir.mkdir(parents=True, exist_ok=True)
            path = self.download_dir / (Path(name).name or "document")
            path.write_bytes(data)
            self.saved[key] = path
        return self.saved[key]
