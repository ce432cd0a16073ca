"""Configuration: defaults, parsing, and one-line messages that say how to fix a wrong value."""

from __future__ import annotations

import pytest

from bot.settings import ConfigError, load_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path):
    for key in ("BOT_TOKEN", "ADMIN_IDS", "ADMIN_CHAT_ID", "TIMEZONE", "DEFAULT_LOCALE"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)  # no developer .env


def test_defaults():
    settings = load_settings()
    assert settings.bot_token is None
    assert settings.bot_api_base_url == "https://api.telegram.org/bot"
    assert str(settings.database_path) == "data/hjaelpebot.sqlite3"
    assert settings.admin_ids == []
    assert settings.timezone == "Europe/Copenhagen"
    assert settings.default_locale == "da"


def test_admin_ids_are_comma_separated(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ADMIN_IDS", " 12345, 67890 ")
    assert load_settings().admin_ids == [12345, 67890]


def test_dotenv_file_is_read(tmp_path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / ".env").write_text("BOT_TOKEN=123456:ABCdef-ghijkl\nDEFAULT_LOCALE=en\n")
    settings = load_settings()
    assert settings.token == "123456:ABCdef-ghijkl"
    assert settings.default_locale == "en"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_IDS", "12,abc"),
        ("TIMEZONE", "Mars/Olympus"),
        ("DEFAULT_LOCALE", "sv"),
        ("BOT_TOKEN", "not a token"),
        ("ADMIN_CHAT_ID", "the board"),
        ("BOT_API_BASE_URL", "localhost:8081"),
    ],
)
def test_a_wrong_value_names_the_setting_and_the_fix(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert name in message and "Fix:" in message
    assert "\n" not in message


def test_the_token_is_never_shown_in_the_settings_repr(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BOT_TOKEN", "123456:SECRETsecretSECRET")
    assert "SECRETsecret" not in repr(load_settings())
