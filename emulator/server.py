"""The HTTP side: an aiohttp server on 127.0.0.1 that PTB talks to as if it were Telegram."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from types import TracebackType
from typing import Any

from aiohttp import web

# Importing the method modules registers their handlers in METHODS.
from emulator import (  # noqa: F401
    methods_bot,
    methods_chats,
    methods_media,
    methods_messages,
)
from emulator.methods_common import lookup
from emulator.methods_media import MAX_UPLOAD_BYTES
from emulator.models import ApiCall, ApiError
from emulator.params import Params
from emulator.state import EmulatorCore

logger = logging.getLogger(__name__)


class BotApiEmulator(EmulatorCore):
    """A local fake of api.telegram.org for one bot token.

    Point PTB at it with ``ApplicationBuilder().base_url(emu.base_url)
    .base_file_url(emu.base_file_url)``; drive people with ``emu.user(...)``.
    """

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        bot_username: str = "hjaelpebot",
        bot_name: str = "Hjælpebot",
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        group_privacy: bool = False,
        strict_html: bool = True,
    ) -> None:
        super().__init__(
            token, bot_username, bot_name, group_privacy=group_privacy, strict_html=strict_html
        )
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://{self.host}:{self.port}/file/bot"

    @property
    def api_url(self) -> str:
        """Full URL prefix for raw HTTP calls: f"{emu.api_url}/getMe"."""
        return f"{self.base_url}{self.token}"

    async def start(self) -> None:
        if self._runner is not None:
            return
        # Uploads up to Telegram's 50 MB must reach the handler, which then answers like Telegram.
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        self._stopping.clear()
        self.updates.reopen()
        logger.info("Bot API emulator listening on %s", self.base_url)

    async def stop(self) -> None:
        if self._runner is None:
            return
        self._stopping.set()
        # Ends held long polls and the webhook sender before the server waits for handlers.
        await self.updates.close()
        await self._runner.cleanup()
        self._runner = None
        logger.info("Bot API emulator stopped")

    async def __aenter__(self) -> BotApiEmulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # Request handling -----------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        arrived, wall = time.monotonic(), time.time()
        name = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return self._respond(arrived, wall, name, {}, None, ApiError(401, "Unauthorized"))
        try:
            params = await Params.from_request(request)
        except ApiError as exc:
            return self._respond(arrived, wall, name, {}, None, exc)
        params.client_gone = lambda: _client_gone(request)
        found = lookup(name)
        if found is not None and found[0] == "getUpdates":
            return await self._answer(arrived, wall, request, params, found)
        self.requests_in_flight += 1
        try:
            return await self._answer(arrived, wall, request, params, found)
        finally:
            self.requests_in_flight -= 1
            self.notify()

    async def _answer(
        self,
        arrived: float,
        wall: float,
        request: web.Request,
        params: Params,
        found: tuple[str, Any] | None,
    ) -> web.Response:
        name = request.match_info["method"]
        if found is None:
            logger.warning("The bot called %s, which the emulator does not support", name)
            error = ApiError(404, f"Not Found: method {name} is not supported by the emulator")
            return self._respond(arrived, wall, name, params.recorded(), None, error)
        method, handler = found
        result: Any = None
        error_or_none = self.failures.check(method, params.values.get("chat_id"))
        if error_or_none is None:
            media = params.values.get("media")
            weight = len(media) if method == "sendMediaGroup" and isinstance(media, list) else 1
            error_or_none = self.failures.check_flood(method, arrived, weight)
        if error_or_none is None:
            try:
                result = await handler(self, params)
            except ApiError as exc:
                error_or_none = exc
            except Exception:
                logger.exception("Emulator failed while handling %s", method)
                error_or_none = ApiError(500, "Internal Server Error")
        chat_id = params.values.get("chat_id")
        delay = self.failures.take_delay(method, chat_id)
        if delay > 0:
            # The call took effect; only the answer is late (a client timeout is ambiguous).
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), delay)
        hold = self.failures.take_hold(method, chat_id)
        if hold is not None:
            await _first_of(hold, self._stopping)
        response = self._respond(arrived, wall, method, params.recorded(), result, error_or_none)
        self.calls[-1].client_gone = _client_gone(request)
        return response

    def _respond(
        self,
        arrived: float,
        wall: float,
        method: str,
        params: dict[str, Any],
        result: Any,
        error: ApiError | None,
    ) -> web.Response:
        status = 200 if error is None else error.error_code
        self.calls.append(
            ApiCall(
                monotonic=arrived,
                wall_time=wall,
                method=method,
                params=params,
                status=status,
                error_code=None if error is None else error.error_code,
                description=None if error is None else error.description,
                result=result,
                duration=time.monotonic() - arrived,
            )
        )
        self.notify()
        if error is not None:
            logger.info("%s -> %s %s", method, error.error_code, error.description)
            return web.json_response(error.to_json(), status=status)
        logger.debug("%s -> ok", method)
        return web.json_response({"ok": True, "result": result})


def _client_gone(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()


async def _first_of(*events: asyncio.Event) -> None:
    """Waits until any of the events is set."""
    waiters = [asyncio.ensure_future(event.wait()) for event in events]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
