"""Slow, blocking work (charts, CSV files, backups) in a worker thread, off the event loop.

    png = await off_loop(render_chart, figures, language)

While it runs, every other person's update goes on. The function must not touch the database
connection or PTB objects: give it plain data, get plain data (bytes, text) back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


async def off_loop(function: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    return await asyncio.to_thread(function, *args, **kwargs)
