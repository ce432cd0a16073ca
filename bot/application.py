"""build_application(): the one place where python-telegram-bot is put together."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest, NetworkError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ContextTypes,
    Defaults,
    ExtBot,
    TypeHandler,
)

import handlers
from bot.context import BotContext
from bot.crash_points import crash_point
from bot.errors import is_too_old_query, on_error
from bot.http_clients import bot_api_request
from bot.journeys import one_journey_at_a_time
from bot.middleware import FloodGuard, remember_user
from bot.outbox import ReplyLimiter
from bot.persistence import SQLitePersistence, StateSaver, persistent_conversations, state_json
from bot.press_guard import DEFAULT_DEADLINE, PressGuard
from bot.ptb_adapter import ConversationKey, conversation_key, conversation_states
from bot.services import Services
from bot.typed_press import NewestMessages, typed_chat
from bot.update_order import ChatOrderedProcessor
from bot.update_writes import close_update_writes, open_update_writes
from storage.persistence_store import Row, to_json

logger = logging.getLogger(__name__)

GROUP_REMEMBER_USER = -100
GROUP_FLOOD = -90
GROUP_JOURNEYS = -80

# A stored row's (kind, key); a persistent conversation, its key for this update's person and
# the (kind, key) of its row.
Pair = tuple[str, str]
ConversationRow = tuple[Any, ConversationKey, Pair]

# Updates handled at the same time (different chats); more wait for a place.
MAX_RUNNING_UPDATES = 64
# Connections to the Bot API for replies. httpcore's pool does work in the square of its open
# connections at every request it takes or hands back (1.0.9, connection_pool.py: each
# connection counts all the others); with 64 open on a busy moment that cost more CPU than the
# bot's own work and slowed it further (bench/bot_load.py: 3.5 x the echo bot's CPU per update
# instead of 1.8). 16 at 50-100 ms a call carry 160-320 requests a second, several times
# Telegram's 30; a request past them waits its turn (bot.http_clients.POOL_WAIT_SECONDS).
CONNECTION_POOL = 16


class HjaelpeBot(ExtBot[Any]):
    """PTB's bot, except that a late answer to a button press is a logged skip, not an error,
    and that it remembers each private chat's newest message (a typed label presses its button).

    Telegram refuses answerCallbackQuery some seconds after the press ("query is too old"); the
    handler that answered first should still do the rest of its work, so this returns False."""

    def __init__(
        self, *args: Any, press_answer_seconds: float = DEFAULT_DEADLINE, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Each private chat's newest message: a typed button label presses it (typed_press.py).
        # PTB freezes a bot's public attributes once made; one starting with _ may be set.
        self._newest = NewestMessages()
        # A press still waiting for its turn is answered before Telegram gives up on it.
        self._press_guard = PressGuard(self._answer_early, press_answer_seconds)

    @property
    def press_guard(self) -> PressGuard:
        return self._press_guard

    async def _answer_early(self, callback_query_id: str) -> bool:
        return await super().answer_callback_query(callback_query_id)

    @property
    def newest(self) -> NewestMessages:
        return self._newest

    async def send_message(self, *args: Any, **kwargs: Any) -> Message:
        message = await super().send_message(*args, **kwargs)
        self.newest.sent(message)
        return message

    async def edit_message_text(self, *args: Any, **kwargs: Any) -> Message | bool:
        message = await super().edit_message_text(*args, **kwargs)
        self.newest.edited(message)
        return message

    async def edit_message_reply_markup(self, *args: Any, **kwargs: Any) -> Message | bool:
        message = await super().edit_message_reply_markup(*args, **kwargs)
        self.newest.edited(message)
        return message

    async def answer_callback_query(
        self, callback_query_id: str, *args: Any, **kwargs: Any
    ) -> bool:
        typed_in = typed_chat(callback_query_id)
        if typed_in is not None:  # a typed label (bot.typed_press): there is no query
            return await self._answer_as_message(typed_in, args, kwargs)
        in_time, chat = self.press_guard.claim(callback_query_id)
        if not in_time:  # it waited, and bot.press_guard answered it early
            return await self._answer_as_message(chat, args, kwargs)
        try:
            return await super().answer_callback_query(callback_query_id, *args, **kwargs)
        except BadRequest as error:
            if not is_too_old_query(error):
                raise
            logger.info("A button press was answered too late (%s); going on", error.message)
            return False
        except NetworkError as error:  # a timeout, a 5xx: the answer only stops the spinner
            logger.warning("Answering a button press failed (%s); going on", error.message)
            return False

    async def _answer_as_message(
        self, chat: int | None, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> bool:
        """A press with no query left to answer: the answer's text, if any, as a message."""
        text = kwargs.get("text", args[0] if args else None)
        if text and chat is not None:
            await self.send_message(chat, text)
        return True


