"""Settings shared by all tests."""

import os

# python-telegram-bot's coming behaviour: retry_after and friends as timedelta (no warnings).
os.environ.setdefault("PTB_TIMEDELTA", "1")
