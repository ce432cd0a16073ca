"""The HTTP clients the bots reach the Bot API through.

Each httpx client builds its own TLS context by default, and loading the CA bundle is a
measurable part of start-up (four clients: ~0.25 s of the ~1.4 s to the first reply), so they
share one. It is the one httpx would make."""

from __future__ import annotations

import functools
import ssl

import httpx
from telegram.request import HTTPXRequest


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


# How long a request may wait for a free connection of its pool. PTB's default, 1 s, turns a
# slow moment of Telegram's (every connection busy for a second) into a lost reply; waiting is
# no error.
POOL_WAIT_SECONDS = 30.0


def bot_api_request(connection_pool_size: int) -> HTTPXRequest:
    return HTTPXRequest(
        connection_pool_size=connection_pool_size,
        pool_timeout=POOL_WAIT_SECONDS,
        httpx_kwargs={"verify": _tls_context()},
    )
