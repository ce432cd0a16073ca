"""A button press is answered in time, even when its update has to wait for its turn.

Telegram drops a press's answer some seconds after the press ("query is too old"): the button
keeps spinning and the answer's text is lost. An update waits for the earlier updates of its
chat (bot.update_order) and for a place among the running ones; on a busy day (hundreds of
people, replies paced at Telegram's 30 a second) that wait outlasts Telegram's patience.

So each press is registered when it arrives. If its handler has not answered it within
`deadline` seconds, the guard answers it itself, without text: the spinner stops, the update
keeps its place in the queue and runs as before. When the handler then answers, its text (if
any: a refusal, "already taken") is sent as a message in the chat instead, the same way a
typed label's answer is (bot.typed_press). A handler that answers in time is not touched.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from telegram import Update

logger = logging.getLogger(__name__)

# Telegram gives a press about 15 s; answering at 5 s leaves room for a slow network.
DEFAULT_DEADLINE = 5.0
# Presses answered early whose handler has not come yet (bounded: a handler may never come).
MAX_REMEMBERED = 10_000

AnswerEarly = Callable[[str], Awaitable[object]]


class PressGuard:
    def __init__(self, answer_early: AnswerEarly, deadline: float = DEFAULT_DEADLINE) -> None:
        self._answer_early = answer_early
        self.deadline = deadline
        # query id -> (chat id, the timer that answers it early)
        self._waiting: dict[str, tuple[int | None, asyncio.TimerHandle]] = {}
        # query id -> chat id, for presses the guard answered
        self._answered: OrderedDict[str, int | None] = OrderedDict()
        self._tasks: set[asyncio.Task[None]] = set()
        self.answered_early = 0

    def arrived(self, update: object) -> None:
        """Called when an update arrives, before it waits for its turn."""
        if not isinstance(update, Update) or update.callback_query is None:
            return
        query_id = update.callback_query.id
        if query_id in self._waiting or query_id in self._answered:
            return
        chat = update.effective_chat.id if update.effective_chat else None
        timer = asyncio.get_running_loop().call_later(self.deadline, self._due, query_id)
        self._waiting[query_id] = (chat, timer)

    def claim(self, query_id: str) -> tuple[bool, int | None]:
        """The handler is about to answer: (True, chat) if it may, (False, chat) if the guard
        already did (then its text goes to the chat as a message)."""
        waiting = self._waiting.pop(query_id, None)
        if waiting is not None:
            waiting[1].cancel()
            return True, waiting[0]
        if query_id in self._answered:
            return False, self._answered.pop(query_id)
        return True, None

    def _due(self, query_id: str) -> None:
        waiting = self._waiting.pop(query_id, None)
        if waiting is None:
            return
        self._answered[query_id] = waiting[0]
        while len(self._answered) > MAX_REMEMBERED:
            self._answered.popitem(last=False)
        task = asyncio.get_running_loop().create_task(self._answer(query_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _answer(self, query_id: str) -> None:
        self.answered_early += 1
        try:
            await self._answer_early(query_id)
        except Exception as error:
            logger.info("A waiting button press could not be answered early (%s)", error)
        else:
            logger.info("A button press waited over %.0f s; answered it early", self.deadline)

    def close(self) -> None:
        for _, timer in self._waiting.values():
            timer.cancel()
        self._waiting.clear()
