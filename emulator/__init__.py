"""A local Telegram Bot API emulator for tests and the terminal demo.

It fakes api.telegram.org for one bot: PTB talks HTTP to it, tests drive emulated people
in-process (same event loop), and ``run_terminal_chat`` lets a person chat in a terminal.
Nothing here imports ``telegram``: it is the remote side, not a client.

    async with BotApiEmulator() as emu:
        app = (
            ApplicationBuilder().token(emu.token)
            .base_url(emu.base_url).base_file_url(emu.base_file_url).build()
        )
        anna = emu.user(1001, "Anna")
        ...  # start the app polling, then:
        await anna.send("/start")
        reply = await anna.expect("Velkommen")
        await anna.press("Doner")
"""

from emulator.models import ApiCall, ApiError, BotMessage, EmulatorEvent
from emulator.people import EmulatedGroup, EmulatedUser
from emulator.server import BotApiEmulator
from emulator.terminal import run_terminal_chat

__all__ = [
    "ApiCall",
    "ApiError",
    "BotApiEmulator",
    "BotMessage",
    "EmulatedGroup",
    "EmulatedUser",
    "EmulatorEvent",
    "run_terminal_chat",
]
