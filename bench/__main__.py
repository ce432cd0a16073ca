"""Runs main() of every benchmark module in this folder (python -m bench [name ...])."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")


def modules(only: list[str]) -> list[str]:
    found = sorted(
        path.stem for path in Path(__file__).parent.glob("*.py") if not path.stem.startswith("_")
    )
    return [name for name in found if not only or name in only]


def main(argv: list[str]) -> int:
    for name in modules(argv):
        print(f"== bench.{name}")
        module = importlib.import_module(f"bench.{name}")
        module.main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
