"""Configuration from the environment and an optional .env file (pydantic-settings).

A wrong value stops the program at start with one line that names the setting and says how to
fix it (see describe_error); run_bot.py turns that into exit status 2.
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from domain.shift_reminders import DEFAULT_SHIFT_REMINDERS, parse_reminder_offsets

TELEGRAM_API = "https://api.telegram.org/bot"
TELEGRAM_FILE_API = "https://api.telegram.org/file/bot"
TOKEN_SHAPE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{8,}$")

# How to fix each setting, for the one-line message at start.
FIXES: dict[str, str] = {
    "bot_token": "copy the token BotFather gave you, like 123456789:AAH…",
    "bot_api_base_url": "use a URL such as https://api.telegram.org/bot",
    "bot_api_base_file_url": "use a URL such as https://api.telegram.org/file/bot",
    "database_path": "give a file path, e.g. data/hjaelpebot.sqlite3",
    "admin_ids": "give Telegram user ids separated by commas, e.g. 12345,67890",
    "admin_chat_id": "give the chat id of the admin group, e.g. -1001234567890",
    "timezone": "use an IANA time zone name, e.g. Europe/Copenhagen",
    "default_locale": "use da, en, uk or ar",
    "organisation_file": "point it to a TOML file like organisation.toml",
    "webhook_url": "use the public https URL Telegram should call",
    "webhook_port": "use a port number between 1 and 65535",
    "shift_reminders": "write offsets before a shift, e.g. 24h,2h or 90m (or off)",
    "retention_days": "use a whole number of days, e.g. 180",
    "dropoff_notice_days": "use a whole number of days between 1 and 60, e.g. 7",
    "dropoff_reminder_time": "use a local time like 18:00",
    "digest_at": "use a weekday and a time like mon 09:00",
    "backup_dir": "give a folder path, e.g. backups",
    "backup_keep": "use a whole number above 0, e.g. 14",
    "job_tick_seconds": "use a number of seconds, e.g. 20",
    "broadcast_rate": "use a number of messages per second between 1 and 30",
    "flood_max_updates": "use a whole number above 0",
    "flood_window_seconds": "use a number of seconds above 0",
    "press_answer_seconds": "use a number of seconds between 0.1 and 14",
    "log_level": "use DEBUG, INFO, WARNING or ERROR",
    "log_file": "give a file path, e.g. data/hjaelpebot.log (or leave it out for the terminal)",
}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    bot_api_base_url: str = TELEGRAM_API
    bot_api_base_file_url: str = TELEGRAM_FILE_API
    database_path: Path = Path("data/hjaelpebot.sqlite3")
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    admin_chat_id: int | None = None
    timezone: str = "Europe/Copenhagen"
    default_locale: Literal["da", "en", "uk", "ar"] = "da"
    organisation_file: Path = Path("organisation.toml")

    # Webhook mode (run_bot.py --webhook): Telegram calls WEBHOOK_URL; we listen locally.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)

    # Volunteers: reminders before each shift ("24h,2h"; minutes allowed, e.g. "90m").
    shift_reminders: str = DEFAULT_SHIFT_REMINDERS
    # Recipients: closed requests lose their personal details after this many days.
    retention_days: int = Field(default=180, ge=1)
    # Drop-off broadcasts: notice N days before, a reminder the day before at a local time,
    # and a weekly digest ("mon 09:00").
    dropoff_notice_days: int = Field(default=7, ge=1, le=60)
    dropoff_reminder_time: time = time(18, 0)
    digest_at: str = "mon 09:00"
    # Backups: a nightly copy into BACKUP_DIR when set, keeping the last BACKUP_KEEP.
    backup_dir: Path | None = None
    backup_keep: int = Field(default=14, ge=1)

    # How often scheduled work (reminders, notices, digests) is looked for, in seconds.
    job_tick_seconds: float = Field(default=20.0, gt=0, le=3600)
    broadcast_rate: float = Field(default=25.0, gt=0, le=30)
    flood_max_updates: int = Field(default=20, gt=0)
    flood_window_seconds: float = Field(default=10.0, gt=0)
    # A button press still waiting for its turn after this long is answered early
    # (bot.press_guard): Telegram gives a press about 15 seconds.
    press_answer_seconds: float = Field(default=5.0, ge=0.1, le=14)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # Run by hand: a file rotated at 5 MB (5 kept); unset, the log goes to the terminal or,
    # under systemd, to the journal.
    log_file: Path | None = None
    # Tests only: a file holding the current time (see domain.clock.FileClock).
    clock_file: Path | None = None

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not TOKEN_SHAPE.match(value.get_secret_value().strip()):
            raise ValueError("does not look like a bot token")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            for part in parts:
                if not part.lstrip("-").isdigit():
                    raise ValueError(f"{part!r} is not a Telegram user id")
            return [int(part) for part in parts]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("shift_reminders")
    @classmethod
    def _reminder_offsets(cls, value: str) -> str:
        parse_reminder_offsets(value)  # raises with a one-line reason
        return value

    @field_validator("digest_at")
    @classmethod
    def _weekday_and_time(cls, value: str) -> str:
        parse_weekly(value)
        return value

    @property
    def reminder_offsets(self) -> tuple[timedelta, ...]:
        return parse_reminder_offsets(self.shift_reminders)

    @property
    def digest_moment(self) -> tuple[int, time]:
        """(weekday, local time), Monday = 0."""
        return parse_weekly(self.digest_at)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value

    @field_validator("bot_api_base_url", "bot_api_base_file_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^\s/]+", value):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def token(self) -> str:
        if self.bot_token is None:
            raise RuntimeError("BOT_TOKEN is not set")
        return self.bot_token.get_secret_value().strip()


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_weekly(text: str) -> tuple[int, time]:
    """'mon 09:00' → (0, 09:00)."""
    match = re.fullmatch(r"\s*([a-z]{3})[a-z]*\s+(\d{1,2})[:.](\d{2})\s*", text.lower())
    if not match or match.group(1) not in WEEKDAYS:
        raise ValueError(f"{text!r} is not a weekday and time like 'mon 09:00'")
    hour, minute = int(match.group(2)), int(match.group(3))
    if hour > 23 or minute > 59:
        raise ValueError(f"{text!r} has no such time of day")
    return WEEKDAYS.index(match.group(1)), time(hour, minute)


class ConfigError(Exception):
    """A setting is wrong; the message is one line for a person to act on."""


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ConfigError(describe_error(error)) from None


def describe_error(error: ValidationError) -> str:
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "?"
    reason = str(first["msg"]).removeprefix("Value error, ")
    fix = FIXES.get(field, "see the configuration table in README.md")
    return f"Setting {field.upper()} is wrong: {reason}. Fix: {fix}."
