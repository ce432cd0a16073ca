"""Every command the bot lists (in /help and Telegram's menu) answers to its English and its
Danish name, and /cancel's Danish names end every conversation, the board's too."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram.ext import CommandHandler, ConversationHandler

import handlers
from bot.commands import COMMANDS, command_list
from bot.i18n import I18n
from bot.settings import Settings
from handlers.common import CANCEL_COMMANDS

ROOT = Path(__file__).resolve().parents[2]


def all_handlers() -> list[Any]:
    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        bot_token="123456789:TEST-token-for-the-local-emulator",
        organisation_file=ROOT / "organisation.toml",
        admin_ids=[9001],
        admin_chat_id=-100123,
    )
    found: list[Any] = []
    for journey in handlers.JOURNEYS:
        found.extend(journey.handlers(settings))
    found.extend(handlers.fallbacks())
    return found


def command_names(handler: Any) -> set[str]:
    if isinstance(handler, CommandHandler):
        return set(handler.commands)
    if isinstance(handler, ConversationHandler):
        inner = [*handler.entry_points, *handler.fallbacks]
        inner += [h for state in handler.states.values() for h in state]
        return set().union(*(command_names(h) for h in inner)) if inner else set()
    return set()


def test_every_listed_command_answers_to_both_names() -> None:
    known = set().union(*(command_names(handler) for handler in all_handlers()))
    missing = [name for spec in COMMANDS for name in spec.names if name not in known]
    assert not missing


def test_every_conversation_stops_at_annuller_too() -> None:
    for handler in all_handlers():
        if isinstance(handler, ConversationHandler) and command_names(handler) & {"cancel"}:
            fallbacks = set().union(*(command_names(h) for h in handler.fallbacks))
            assert set(CANCEL_COMMANDS) <= fallbacks, handler.name


def test_telegrams_menu_shows_danish_names_to_danish_readers() -> None:
    i18n = I18n(ZoneInfo("Europe/Copenhagen"))
    danish = [command.command for command in command_list(i18n, "da")]
    english = [command.command for command in command_list(i18n, "en")]
    assert {"frivillig", "vagter", "annuller", "afmeld"} <= set(danish)
    assert {"volunteer", "shifts", "cancel", "unsubscribe"} <= set(english)
    assert len(danish) == len(english) == len(set(danish))
