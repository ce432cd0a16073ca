"""Bot-level methods: identity, updates and webhooks, commands."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from emulator.methods_common import method
from emulator.models import JSONDict, bad_request
from emulator.params import Params

if TYPE_CHECKING:
    from emulator.state import EmulatorCore

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)


@method("getMe")
async def get_me(core: EmulatorCore, p: Params) -> JSONDict:
    return {
        **core.bot_user,
        "can_join_groups": True,
        "can_read_all_group_messages": not core.group_privacy,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


@method("getUpdates")
async def get_updates(core: EmulatorCore, p: Params) -> list[JSONDict]:
    core.polling_started.set()
    allowed = p.get_json("allowed_updates") if p.has("allowed_updates") else None
    return await core.updates.get_updates(
        p.get_int("offset"),
        p.get_int("limit"),
        p.get_float("timeout"),
        allowed if isinstance(allowed, list) else None,
        p.client_gone,
    )


@method("setWebhook")
async def set_webhook(core: EmulatorCore, p: Params) -> bool:
    url = p.get_str("url") or ""
    secret = p.get_str("secret_token") or None
    if secret is not None and not _SECRET_RE.fullmatch(secret):
        raise bad_request("secret token contains unallowed characters")
    if url and not url.startswith(("http://", "https://")):
        # Telegram insists on HTTPS; the emulator also accepts http:// for local receivers.
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if p.has("allowed_updates"):
        allowed = p.get_json("allowed_updates")
        core.updates.allowed_updates = list(allowed) if isinstance(allowed, list) else []
    drop = p.get_bool("drop_pending_updates")
    if url:
        core.updates.set_webhook(url, secret, p.get_int("max_connections"), drop)
    else:
        core.updates.delete_webhook(drop)
    core.polling_started.set()
    return True


@method("deleteWebhook")
async def delete_webhook(core: EmulatorCore, p: Params) -> bool:
    core.updates.delete_webhook(p.get_bool("drop_pending_updates"))
    return True


@method("getWebhookInfo")
async def get_webhook_info(core: EmulatorCore, p: Params) -> JSONDict:
    return core.updates.webhook_info()


def _command_key(p: Params) -> tuple[str, str]:
    scope = p.get_json("scope") if p.has("scope") else None
    scope = scope if isinstance(scope, dict) else {"type": "default"}
    kind = str(scope.get("type", "default"))
    if kind not in _SCOPES:
        raise bad_request("can't parse BotCommandScope JSON object")
    if kind in ("chat", "chat_administrators"):
        kind = f"{kind}:{scope.get('chat_id')}"
    elif kind == "chat_member":
        kind = f"{kind}:{scope.get('chat_id')}:{scope.get('user_id')}"
    language = p.get_str("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", language):
        raise bad_request("invalid language code specified")
    return kind, language


@method("setMyCommands")
async def set_my_commands(core: EmulatorCore, p: Params) -> bool:
    commands = p.get_json("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > 100:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    cleaned: list[JSONDict] = []
    for entry in commands:
        command = str(entry.get("command", "")) if isinstance(entry, dict) else ""
        description = str(entry.get("description", "")) if isinstance(entry, dict) else ""
        if not _COMMAND_RE.fullmatch(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": command, "description": description})
    key = _command_key(p)
    if cleaned:
        core.commands[key] = cleaned
    else:
        core.commands.pop(key, None)
    core.notify()
    return True


@method("deleteMyCommands")
async def delete_my_commands(core: EmulatorCore, p: Params) -> bool:
    core.commands.pop(_command_key(p), None)
    core.notify()
    return True