class HjaelpeApplication(Application[Any, BotContext, Any, Any, Any, Any]):
    """PTB's Application, plus: an update's state and its "done" mark commit together.

    Before an update is handled, the person's and the chat's saved state is read (once per
    process). After it, one transaction writes the conversation states, user_data and chat_data
    this update changed, any small writes it deferred (bot.update_writes) and its row in
    processed_updates. A kill -9 before that commit means Telegram delivers the update again
    (the poller has not confirmed it) and it is handled again from the state before it; after
    the commit a redelivery is skipped."""

    services: Services
    saver: StateSaver
    # Webhook mode parks each update before Telegram gets its 200 (bot.webhook).
    forgets_parked_updates = False

    async def process_update(self, update: object) -> None:
        if not isinstance(update, Update):
            await super().process_update(update)
            return
        if await self.services.updates.is_done(update.update_id):
            logger.info("Update %s was delivered again; already handled", update.update_id)
            return
        update = self.bot.newest.as_press(update) or update
        keys = self._conversation_keys(update)
        await self._load_state_for(update, keys)
        writes, token = open_update_writes()
        try:
            await super().process_update(update)
        finally:
            close_update_writes(token)
        crash_point("update.before_commit")
        rows = self._rows_of(update, keys)
        done = [self.services.updates.done_write(update.update_id, self.services.clock.now())]
        if self.forgets_parked_updates:  # webhook mode: its raw text goes with the commit
            done.append(self.services.parked_updates.forget_write(update.update_id))
        # One transaction and one hop into the database's thread for all of it.
        await self.services.db.commit_all(
            [*self.services.persistence_store.writes(rows), *writes, *done]
        )
        # Done on disk, not yet confirmed to Telegram: a redelivery after this is skipped.
        crash_point("update.committed")
        self.saver.saved(rows)
        self.services.health.update_handled()

    # ---- loading a person's state when they write

    def _conversations(self) -> list[Any]:
        cached = getattr(self, "_persistent_conversations", None)
        if cached is None:
            cached = list(persistent_conversations(self.handlers))
            self._persistent_conversations = cached
        return cached

    def _conversation_keys(self, update: Update) -> list[ConversationRow]:
        """Each persistent conversation's key for this update's person and its row's (kind,
        key): worked out once per update, for loading and again for saving."""
        keys = []
        for handler in self._conversations():
            key = conversation_key(handler, update)
            if key is not None:
                keys.append((handler, key, (f"conv:{handler.name}", json.dumps(list(key)))))
        return keys

    async def _load_state_for(self, update: Update, keys: list[ConversationRow]) -> None:
        user_id = update.effective_user.id if update.effective_user else None
        chat_id = update.effective_chat.id if update.effective_chat else None
        wanted: list[Pair] = []
        if user_id is not None:
            wanted.append(("user", str(user_id)))
        if chat_id is not None:
            wanted.append(("chat", str(chat_id)))
        wanted.extend(pair for _, _, pair in keys)
        found = await self.saver.load(wanted)
        if not found:
            return
        if user_id is not None and ("user", str(user_id)) in found:
            _fill(self._user_data[user_id], found[("user", str(user_id))])
        if chat_id is not None and ("chat", str(chat_id)) in found:
            _fill(self._chat_data[chat_id], found[("chat", str(chat_id))])
        for handler, key, pair in keys:
            state = found.get(pair)
            states = conversation_states(handler)
            if state is not None and key not in states:
                update_no_track = getattr(states, "update_no_track", None)
                if update_no_track is not None:
                    update_no_track({key: state})
                else:
                    states[key] = state

    # ---- saving what one update changed

    def _rows_of(self, update: Update, keys: list[ConversationRow]) -> list[Row]:
        """The rows this update changed (computed at once, before any await)."""
        saver = self.saver
        rows: list[Row | None] = []
        user_id = update.effective_user.id if update.effective_user else None
        chat_id = update.effective_chat.id if update.effective_chat else None
        if user_id is not None:
            self._user_ids_to_be_updated_in_persistence.discard(user_id)
            data = self._user_data.get(user_id)
            rows.append(saver.change("user", str(user_id), _data_json(data)))
        if chat_id is not None:
            self._chat_ids_to_be_updated_in_persistence.discard(chat_id)
            data = self._chat_data.get(chat_id)
            rows.append(saver.change("chat", str(chat_id), _data_json(data)))
        for handler, key, (kind, row_key) in keys:
            state = conversation_states(handler).get(key)
            rows.append(saver.change(kind, row_key, state_json(state)))
        rows.extend(self._dropped_rows())
        return [row for row in rows if row is not None]

    def _dropped_rows(self) -> list[Row | None]:
        """drop_user_data / drop_chat_data since the last write: the rows go."""
        rows: list[Row | None] = []
        for user_id in self._user_ids_to_be_deleted_in_persistence:
            rows.append(self.saver.change("user", str(user_id), None))
        self._user_ids_to_be_deleted_in_persistence = set()
        for chat_id in self._chat_ids_to_be_deleted_in_persistence:
            rows.append(self.saver.change("chat", str(chat_id), None))
        self._chat_ids_to_be_deleted_in_persistence = set()
        return rows

    async def update_persistence(self) -> None:
        """PTB's timer, stop() and jobs: write what changed outside an update.

        That is: data marked with mark_data_for_update_persistence (jobs), dropped data,
        conversation states removed from memory (a person's erasure), and bot_data. A running
        update's own changes are left to its commit, so they never reach the disk without its
        "done" mark."""
        if self.persistence is None or not hasattr(self, "saver"):
            return
        saver = self.saver
        rows: list[Row | None] = list(self._dropped_rows())
        for user_id in self._user_ids_to_be_updated_in_persistence:
            user_data = _data_json(self._user_data.get(user_id))
            rows.append(saver.change("user", str(user_id), user_data))
        self._user_ids_to_be_updated_in_persistence = set()
        for chat_id in self._chat_ids_to_be_updated_in_persistence:
            chat_data = _data_json(self._chat_data.get(chat_id))
            rows.append(saver.change("chat", str(chat_id), chat_data))
        self._chat_ids_to_be_updated_in_persistence = set()
        # One pass over what is on disk (it grows with everyone who wrote since the start),
        # not one per conversation.
        stored: dict[str, list[str]] = {}
        for (row_kind, key), data in saver.on_disk().items():
            if data is not None and row_kind.startswith("conv:"):
                stored.setdefault(row_kind, []).append(key)
        for handler in self._conversations():
            states = conversation_states(handler)
            kind = f"conv:{handler.name}"
            for key in stored.get(kind, ()):
                if tuple(json.loads(key)) not in states:
                    rows.append((kind, key, None))
            # PTB's tracking of written keys: the commits above do its job, so empty it.
            pop = getattr(states, "pop_accessed_write_items", None)
            if pop is not None:
                pop()
        rows.append(saver.change("bot", "", to_json(self.bot_data)))
        real = [row for row in rows if row is not None]
        if real:
            await self.services.persistence_store.write(real)
            saver.saved(real)


