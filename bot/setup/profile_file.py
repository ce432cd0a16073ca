"""Writing the organisation profile (organisation.toml) with its comments kept.

tomlkit keeps a TOML file's comments, order and layout when values change, which is what a
board member who later opens the file in an editor needs: the explanations stay beside the
values. The categories, help types and reasons stay as in the example.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit


@dataclass
class Profile:
    name: str
    address: str
    phone: str
    email: str
    postcodes: list[str]
    opening_note_da: str
    opening_note_en: str


def read_profile(path: Path) -> Profile:
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    note: Any = document.get("opening_note", {})
    area: Any = document.get("service_area", {})
    return Profile(
        name=str(document.get("name", "")),
        address=str(document.get("address", "")),
        phone=str(document.get("phone", "")),
        email=str(document.get("email", "")),
        postcodes=[str(code) for code in area.get("postcodes", [])],
        opening_note_da=str(note.get("da", "")),
        opening_note_en=str(note.get("en", "")),
    )


def write_profile(example: Path, target: Path, profile: Profile) -> None:
    """Writes target from example (or from target itself, when it exists) with the new values."""
    source = target if target.exists() else example
    document = tomlkit.parse(source.read_text(encoding="utf-8"))
    document["name"] = profile.name
    document["address"] = profile.address
    document["phone"] = profile.phone
    document["email"] = profile.email
    note: Any = document.setdefault("opening_note", tomlkit.table())
    note["da"] = profile.opening_note_da
    note["en"] = profile.opening_note_en or profile.opening_note_da
    area: Any = document.setdefault("service_area", tomlkit.table())
    codes = tomlkit.array()
    codes.extend(profile.postcodes)
    area["postcodes"] = codes
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(target.name + ".new")
    temporary.write_text(tomlkit.dumps(document), encoding="utf-8")
    os.replace(temporary, target)
