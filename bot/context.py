"""The callback context handlers receive: PTB's, plus our services and the person's language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from telegram.ext import Application, CallbackContext, ExtBot

from bot.i18n import Language, Translator

if TYPE_CHECKING:
    from bot.notify import Notifier
    from bot.services import Services

UserData = dict[str, Any]
ChatData = dict[str, Any]
BotData = dict[str, Any]


class BotContext(CallbackContext[ExtBot[int], UserData, ChatData, BotData]):
    """context.services, context.t (texts in the person's language) and context.notify."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        # Set per update by bot.middleware.remember_user from the users table.
        self.language: Language | None = None

    @property
    def services(self) -> Services:
        return cast("Services", self.application.services)  # type: ignore[attr-defined]

    @property
    def t(self) -> Translator:
        return self.services.i18n(self.language)

    @property
    def notify(self) -> Notifier:
        return self.services.notifier
