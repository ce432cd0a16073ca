"""Reading and writing .env without losing what a person wrote in it by hand.

Only the keys the wizard sets are changed, in place; other lines and comments stay as they
were. The file holds the bot's token, so it is readable by its owner only.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=\s*(.*?)\s*$")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def read_env(path: Path) -> dict[str, str]:
    """The KEY=value pairs in the file (none when it does not exist)."""
    if not path.exists():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match:
            found[match.group(1)] = _unquote(match.group(2))
    return found


def write_env(path: Path, values: dict[str, str | None]) -> None:
    """Sets each key (None removes it), keeping every other line; mode 0600."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    left = dict(values)
    out = []
    for line in lines:
        match = None if line.lstrip().startswith("#") else _LINE.match(line)
        if match and match.group(1) in left:
            value = left.pop(match.group(1))
            if value is not None:
                out.append(f"{match.group(1)}={value}")
            continue
        out.append(line)
    if left and lines and lines[-1].strip():
        out.append("")
    out.extend(f"{key}={value}" for key, value in left.items() if value is not None)
    temporary = path.with_name(path.name + ".new")
    temporary.write_text("\n".join(out) + "\n", encoding="utf-8")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
