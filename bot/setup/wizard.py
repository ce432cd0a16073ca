"""`run_bot.py setup` (`make setup`): from a BotFather token to a bot ready to start.

Four steps, in Danish or English: the token (checked with getMe), the first owner (a one-time
code sent to the bot in Telegram, so nobody needs to find a user id), the board's group
(optional, the same way), and the organisation profile. Then .env and the profile are written
and `run_bot.py check` is run. Every answer can be given again by running the wizard again;
what is in .env already is offered as the default.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.i18n import I18n, Translator, supported
from bot.settings import TELEGRAM_API, TOKEN_SHAPE
from bot.setup.env_file import read_env, write_env
from bot.setup.profile_file import Profile, read_profile, write_profile
from bot.setup.telegram_link import CodeWaiter, TokenProblem, check_token, close_bot, open_bot
from domain.clock import Clock, FileClock, SystemClock
from domain.one_time_code import OneTimeCode
from domain.organisation import ProfileError, load_organisation

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PROFILE = ROOT / "organisation.toml"
PROFILE = Path("data/organisation.toml")
_POSTCODE = re.compile(r"\b\d{4}\b")


class SetupStopped(Exception):
    """The person stopped the wizard (end of input), or it cannot go on; the text says why."""


@dataclass
class Terminal:
    """The wizard's conversation: questions out, answers in (a real terminal or a test's pipe)."""

    stdin: TextIO
    stdout: TextIO

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    def ask(self, question: str, default: str = "") -> str:
        shown = f"{question} [{default}]: " if default else f"{question}: "
        self.stdout.write(shown)
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:
            raise SetupStopped("no more input")
        return line.strip() or default


class Wizard:
    def __init__(self, terminal: Terminal, env_path: Path, environ: dict[str, str]) -> None:
        self.terminal = terminal
        self.env_path = env_path
        self.env = read_env(env_path)
        self.environ = environ
        clock_file = self._setting("CLOCK_FILE")
        self.clock: Clock = FileClock(Path(clock_file)) if clock_file else SystemClock()
        zone = ZoneInfo(self._setting("TIMEZONE") or "Europe/Copenhagen")
        self.i18n = I18n(zone, "da", clock=self.clock)
        self.t: Translator = self.i18n("da")
        self.base_url = self._setting("BOT_API_BASE_URL") or TELEGRAM_API

    def _setting(self, key: str) -> str:
        """The environment wins over .env, as in the bot's own settings."""
        return self.environ.get(key) or self.env.get(key, "")

    def _(self, text: str) -> str:
        return self.t.gettext(text)

    async def run(self) -> int:
        self.choose_language()
        token, username = await self.token_step()
        bot = await open_bot(token, self.base_url)
        try:
            waiter = CodeWaiter(bot, self.i18n, self.clock, self.terminal.say, self.t)
            owner = await self.owner_step(waiter, username)
            group = await self.group_step(waiter, username)
        finally:
            await close_bot(bot)
        profile_path = self.profile_step()
        values: dict[str, str | None] = {
            "BOT_TOKEN": token,
            "ADMIN_IDS": owner,
            "ORGANISATION_FILE": str(profile_path),
            "DEFAULT_LOCALE": self.t.language,
        }
        if group is not None:
            values["ADMIN_CHAT_ID"] = group
        if self.base_url != TELEGRAM_API:
            values["BOT_API_BASE_URL"] = self.base_url
        write_env(self.env_path, values)
        say = self.terminal.say
        say()
        say(self._("✓ Saved the settings in {path}.").format(path=self.env_path))
        say(self._("Start the bot with:  make run"))
        say(self._("Check it at any time with:  make check"))
        return 0

    def choose_language(self) -> None:
        answer = self.terminal.ask("Sprog / Language: 1 = dansk, 2 = English", "1")
        language = "en" if answer.strip().lower() in {"2", "en", "english"} else "da"
        self.t = self.i18n(supported(language))
        self.terminal.say()
        self.terminal.say(self._("Welcome! This sets up Hjælpebot for your association."))
        self.terminal.say(self._("It takes about 10 minutes. Stop at any time with Ctrl+C."))

    async def token_step(self) -> tuple[str, str]:
        say = self.terminal.say
        say()
        say(self._("Step 1 of 4: the bot's token"))
        say(self._("1. In Telegram, open @BotFather and send /newbot."))
        say(self._("2. Give it a name (e.g. your association's) and a username ending in bot."))
        say(self._("3. BotFather answers with a token like 123456789:AAH… Copy it."))
        current = self._setting("BOT_TOKEN")
        for _attempt in range(5):
            question = self._("Paste the token here")
            if current:
                question = self._("Paste a new token, or press Enter to keep the one in .env")
            token = self.terminal.ask(question).strip() or current
            if not TOKEN_SHAPE.match(token):
                say(self._("✗ That does not look like a token: digits, a colon, then letters."))
                continue
            try:
                username = await check_token(token, self.base_url, self.t)
            except TokenProblem as problem:
                say(f"✗ {problem}")
                current = ""
                continue
            say(self._("✓ The token works: the bot is @{username}.").format(username=username))
            return token, username
        raise SetupStopped(self._("No working token after 5 tries."))

    def _show_code(self, command: str, username: str) -> Callable[[str], None]:
        def show(secret: str) -> None:
            self.terminal.say(f"\n    /{command}@{username} {secret}\n")

        return show

    async def owner_step(self, waiter: CodeWaiter, username: str) -> str:
        say = self.terminal.say
        say()
        say(self._("Step 2 of 4: you as the bot's owner"))
        say(
            self._("In Telegram, open @{username} and send it this message:").format(
                username=username
            )
        )
        code = OneTimeCode(self.clock.now())
        show = self._show_code("owner", username)
        show(code.secret)
        say(self._("The code works for 15 minutes. Waiting for it …"))
        linked = await waiter.wait("owner", code, in_group=False, show_code=show)
        if linked is None:
            raise SetupStopped(self._("Five wrong codes: run the set-up again for a new code."))
        say(self._("✓ {name} is now the bot's owner.").format(name=linked.name))
        owners = [part for part in self._setting("ADMIN_IDS").split(",") if part.strip()]
        if str(linked.chat_id) not in owners:
            owners.append(str(linked.chat_id))
        return ",".join(owners)

    async def group_step(self, waiter: CodeWaiter, username: str) -> str | None:
        say = self.terminal.say
        say()
        say(self._("Step 3 of 4: the board's group (you can skip this)"))
        say(self._("If the board has a Telegram group, new offers and requests can go there."))
        answer = self.terminal.ask(self._("Link a group now? (y/n)"), self._("n"))
        if answer.strip().lower()[:1] not in {"y", "j"}:
            return self._setting("ADMIN_CHAT_ID") or None
        say(
            self._("Add @{username} to the group, then send this message in the group:").format(
                username=username
            )
        )
        code = OneTimeCode(self.clock.now())
        show = self._show_code("linkgroup", username)
        show(code.secret)
        linked = await waiter.wait("linkgroup", code, in_group=True, show_code=show)
        if linked is None:
            say(self._("Five wrong codes: no group was linked. Run the set-up again to try."))
            return self._setting("ADMIN_CHAT_ID") or None
        say(self._("✓ The group {name} is now the board's group.").format(name=linked.name))
        return str(linked.chat_id)

    def profile_step(self) -> Path:
        say = self.terminal.say
        ask = self.terminal.ask
        target = Path(self._setting("ORGANISATION_FILE") or PROFILE)
        if target.resolve() == EXAMPLE_PROFILE.resolve():
            target = PROFILE  # the example stays as shipped, so `git pull` never conflicts
        current = read_profile(target if target.exists() else EXAMPLE_PROFILE)
        say()
        say(self._("Step 4 of 4: your association"))
        say(self._("Press Enter to keep what is in [brackets]."))
        profile = Profile(
            name=ask(self._("Name"), current.name),
            address=ask(self._("Address (where things are brought)"), current.address),
            phone=ask(self._("Phone"), current.phone),
            email=ask(self._("E-mail"), current.email),
            postcodes=self._postcodes(current.postcodes),
            opening_note_da=ask(self._("Opening note, in Danish"), current.opening_note_da),
            opening_note_en=ask(self._("Opening note, in English"), current.opening_note_en),
        )
        write_profile(EXAMPLE_PROFILE, target, profile)
        try:
            load_organisation(target)
        except ProfileError as error:
            raise SetupStopped(str(error)) from None
        say(
            self._(
                "✓ Saved the profile in {path}. Categories and reasons are in the same file."
            ).format(path=target)
        )
        return target

    def _postcodes(self, current: list[str]) -> list[str]:
        while True:
            answer = self.terminal.ask(
                self._("Postcodes you help in, separated by spaces"), " ".join(current)
            )
            codes = list(dict.fromkeys(_POSTCODE.findall(answer)))
            if codes:
                return codes
            self.terminal.say(self._("✗ Write at least one postcode of four digits, e.g. 7400."))


def run_setup(stdin: TextIO, stdout: TextIO, env_path: Path = Path(".env")) -> int:
    wizard = Wizard(Terminal(stdin, stdout), env_path, dict(os.environ))
    try:
        return asyncio.run(wizard.run())
    except SetupStopped as stopped:
        stdout.write(f"\n✗ {stopped}\n")
        return 2
    except KeyboardInterrupt:
        stdout.write("\n")
        return 130
