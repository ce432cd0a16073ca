"""Translations (gettext catalogs under locales/) and dates in the person's language.

The .po files are the single source: they are compiled in memory at start, so there is no
.mo file to forget to rebuild. Message ids are English; the en catalog repeats them (a test
checks both catalogs are complete).
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Callable, Hashable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from domain.clock import Clock

T = TypeVar("T")

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
Language = Literal["da", "en", "uk", "ar"]
SUPPORTED: tuple[Language, ...] = ("da", "en", "uk", "ar")
# Each language's name in its own script, for /language.
NATIVE_NAMES: dict[Language, str] = {
    "da": "Dansk",
    "en": "English",
    "uk": "Українська",
    "ar": "العربية",
}
RIGHT_TO_LEFT: frozenset[str] = frozenset({"ar"})
# Inside right-to-left text, a value the bot puts in (a reference like H-1003, a phone number,
# a date, a name in Latin letters) is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL
# ISOLATE, so it keeps its own direction and does not scramble the sentence around it.
FSI, PDI = "\u2068", "\u2069"
_TAG = re.compile(r"(<[^<>]+>)")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}")


def N_(message: str) -> str:
    """Marks a text for extraction where it is defined; it is translated where it is shown."""
    return message


# Each language as the board reads it on a card ("writes in Ukrainian"), translated when shown.
LANGUAGE_NAMES: dict[str, str] = {
    "da": N_("Danish"),
    "en": N_("English"),
    "uk": N_("Ukrainian"),
    "ar": N_("Arabic"),
}


def supported(code: str | None) -> Language | None:
    """'da', 'da-DK', 'en-GB' … → 'da' / 'en'; anything else → None."""
    if not code:
        return None
    base = code.replace("_", "-").split("-")[0].lower()
    return next((language for language in SUPPORTED if language == base), None)


def language_name(t: Translator, code: str | None) -> str:
    """'ukrainsk' for a Danish admin: the person's language, in the reader's."""
    return t.gettext(LANGUAGE_NAMES.get(supported(code) or "da", "Danish"))


class Translator:
    """Texts and dates for one language."""

    def __init__(
        self,
        language: Language,
        catalog: gettext.NullTranslations,
        zone: ZoneInfo,
        clock: Clock | None = None,
    ):
        self.language = language
        self._catalog = catalog
        self.zone = zone
        # Knows "this year", so a date in another year shows its year.
        self._clock = clock
        self._made: dict[Hashable, Any] = {}

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self._catalog.ngettext(singular, plural, count)

    def made_once(self, key: Hashable, make: Callable[[], T]) -> T:
        """Something made only from this language's texts (the main menu, sent with every
        /start), made at its first use and shared after: Telegram objects cannot be changed."""
        if key not in self._made:
            self._made[key] = make()
        made: T = self._made[key]
        return made

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    @property
    def right_to_left(self) -> bool:
        return self.language in RIGHT_TO_LEFT

    def day(self, day: date) -> str:
        """'lørdag den 6. december' / 'Saturday 6 December'; '… 2027' in another year."""
        pattern = _DAY.get(self.language, "EEEE d MMMM")
        if self._clock is not None and day.year != self._clock.now().astimezone(self.zone).year:
            pattern += " y"
        return format_date(day, pattern, locale=self.language)

    def clock(self, moment: datetime) -> str:
        """'10.00' in Danish, '10:00' in English, in the organisation's time zone."""
        pattern = "HH.mm" if self.language == "da" else "HH:mm"
        return format_time(self.local(moment), pattern, locale=self.language)

    def moment(self, moment: datetime) -> str:
        """'lørdag den 6. december kl. 10.00' / 'Saturday 6 December at 10:00'."""
        local = self.local(moment)
        joiner = _AT.get(self.language, " at ")
        return self.day(local.date()) + joiner + self.clock(local)

    def span(self, start: datetime, end: datetime) -> str:
        """'lørdag den 6. december kl. 10.00-13.00'."""
        local = self.local(start)
        joiner = " kl. " if self.language == "da" else ", "
        return f"{self.day(local.date())}{joiner}{self.clock(start)}-{self.clock(end)}"

    def short_date(self, moment: datetime) -> str:
        """'22.11.2026' / '22 Nov 2026', for lists."""
        pattern = "dd.MM.yyyy" if self.language in ("da", "uk") else "d MMM yyyy"
        return format_datetime(self.local(moment), pattern, locale=self.language)


_DAY = {"da": "EEEE 'den' d. MMMM", "en": "EEEE d MMMM", "uk": "EEEE, d MMMM", "ar": "EEEE d MMMM"}
_AT = {"da": " kl. ", "en": " at ", "uk": " о ", "ar": " الساعة "}


class I18n:
    """All catalogs, loaded once."""

    def __init__(
        self,
        zone: ZoneInfo,
        default: Language = "da",
        directory: Path = LOCALES_DIR,
        clock: Clock | None = None,
    ):
        self.default = default
        self.zone = zone
        self._translators = {
            language: Translator(language, load_catalog(directory, language), zone, clock)
            for language in SUPPORTED
        }

    def __call__(self, language: str | None) -> Translator:
        return self._translators[supported(language) or self.default]

    def all(self) -> Iterable[Translator]:
        return self._translators.values()


def isolate_placeholders(text: str) -> str:
    """Wraps each {placeholder} of a right-to-left text in isolates (FSI … PDI); not inside
    an HTML tag, where it is an attribute (a link's address)."""
    parts = _TAG.split(text)
    return "".join(
        part
        if part.startswith("<")
        else _PLACEHOLDER.sub(lambda m: f"{FSI}{m.group(0)}{PDI}", part)
        for part in parts
    )


def load_catalog(directory: Path, language: str) -> gettext.NullTranslations:
    po_path = directory / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    if language in RIGHT_TO_LEFT:
        for message in catalog:
            if not message.id:
                continue
            if isinstance(message.string, tuple):
                message.string = tuple(isolate_placeholders(form) for form in message.string)
            elif isinstance(message.string, str) and message.string:
                message.string = isolate_placeholders(message.string)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
