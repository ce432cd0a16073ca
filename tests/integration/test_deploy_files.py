"""deploy/: the systemd unit passes systemd-analyze verify, and the Dockerfile copies what the
bot needs to run (this machine has no Docker engine to build it)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_the_systemd_unit_verifies(tmp_path: Path) -> None:
    # The unit names /opt/hjaelpebot and /etc/hjaelpebot; verify checks that its programs
    # exist, so point those at this checkout and a scratch folder.
    unit = (DEPLOY / "hjaelpebot.service").read_text(encoding="utf-8")
    python = Path(sys.executable)
    unit = unit.replace("/opt/hjaelpebot/.venv/bin/python", str(python))
    unit = unit.replace("/opt/hjaelpebot", str(ROOT)).replace("/etc/hjaelpebot", str(tmp_path))
    (tmp_path / "env").write_text("BOT_TOKEN=123:abc\n", encoding="utf-8")
    target = tmp_path / "hjaelpebot.service"
    target.write_text(unit, encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(target)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "Restart=on-failure" in unit and "User=hjaelpebot" in unit


def test_the_dockerfile_copies_the_product_and_runs_as_a_user() -> None:
    lines = (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines()
    copied = {part for line in lines if line.startswith("COPY ") for part in line.split()[1:-1]}
    for needed in (
        "bot",
        "handlers",
        "storage",
        "domain",
        "locales",
        "run_bot.py",
        "pyproject.toml",
    ):
        assert needed in copied, needed
        assert (ROOT / needed).exists()
    assert "emulator" not in copied  # the test double does not ship
    assert any(line.startswith("FROM python:3.11-slim") for line in lines)
    assert any(line.startswith("USER ") and "root" not in line for line in lines)
    compose = (DEPLOY / "compose.yaml").read_text(encoding="utf-8")
    assert "dockerfile: deploy/Dockerfile" in compose and "../data:/data" in compose
