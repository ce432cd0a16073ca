"""Logging: one line per event, no personal data, rotated by size when written to a file.

Under systemd the log goes to the journal (journald rotates it); run by hand it goes to the
terminal, or with LOG_FILE to a file that is rotated at 5 MB, keeping 5 old ones. A traceback
is folded into its event's line, so `grep` and `journalctl -g` show whole events.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
ROTATE_AT_BYTES = 5 * 1024 * 1024
ROTATED_FILES = 5


class OneLineFormatter(logging.Formatter):
    """The record, its exception and stack on one line: newlines become ' ⏎ '."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r\n", "\n").replace("\n", " ⏎ ")


def configure_logging(level: str, log_file: Path | None = None, to_file: str | None = None) -> None:
    target = Path(to_file) if to_file else log_file
    handler: logging.Handler
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=ROTATE_AT_BYTES, backupCount=ROTATED_FILES, encoding="utf-8"
        )
    else:
        handler = logging.StreamHandler()
    handler.setFormatter(OneLineFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # httpx logs every request URL, and the URL holds the bot token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    for noisy in ("httpcore", "apscheduler", "aiosqlite"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # python-telegram-bot prints whole updates and API parameters at DEBUG (names, texts,
    # phone numbers): it never logs below INFO, whatever LOG_LEVEL says.
    logging.getLogger("telegram").setLevel(max(logging.INFO, logging.getLevelName(level)))
