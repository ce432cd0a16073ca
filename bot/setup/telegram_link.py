"""Set-up's talk with Telegram: is the token right (getMe), and who sends the one-time code.

The bot is not running yet while the wizard waits, so the wizard reads the bot's updates
itself (getUpdates, long polling) until someone sends `/owner CODE` in a private chat (or
`/linkgroup CODE` in a group), answers them there, and then confirms every update it read, so
that the bot, once started, does not see them again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from telegram import Bot, Message, User
from telegram.constants import ChatType
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.i18n import I18n, Translator
from domain.clock import Clock
from domain.one_time_code import OneTimeCode, Verdict

logger = logging.getLogger(__name__)

POLL_SECONDS = 5


class TokenProblem(Exception):
    """The token was refused, or Telegram could not be reached; the text says which."""


@dataclass(frozen=True)
class Linked:
    """Who (or which group) sent the right code."""

    chat_id: int
    name: str


async def check_token(token: str, base_url: str, t: Translator) -> str:
    """The bot's @username if Telegram accepts the token; TokenProblem otherwise."""
    bot = Bot(token, base_url=base_url)
    try:
        async with bot:
            return bot.username
    except InvalidToken:
        raise TokenProblem(
            t.gettext("Telegram does not know this token. Check that you copied all of it.")
        ) from None
    except NetworkError as error:
        raise TokenProblem(
            t.gettext("Could not reach Telegram ({error}). Check the internet connection.").format(
                error=error.message
            )
        ) from None
    except TelegramError as error:
        raise TokenProblem(
            t.gettext("Telegram said: {error}").format(error=error.message)
        ) from None


def _command(message: Message, name: str, username: str) -> str | None:
    """The text after /name (or /name@username), or None for any other message."""
    text = (message.text or "").strip()
    if not text.startswith("/"):
        return None
    head, _, rest = text.partition(" ")
    command, _, addressed = head[1:].partition("@")
    if command.lower() != name or (addressed and addressed.lower() != username.lower()):
        return None
    return rest.strip()


def _name(user: User | None) -> str:
    return user.full_name if user is not None else "?"


class CodeWaiter:
    """Waits for the one-time code in Telegram and answers each try in the sender's language."""

    def __init__(
        self,
        bot: Bot,
        i18n: I18n,
        clock: Clock,
        say: Callable[[str], None],
        t: Translator,
    ) -> None:
        self.bot = bot
        self.i18n = i18n
        self.clock = clock
        self.say = say  # a line in the terminal
        self.t = t  # the terminal's language
        self.offset: int | None = None

    async def wait(
        self, command: str, code: OneTimeCode, in_group: bool, show_code: Callable[[str], None]
    ) -> Linked | None:
        """Until the right code arrives (Linked) or five wrong ones lock it (None). An expired
        code is replaced by a new one, shown with show_code."""
        while True:
            if self.clock.now() >= code.expires_at:
                code.renew(self.clock.now())
                self.say(self.t.gettext("The code expired. Here is a new one:"))
                show_code(code.secret)
            updates = await self.bot.get_updates(
                offset=self.offset, timeout=POLL_SECONDS, allowed_updates=["message"]
            )
            for update in updates:
                self.offset = update.update_id + 1
                message = update.message
                if message is None:
                    continue
                typed = _command(message, command, self.bot.username)
                private = message.chat.type == ChatType.PRIVATE
                if typed is None or private == in_group:
                    if private:
                        await self._reply(message, self._waiting_text(message))
                    continue
                linked = await self._try(message, typed, code, in_group, show_code)
                if linked is not None or code.tries_left == 0:
                    await self.confirm()
                    return linked

    async def confirm(self) -> None:
        """Tells Telegram the updates read so far are done (the bot must not get them again)."""
        if self.offset is not None:
            await self.bot.get_updates(offset=self.offset, timeout=0)

    def _waiting_text(self, message: Message) -> str:
        t = self.i18n(message.from_user.language_code if message.from_user else None)
        return t.gettext("I am being set up. Send /owner and the code shown in the terminal.")

    async def _try(
        self,
        message: Message,
        typed: str,
        code: OneTimeCode,
        in_group: bool,
        show_code: Callable[[str], None],
    ) -> Linked | None:
        sender = message.from_user
        t = self.i18n(sender.language_code if sender else None)
        verdict = code.redeem(typed, self.clock.now())
        if verdict is Verdict.ACCEPTED:
            if in_group:
                title = message.chat.title or str(message.chat.id)
                await self._reply(
                    message, t.gettext("✅ This group is now the board's group for the bot.")
                )
                return Linked(message.chat.id, title)
            await self._reply(
                message,
                t.gettext("✅ You are now the bot's owner. Finish the set-up in the terminal."),
            )
            return Linked(message.chat.id, _name(sender))
        if verdict is Verdict.EXPIRED:
            await self._reply(
                message, t.gettext("That code has expired. The terminal shows a new one.")
            )
            if self.clock.now() >= code.expires_at:  # not renewed by the wait loop yet
                code.renew(self.clock.now())
                self.say(self.t.gettext("The code expired. Here is a new one:"))
                show_code(code.secret)
            return None
        if verdict is Verdict.WRONG:
            await self._reply(
                message,
                t.ngettext(
                    "That code is not right. Look in the terminal and try again ({n} try left).",
                    "That code is not right. Look in the terminal and try again ({n} tries left).",
                    code.tries_left,
                ).format(n=code.tries_left),
            )
            self.say(self.t.gettext("A wrong code was sent by {name}.").format(name=_name(sender)))
            return None
        await self._reply(
            message, t.gettext("Too many wrong codes. Start the set-up again for a new code.")
        )
        return None

    async def _reply(self, message: Message, text: str) -> None:
        try:
            await self.bot.send_message(message.chat.id, text)
        except TelegramError as error:  # blocked, or a group that removed the bot
            logger.info("Set-up reply not sent: %s", error.message)


async def open_bot(token: str, base_url: str) -> Bot:
    bot = Bot(token, base_url=base_url)
    await bot.initialize()
    return bot


async def close_bot(bot: Bot) -> None:
    await asyncio.shield(bot.shutdown())
