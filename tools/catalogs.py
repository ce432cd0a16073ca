#!/usr/bin/env python3
"""Keeps locales/ in step with the code (`make messages`).

1. extracts every _()/N_()/ngettext() text from the code into locales/messages.pot;
2. merges it into locales/da and locales/en (new texts added, vanished ones marked obsolete);
3. fills new English entries with their English message id, so only Danish needs writing.
`tools/catalogs.py set da FILE.json` writes translations from a JSON object.
Then `make check-messages` (also part of the tests) lists anything untranslated.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "locales"
POT = LOCALES / "messages.pot"
LANGUAGES = ("da", "en", "uk", "ar")


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def update() -> None:
    pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-k",
        "N_",
        "-k",
        "Np_:1,2",
        "--sort-by-file",
        "--no-wrap",
        "--project",
        "Hjælpebot",
        "-o",
        str(POT),
        ".",
    )
    for language in LANGUAGES:
        po = LOCALES / language / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel(
                "update",
                "-i",
                str(POT),
                "-d",
                str(LOCALES),
                "-l",
                language,
                "--no-fuzzy-matching",
                "--no-wrap",
                "--ignore-obsolete",
            )
        else:
            pybabel("init", "-i", str(POT), "-d", str(LOCALES), "-l", language, "--no-wrap")
    fill_english()


def fill_english() -> None:
    po = LOCALES / "en" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):  # ngettext: (singular, plural)
            if not (isinstance(message.string, tuple) and all(message.string)):
                message.string = tuple(message.id)
        elif not message.string:
            message.string = message.id
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_by_file=True)


def untranslated() -> list[str]:
    """Every message missing or fuzzy, as 'language: id' (the tests fail on any)."""
    problems = []
    for language in LANGUAGES:
        po = LOCALES / language / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                problems.append(f"{language}: {message.id!r}")
    return problems


def set_translations(language: str, source: Path) -> None:
    """Writes translations from a JSON object {message id: text} into a catalog.

    A plural (ngettext) entry is keyed "singular|plural" and given a list of forms.
    """
    translations = json.loads(source.read_text(encoding="utf-8"))
    po = LOCALES / language / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    known = set()
    for message in catalog:
        key = "|".join(message.id) if isinstance(message.id, tuple) else message.id
        if key in translations:
            value = translations[key]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
            known.add(key)
    unknown = [key for key in translations if key not in known]
    with po.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_by_file=True)
    if unknown:
        print("Not in the catalog (run `make messages` first):", *unknown, sep="\n  ")


if __name__ == "__main__":
    if sys.argv[1:2] == ["set"] and len(sys.argv) == 4:
        set_translations(sys.argv[2], Path(sys.argv[3]))
        sys.exit(0)
    if sys.argv[1:] == ["check"]:
        missing = untranslated()
        print("\n".join(missing))
        for language in LANGUAGES:
            count = sum(1 for line in missing if line.startswith(f"{language}: "))
            print(f"{language}: " + (f"{count} missing or fuzzy" if count else "complete"))
        sys.exit(1 if missing else 0)
    update()
