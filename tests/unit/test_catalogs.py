"""Every text in the code is in all four catalogs (da, en, uk, ar), translated; and they load."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import FSI, LOCALES_DIR, PDI, SUPPORTED, I18n

ROOT = Path(__file__).resolve().parents[2]
METHOD_MAP = [
    ("bot/**.py", "python"),
    ("handlers/**.py", "python"),
    ("domain/**.py", "python"),
    ("run_bot.py", "python"),
]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def messages_in_code() -> set[str]:
    found = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        ROOT, METHOD_MAP, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def catalog(language: str) -> dict[str, object]:
    with (LOCALES_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_po(handle) if m.id}


def test_code_has_translatable_texts():
    assert len(messages_in_code()) > 10


def test_every_text_in_the_code_is_in_every_catalog():
    in_code = messages_in_code()
    for language in SUPPORTED:
        missing = sorted(in_code - set(catalog(language)))
        assert not missing, f"{language} catalog lacks (run `make messages`): {missing}"


def test_every_text_is_translated_and_not_fuzzy():
    for language in SUPPORTED:
        for message_id, message in catalog(language).items():
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(strings), f"{language}: untranslated {message_id!r}"
            assert not message.fuzzy, f"{language}: fuzzy {message_id!r}"


def test_placeholders_survive_translation():
    import re

    for language in SUPPORTED:
        for message_id, message in catalog(language).items():
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = set(re.findall(r"\{\w*\}", message_id))
            for text in strings:
                found = set(re.findall(r"\{\w*\}", text))
                # A plural form may say the number in words ("يوم واحد": one day).
                plural = isinstance(message.string, tuple)
                assert found <= wanted if plural else found == wanted, (language, message_id)


def test_danish_catalog_is_used():
    from zoneinfo import ZoneInfo

    i18n = I18n(ZoneInfo("Europe/Copenhagen"))
    assert i18n("da").gettext("What would you like to do?") == "Hvad vil du gerne?"
    assert i18n("en").gettext("What would you like to do?") == "What would you like to do?"
    assert i18n("sv").language == "da"


def test_arabic_keeps_inserted_values_in_their_own_direction():
    from zoneinfo import ZoneInfo

    i18n = I18n(ZoneInfo("Europe/Copenhagen"))
    template = i18n("ar").gettext("Bring your number {reference}.")
    text = template.format(reference="H-1003")
    assert f"{FSI}H-1003{PDI}" in text
    assert FSI not in i18n("uk").gettext("Bring your number {reference}.")


def test_danish_quotes_are_guillemets() -> None:
    """Danish quotes »so«: no “English” (or „German“) quotes in a Danish text."""
    wrong = []
    for message in catalog("da").values():
        string = getattr(message, "string", "")
        forms = string if isinstance(string, tuple) else (string,)
        wrong += [form for form in forms if any(mark in form for mark in "“”„")]
    assert not wrong, wrong
