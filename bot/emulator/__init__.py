"""A local Telegram Bot API emulator for tests and the terminal demo.

It fakes api.telegram.org for one bot: PTB talks HTTP to it (base_url/base_file_url), tests
drive emulated people in-process, and ``run_terminal_chat`` lets a person chat in a terminal.
Nothing here imports ``telegram``: it is the remote side, not a client.
"""

from bot.emulator.models import ApiCall, ApiError, BotMessage, EmulatorEvent
from bot.emulator.people import EmulatedGroup, EmulatedUser
from bot.emulator.server import BotApiEmulator
from bot.emulator.terminal import run_terminal_chat

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
