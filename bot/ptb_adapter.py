"""Every use of python-telegram-bot's private API, in one place.

PTB has no public way to ask "is this person in the middle of that conversation?", to end a
conversation from outside it, or to forget a person's conversation states (erasure), and its
persistence types live in a private module. What we need of those is here and nowhere else, and
tests/integration/test_ptb_adapter.py pins the behaviour we rely on: after a PTB upgrade, this
file and that test are the ones to look at.

What we rely on (PTB 22.x):
- ConversationHandler._get_key(update) builds the key of the update's conversation, and raises
  RuntimeError when the update has no chat or user to build it from;
- ConversationHandler._conversations maps each key under way to its state; for a persistent
  conversation it is the application's tracking dict, so deleting a key there also makes the
  next update_persistence() forget the stored state (update_conversation(name, key, None));
- ConversationHandler._update_state(END, key) is what returning END does inside the handler;
- telegram.ext._utils.types holds the types a BasePersistence subclass is written against.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from telegram import Update
from telegram.ext import Application, ConversationHandler
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

__all__ = [
    "CDCData",
    "ConversationDict",
    "ConversationKey",
    "conversation_key",
    "conversation_states",
    "conversations",
    "end_conversation",
    "forget_conversations_of",
    "in_conversation",
]

App = Application[Any, Any, Any, Any, Any, Any]
Conversation = ConversationHandler[Any]


def conversations(application: App) -> list[Conversation]:
    """Every ConversationHandler the application has, in every handler group."""
    return [
        handler
        for group in application.handlers.values()
        for handler in group
        if isinstance(handler, ConversationHandler)
    ]


def conversation_key(conversation: Conversation, update: Update) -> ConversationKey | None:
    """The key the conversation files this update's person under; None without chat or user."""
    try:
        return conversation._get_key(update)
    except RuntimeError:
        return None


def conversation_states(conversation: Conversation) -> MutableMapping[ConversationKey, object]:
    """PTB's live dict of this conversation's states (a TrackingDict once initialised)."""
    return conversation._conversations


def in_conversation(conversation: Conversation, update: Update) -> bool:
    """True while this update's person is at some step of the conversation."""
    key = conversation_key(conversation, update)
    return key is not None and key in conversation._conversations


def end_conversation(conversation: Conversation, update: Update) -> None:
    """Ends the conversation for this update's person, as returning END inside it would (a
    persistent conversation's stored state goes too, at the next update_persistence())."""
    key = conversation_key(conversation, update)
    if key is not None:
        conversation._update_state(ConversationHandler.END, key)


def forget_conversations_of(application: App, user_id: int) -> int:
    """Drops every conversation state whose key holds the person (their private chat, or them
    in a group); the persistence forgets them at the next update_persistence(). Returns how
    many were dropped."""
    dropped = 0
    for conversation in conversations(application):
        states = conversation._conversations
        for key in [key for key in states if user_id in key]:
            del states[key]
            dropped += 1
    return dropped
