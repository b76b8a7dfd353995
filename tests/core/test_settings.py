"""Process settings and the per-server settings model."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from bot.core.guild_settings import GuildSettings, apply_changes, parse_days, parse_hhmm, parse_setting_value
from bot.settings import MissingTokenError, Settings, resolve_secret


def test_settings_read_environment_names(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "abc")
    monkeypatch.setenv("HEARTH_DATABASE", str(tmp_path / "x.db"))
    monkeypatch.setenv("HEARTH_OWNER_IDS", "1, 2,3")
    monkeypatch.setenv("HEARTH_DEV_GUILD", "99")
    monkeypatch.setenv("HEARTH_LOG_LEVEL", "debug")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.require_token() == "abc"
    assert settings.database == tmp_path / "x.db"
    assert settings.owner_ids == [1, 2, 3]
    assert settings.dev_guild == 99
    assert settings.log_level == "DEBUG"


def test_missing_token_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    with pytest.raises(MissingTokenError, match="DISCORD_TOKEN"):
        Settings(_env_file=None).require_token()  # type: ignore[call-arg]


def test_secret_is_generated_once_with_owner_only_permissions(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(_env_file=None, HEARTH_DATABASE=tmp_path / "d" / "h.db")  # type: ignore[call-arg]
    first = resolve_secret(settings)
    second = resolve_secret(settings)
    assert first == second and len(first) >= 32
    path = tmp_path / "d" / "hearth.secret"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "generated a new anonymity key" in caplog.text
    assert first.decode() not in caplog.text


def test_explicit_secret_wins(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, HEARTH_DATABASE=tmp_path / "h.db", HEARTH_SECRET="s3")  # type: ignore[call-arg]
    assert resolve_secret(settings) == b"s3"
    assert not (tmp_path / "hearth.secret").exists()


def test_guild_settings_defaults() -> None:
    settings = GuildSettings()
    assert settings.timezone == "UTC"
    assert settings.prompts.time == "09:00"
    assert settings.prompts.days == list(range(7))
    assert settings.anonymous.retention_days == 30
    assert settings.features.prompts is True


def test_invalid_timezone_is_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="not a timezone I know"):
        apply_changes(GuildSettings(), {"timezone": "Mars/Olympus"})


def test_unknown_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="not a setting"):
        apply_changes(GuildSettings(), {"prompts.colour": "blue"})


@pytest.mark.parametrize("text", ["9", "25:00", "09:60", "nine", ""])
def test_bad_times_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_hhmm(text)


def test_days_parse_names_and_presets() -> None:
    assert parse_days("mon, wed,fri") == [0, 2, 4]
    assert parse_days("weekends") == [5, 6]
    with pytest.raises(ValueError, match="not a day"):
        parse_days("funday")


def test_setting_values_are_parsed_by_type() -> None:
    assert parse_setting_value("anonymous.approval", "on") is True
    assert parse_setting_value("anonymous.retention_days", "0") == 0
    assert parse_setting_value("safety.channels", "<#12>, 13") == [12, 13]
    with pytest.raises(ValueError, match="whole number"):
        parse_setting_value("anonymous.retention_days", "a month")
    with pytest.raises(ValueError, match="on or off"):
        parse_setting_value("anonymous.approval", "maybe")


def test_the_database_url_chooses_the_engine_and_hides_its_password(tmp_path: Path) -> None:
    sqlite = Settings(_env_file=None, HEARTH_DATABASE=tmp_path / "h.db")  # type: ignore[call-arg]
    assert sqlite.database_target == tmp_path / "h.db"
    pg = Settings(  # type: ignore[call-arg]
        _env_file=None, HEARTH_DATABASE_URL="postgresql://hearth:s3cret@db.example:5432/hearth"
    )
    assert pg.database_target == "postgresql://hearth:s3cret@db.example:5432/hearth"
    assert "s3cret" not in pg.database_display and "db.example" in pg.database_display


@pytest.mark.parametrize("url", ["mysql://x/y", "hearth.db", "postgres"])
def test_an_unknown_database_url_is_refused_with_the_forms_it_takes(url: str) -> None:
    with pytest.raises(ValueError, match="HEARTH_DATABASE_URL must start with postgresql"):
        Settings(_env_file=None, HEARTH_DATABASE_URL=url)  # type: ignore[call-arg]


def test_the_database_start_wait_defaults_to_five_minutes_and_refuses_a_negative_or_absurd_wait() -> None:
    assert Settings(_env_file=None).database_start_wait == 300  # type: ignore[call-arg]
    assert Settings(_env_file=None, HEARTH_DATABASE_START_WAIT="12.5").database_start_wait == 12.5  # type: ignore[call-arg]
    for wrong in ("-1", "86401", "soon"):
        with pytest.raises(ValueError, match="HEARTH_DATABASE_START_WAIT"):
            Settings(_env_file=None, HEARTH_DATABASE_START_WAIT=wrong)  # type: ignore[call-arg]
