"""The organisation profile: the example loads, mistakes are named, seasons open and close."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain.organisation import HelpType, ProfileError, load_organisation

EXAMPLE = Path(__file__).resolve().parents[2] / "organisation.toml"


def test_the_example_profile_loads():
    org = load_organisation(EXAMPLE)
    assert org.name == "Hjælpesporet Herning"
    assert org.service_area.covers("7400")
    assert not org.service_area.covers("2100")
    assert org.category("furniture").large  # type: ignore[union-attr]
    assert org.category("clothes").sizes == "clothes"  # type: ignore[union-attr]
    assert org.help_type("christmas").seasonal  # type: ignore[union-attr]


def test_julehjaelp_is_open_in_its_window_only():
    christmas = HelpType(
        key="christmas", da="Julehjælp", en="Christmas", opens="11-01", closes="12-10"
    )
    assert christmas.is_open(date(2026, 11, 22))
    assert christmas.is_open(date(2026, 12, 10))
    assert not christmas.is_open(date(2026, 12, 11))
    assert not christmas.is_open(date(2026, 7, 1))


def test_a_window_across_new_year():
    winter = HelpType(key="winter", da="Vinter", en="Winter", opens="12-01", closes="02-28")
    assert winter.is_open(date(2027, 1, 15))
    assert not winter.is_open(date(2026, 6, 1))


def test_a_broken_profile_is_named(tmp_path: Path):
    broken = tmp_path / "org.toml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace('"7400"', '"74OO"'))
    with pytest.raises(ProfileError, match="postcodes"):
        load_organisation(broken)
    with pytest.raises(ProfileError, match="not found"):
        load_organisation(tmp_path / "missing.toml")
