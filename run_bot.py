#!/usr/bin/env python3
"""Hjælpebot: run the bot (polling, or --webhook), or try it in the terminal with --demo."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

# python-telegram-bot's coming behaviour (durations as timedelta), chosen now to avoid warnings.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from bot.crash_points import arm_from_environment
from bot.settings import ConfigError, Settings, load_settings
from domain.organisation import ProfileError, load_organisation

EXIT_CONFIG = 2

NO_TOKEN = (
    "BOT_TOKEN is not set. Get a token from @BotFather in Telegram (send /newbot) and put "
    "BOT_TOKEN=<token> in .env, or try the bot without a token: make demo"
)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="run_bot.py", description=__doc__)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--demo", action="store_true", help="chat with the bot in this terminal")
    mode.add_argument("--webhook", action="store_true", help="receive updates by webhook")
    commands = parser.add_subparsers(dest="command", metavar="setup | check | backup PATH")
    commands.add_parser("setup", help="set the bot up step by step (token, owner, profile)")
    commands.add_parser("check", help="check settings, profile, database, token and backups")
    backup = commands.add_parser(
        "backup", help="write a consistent copy of the database to PATH (also while the bot runs)"
    )
    backup.add_argument("path", metavar="PATH", type=Path)
    return parser.parse_args(argv)


def configure_logging(settings: Settings, to_file: str | None = None) -> None:
    from bot.logs import configure_logging as configure

    configure(settings.log_level, settings.log_file, to_file)


def fail(message: str) -> int:
    print(f"hjaelpebot: {message}", file=sys.stderr)
    return EXIT_CONFIG


def run_backup(settings: Settings, path: Path) -> int:
    from storage.backup import BackupError, backup_database

    try:
        size = backup_database(settings.database_path, path)
    except BackupError as error:
        return fail(f"backup failed: {error}")
    print(f"Backup written to {path} ({size // 1024} KB, integrity check ok)")
    return 0


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    arm_from_environment()  # tests only: HJAELPEBOT_CRASH_AT names a point to die at
    if args.command == "setup":  # before the settings: there may be none yet
        from bot.setup.wizard import run_setup

        return run_setup(sys.stdin, sys.stdout)
    if args.command == "check":
        from bot.setup.check import run_check

        return run_check()
    try:
        settings = load_settings()
        if args.command == "backup":  # needs DATABASE_PATH only, not the profile or a token
            return run_backup(settings, args.path)
        load_organisation(settings.organisation_file)
    except (ConfigError, ProfileError) as error:
        return fail(str(error))
    if args.demo:
        from emulator.demo import run_demo

        return asyncio.run(run_demo(settings, configure_logging))
    if settings.bot_token is None:
        return fail(NO_TOKEN)
    if args.webhook and (not settings.webhook_url or settings.webhook_secret is None):
        return fail(
            "--webhook needs WEBHOOK_URL and WEBHOOK_SECRET. Fix: set both in .env "
            "(see 'Webhook mode' in README.md)."
        )
    configure_logging(settings)
    from bot.runner import run_until_stopped

    asyncio.run(run_until_stopped(settings, webhook=args.webhook))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
