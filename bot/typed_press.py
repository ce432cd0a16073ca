"""A typed button label is a press: the bot remembers each private chat's newest message, and a
text that names one of its buttons (domain/typed_press.py) is handled as pressing it.

Only the newest message counts, and only while it is the newest: after a message without
buttons, typed text is an answer again. An edit keeps a message current when nothing newer was
sent. The memory is the process's own (a restart forgets it; the person then taps, as before).
A press made this way has no Telegram query to answer: its answer's text, if any, is sent as a
message instead (HjaelpeBot.answer_callback_query).
"""

from __future__ import annotations

from collections import OrderedDict

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from domain.typed_press import pressed_label

# The id of a press made by typing: "typed:<chat id>:<update id>".
TYPED_PREFIX = "typed:"
MAX_CHATS = 10_000


class NewestMessages:
    """Per private chat: the newest message id the bot sent, and that message if it has buttons."""

    def __init__(self, max_chats: int = MAX_CHATS) -> None:
        self._newest: OrderedDict[int, tuple[int, Message | None]] = OrderedDict()
        self._max = max_chats

    def sent(self, message: object) -> None:
        if not isinstance(message, Message) or message.chat.type != ChatType.PRIVATE:
            return
        self._put(message.chat.id, message.message_id, message)

    def edited(self, message: object) -> None:
        if not isinstance(message, Message) or message.chat.type != ChatType.PRIVATE:
            return
        newest = self._newest.get(message.chat.id)
        if newest is None or newest[0] <= message.message_id:
            self._put(message.chat.id, message.message_id, message)

    def _put(self, chat_id: int, message_id: int, message: Message) -> None:
        markup = message.reply_markup
        with_buttons = message if isinstance(markup, InlineKeyboardMarkup) else None
        self._newest[chat_id] = (message_id, with_buttons)
        self._newest.move_to_end(chat_id)
        while len(self._newest) > self._max:
            self._newest.popitem(last=False)

    def as_press(self, update: Update) -> Update | None:
        """The press this typed text names, as an update of its own; None if it names none."""
        message = update.message
        if message is None or not message.text or message.text.startswith("/"):
            return None
        if message.chat.type != ChatType.PRIVATE or message.from_user is None:
            return None
        newest = self._newest.get(message.chat.id)
        shown = newest[1] if newest else None
        if shown is None or not isinstance(shown.reply_markup, InlineKeyboardMarkup):
            return None
        buttons = [
            (button.text, button.callback_data)
            for row in shown.reply_markup.inline_keyboard
            for button in row
            if isinstance(button.callback_data, str)
        ]
        index = pressed_label(message.text, [label for label, _data in buttons])
        if index is None:
            return None
        data = buttons[index][1]
        query = CallbackQuery(
            id=f"{TYPED_PREFIX}{message.chat.id}:{update.update_id}",
            from_user=message.from_user,
            chat_instance=f"typed-{message.chat.id}",
            message=shown,
            data=data,
        )
        press = Update(update.update_id, callback_query=query)
        bot = update.get_bot()
        query.set_bot(bot)
        press.set_bot(bot)
        return press


def typed_chat(callback_query_id: str) -> int | None:
    """The chat of a press made by typing, from its id; None for Telegram's own presses."""
    if not callback_query_id.startswith(TYPED_PREFIX):
        return None
    return int(callback_query_id[len(TYPED_PREFIX) :].split(":")[0])
