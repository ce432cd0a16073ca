"""`run_bot.py check` (`make check`): is everything in place to run? One line per item.

    ✓ Settings: 1 owner, the board's group -1001234567890
    ✓ Organisation profile: Hjælpesporet Herning (data/organisation.toml), 8 postcodes
    ✓ Database: data/hjaelpebot.sqlite3, 8 migrations applied, integrity ok
    ✓ Token: @hjaelpesporet_bot
    ✓ Updates: by polling (no webhook is set)
    ✓ Backups: every night into backups (writable), the last one hjaelpebot-2026-12-01.sqlite3

Exit status 0 when every line is ✓, 2 when any is ✗. The database is only read, so the check
can run beside the running bot. Texts are in DEFAULT_LOCALE (the language chosen in set-up).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.i18n import I18n, Translator
from bot.settings import ConfigError, Settings, load_settings
from domain.organisation import ProfileError, load_organisation
from storage.backup import NAME_PREFIX, NAME_SUFFIX
from storage.db import MIGRATIONS_DIR


@dataclass(frozen=True)
class Line:
    ok: bool
    item: str
    detail: str

    def __str__(self) -> str:
        return f"{'✓' if self.ok else '✗'} {self.item}: {self.detail}"


def check_settings(t: Translator) -> tuple[Line, Settings | None]:
    """The settings, and the first line; t is DEFAULT_LOCALE's once the settings are read."""
    _ = t.gettext
    try:
        settings = load_settings()
    except ConfigError as error:
        return Line(False, _("Settings"), str(error)), None
    return settings_line(settings, t), settings


def settings_line(settings: Settings, t: Translator) -> Line:
    _ = t.gettext
    item = _("Settings")
    if not settings.admin_ids:
        return Line(False, item, _("no owner in ADMIN_IDS. Fix: run make setup"))
    owners = t.ngettext("{n} owner", "{n} owners", len(settings.admin_ids)).format(
        n=len(settings.admin_ids)
    )
    if settings.admin_chat_id is None:
        group = _("no board group (notices go to each owner and admin)")
    else:
        group = _("the board's group {id}").format(id=settings.admin_chat_id)
    return Line(True, item, f"{owners}, {group}")


def check_profile(settings: Settings, t: Translator) -> Line:
    item = t.gettext("Organisation profile")
    try:
        organisation = load_organisation(settings.organisation_file)
    except ProfileError as error:
        return Line(False, item, str(error))
    count = len(organisation.service_area.postcodes)
    postcodes = t.ngettext("{n} postcode", "{n} postcodes", count).format(n=count)
    return Line(True, item, f"{organisation.name} ({settings.organisation_file}), {postcodes}")


def check_database(settings: Settings, t: Translator) -> Line:
    _ = t.gettext
    item = _("Database")
    path = settings.database_path
    if not path.exists():
        folder = next((p for p in path.parents if p.exists()), Path("."))
        if not os.access(folder, os.W_OK):
            return Line(False, item, _("{path} cannot be created here").format(path=path))
        return Line(True, item, _("{path} is made at the first start").format(path=path))
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
            applied = connection.execute("SELECT COUNT(*) FROM schema_migrations").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error as error:
        return Line(False, item, _("{path} cannot be read: {error}").format(path=path, error=error))
    if integrity != "ok":
        return Line(False, item, _("{path} is damaged. Restore a backup").format(path=path))
    detail = _("{path}, {n} migrations applied, integrity ok").format(path=path, n=applied)
    pending = len(list(MIGRATIONS_DIR.glob("*.sql"))) - applied
    if pending > 0:
        detail += "; " + _("{n} new ones come at the next start, after a backup").format(n=pending)
    return Line(True, item, detail)


async def check_telegram(settings: Settings, t: Translator) -> list[Line]:
    _ = t.gettext
    token, updates = _("Token"), _("Updates")
    if settings.bot_token is None:
        return [Line(False, token, _("BOT_TOKEN is not set. Fix: run make setup"))]
    bot = Bot(
        settings.bot_token.get_secret_value(),
        base_url=settings.bot_api_base_url,
        base_file_url=settings.bot_api_base_file_url,
    )
    try:
        async with bot:
            lines = [Line(True, token, f"@{bot.username}")]
            webhook = await bot.get_webhook_info()
    except InvalidToken:
        return [Line(False, token, _("Telegram does not know this token. Fix: run make setup"))]
    except TelegramError as error:
        problem = _("Telegram could not be asked: {error}").format(error=error.message)
        return [Line(False, token, problem)]
    if settings.webhook_url and not settings.webhook_url.startswith("https://"):
        lines.append(Line(False, updates, _("WEBHOOK_URL must start with https://")))
    elif settings.webhook_url:
        lines.append(Line(True, updates, _("by webhook at {url}").format(url=settings.webhook_url)))
    elif webhook.url:
        detail = _("by polling; the webhook {url} is removed at the start").format(url=webhook.url)
        lines.append(Line(True, updates, detail))
    else:
        lines.append(Line(True, updates, _("by polling (no webhook is set)")))
    return lines


def check_backups(settings: Settings, t: Translator) -> Line:
    _ = t.gettext
    item = _("Backups")
    folder = settings.backup_dir
    if folder is None:
        return Line(True, item, _("BACKUP_DIR is not set: no nightly copies (see README)"))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".check-"):
            pass
    except OSError:
        return Line(False, item, _("{folder} is not writable").format(folder=folder))
    copies = sorted(folder.glob(f"{NAME_PREFIX}*{NAME_SUFFIX}"))
    if not copies:
        return Line(
            True, item, _("every night into {folder} (writable), none yet").format(folder=folder)
        )
    detail = _("every night into {folder} (writable), the last one {name}").format(
        folder=folder, name=copies[-1].name
    )
    return Line(True, item, detail)


async def run_checks(environ_language: str | None = None) -> list[Line]:
    i18n = I18n(ZoneInfo("Europe/Copenhagen"), "da")
    first, settings = check_settings(i18n(environ_language))
    if settings is None:
        return [first]
    t = i18n(settings.default_locale)
    return [
        settings_line(settings, t),
        check_profile(settings, t),
        check_database(settings, t),
        *await check_telegram(settings, t),
        check_backups(settings, t),
    ]


def run_check() -> int:
    lines = asyncio.run(run_checks(os.environ.get("DEFAULT_LOCALE")))
    for line in lines:
        print(line)
    return 0 if all(line.ok for line in lines) else 2