def _fill(live: dict[str, Any], stored: Any) -> None:
    """Puts the stored data into PTB's dict for this person (keeping anything set meanwhile)."""
    if isinstance(stored, dict):
        for name, value in stored.items():
            live.setdefault(name, value)


def _data_json(data: dict[str, Any] | None) -> str | None:
    """No row for absent or empty data."""
    return to_json(data) if data else None


# Benchmarks only (bench/bot_load.py): measure the bot's own cost without Telegram's pacing.
NO_LIMITER = "HJAELPEBOT_BENCH_NO_RATE_LIMITER"


def build_bot(services: Services) -> HjaelpeBot:
    settings = services.settings
    # Direct replies are paced by PTB's limiter; ReplyLimiter also tells the outbox about each
    # one, so a broadcast leaves replies their share of Telegram's 30 a second.
    limiter = None if os.environ.get(NO_LIMITER) == "1" else ReplyLimiter(max_retries=2)
    return HjaelpeBot(
        token=settings.token,
        base_url=settings.bot_api_base_url,
        base_file_url=settings.bot_api_base_file_url,
        defaults=Defaults(parse_mode="HTML", tzinfo=settings.zone),
        rate_limiter=limiter,
        press_answer_seconds=settings.press_answer_seconds,
        request=bot_api_request(CONNECTION_POOL),
        get_updates_request=bot_api_request(2),
    )


def build_application(services: Services) -> HjaelpeApplication:
    settings = services.settings
    persistence = SQLitePersistence(services.persistence_store)
    bot = build_bot(services)
    processor = ChatOrderedProcessor(MAX_RUNNING_UPDATES, on_arrival=bot.press_guard.arrived)
    application = (
        ApplicationBuilder()
        .application_class(HjaelpeApplication)
        .bot(bot)
        .persistence(persistence)
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(processor)
        .build()
    )
    assert isinstance(application, HjaelpeApplication)
    application.services = services
    application.saver = StateSaver(services.persistence_store)
    flood = FloodGuard(settings.flood_max_updates, settings.flood_window_seconds)
    application.add_handler(TypeHandler(Update, remember_user), group=GROUP_REMEMBER_USER)
    application.add_handler(TypeHandler(Update, flood), group=GROUP_FLOOD)
    handlers.register(application, settings)
    application.add_handler(TypeHandler(Update, one_journey_at_a_time), group=GROUP_JOURNEYS)
    application.add_error_handler(on_error)
    return application
