"""The Journey: what a package under handlers/ gives the application.

A journey is one thing a person comes to do (give things, ask for help, take a shift, run the
board). Its package's __init__ says, in one typed object, which handlers it adds, what it must
do at every start (rebuild its scheduled work from the database) and whether it can take a
free text that no conversation took (an answer to the board's question typed without »Svar«).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler

from bot.context import BotContext
from bot.settings import Settings

App = Application[Any, BotContext, Any, Any, Any, Any]
Handler = BaseHandler[Update, BotContext, Any]
StartHook = Callable[[Any], Awaitable[None]]
AnswerTyped = Callable[[Update, BotContext], Awaitable[bool]]


@dataclass(frozen=True)
class Journey:
    name: str
    # A factory, so that every application (a test may build several) gets its own handlers,
    # made for its settings (the admin group's id, for one).
    handlers: Callable[[Settings], Sequence[Handler]]
    on_start: Sequence[StartHook] = field(default_factory=tuple)
    answers_typed: AnswerTyped | None = None
