"""The log: one line per event, and python-telegram-bot never below INFO (it dumps updates)."""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from bot.logs import OneLineFormatter, configure_logging


def test_a_traceback_stays_on_its_events_line() -> None:
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, True)
        record.exc_info = sys.exc_info()
    line = OneLineFormatter("%(levelname)s %(message)s").format(record)
    assert "\n" not in line
    assert line.startswith("ERROR failed ⏎ Traceback") and "boom ⏎ second line" in line


def test_debug_level_keeps_telegram_at_info_and_rotates_a_file(tmp_path: Path) -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("DEBUG", tmp_path / "logs" / "bot.log")
        assert logging.getLogger("telegram.ext.Application").getEffectiveLevel() == logging.INFO
        assert logging.getLogger("handlers.donate").getEffectiveLevel() == logging.DEBUG
        handler = root.handlers[0]
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert handler.maxBytes == 5 * 1024 * 1024
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
        logging.getLogger("telegram").setLevel(logging.NOTSET)
