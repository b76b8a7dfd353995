"""Process-wide settings read from the environment and `.env` (pydantic-settings)."""

from __future__ import annotations

import importlib.util
import logging
import os
import secrets
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
SECRET_FILE_NAME = "hearth.secret"
CONTENT_PACKAGE = "hearth_content"  # content/ as the wheel installs it (see setup.py)


def default_content_dir() -> Path:
    """content/ beside the code in a checkout or editable install, else the copy the wheel installed."""
    beside = REPO_ROOT / "content"
    if beside.is_dir():
        return beside
    spec = importlib.util.find_spec(CONTENT_PACKAGE)
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return beside  # missing: loading names the path, so the operator sees where it looked


def content_dir_from_env() -> Path:
    """HEARTH_CONTENT_DIR if set, else `default_content_dir()` (for commands that need no other setting)."""
    configured = os.environ.get("HEARTH_CONTENT_DIR", "").strip()
    return Path(configured) if configured else default_content_dir()


class MissingTokenError(RuntimeError):
    """Raised when `run` is asked to connect without DISCORD_TOKEN."""


class Settings(BaseSettings):
    """Everything the operator configures for one Hearth process."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    database: Path = Field(default=Path("data/hearth.db"), alias="HEARTH_DATABASE")
    database_url: str | None = Field(default=None, alias="HEARTH_DATABASE_URL")
    secret: SecretStr | None = Field(default=None, alias="HEARTH_SECRET")
    log_level: str = Field(default="INFO", alias="HEARTH_LOG_LEVEL")
    owner_ids: Annotated[list[int], NoDecode] = Field(default_factory=list, alias="HEARTH_OWNER_IDS")
    dev_guild: int | None = Field(default=None, alias="HEARTH_DEV_GUILD")
    shard_count: int | None = Field(default=None, alias="HEARTH_SHARD_COUNT", ge=1)
    shard_ids: Annotated[list[int] | None, NoDecode] = Field(default=None, alias="HEARTH_SHARD_IDS")
    shard_standby: bool = Field(default=False, alias="HEARTH_SHARD_STANDBY")
    database_start_wait: float = Field(default=300.0, alias="HEARTH_DATABASE_START_WAIT", ge=0, le=86400)
    content_dir: Path = Field(default_factory=default_content_dir, alias="HEARTH_CONTENT_DIR")
    heartbeat_file: Path | None = Field(default=None, alias="HEARTH_HEARTBEAT_FILE")
    log_format: str = Field(default="text", alias="HEARTH_LOG_FORMAT")

    @field_validator("log_format")
    @classmethod
    def _known_format(cls, value: str) -> str:
        lower = value.strip().lower()
        if lower not in {"text", "json"}:
            raise ValueError("HEARTH_LOG_FORMAT must be text or json")
        return lower

    @property
    def heartbeat_path(self) -> Path:
        """Where the running bot keeps its heartbeat: HEARTH_HEARTBEAT_FILE, else beside the database."""
        return self.heartbeat_file or self.database.parent / "hearth.heartbeat"

    @field_validator("owner_ids", mode="before")
    @classmethod
    def _split_owner_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(" ", ",").split(",") if part.strip()]
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        upper = value.upper()
        if upper not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("HEARTH_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return upper

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _parse_shard_ids(cls, value: object) -> object:
        if isinstance(value, str):
            if not value.strip():
                return None
            from bot.core.shards import parse_shard_ids

            try:
                return parse_shard_ids(value)
            except ValueError as exc:
                raise ValueError(f"HEARTH_SHARD_IDS {exc}") from None
        return value

    @model_validator(mode="after")
    def _shards_fit(self) -> Settings:
        from bot.core.engines import is_postgres_url

        if self.shard_ids is not None:
            if self.shard_count is None:
                raise ValueError("HEARTH_SHARD_IDS needs HEARTH_SHARD_COUNT (how many shards there are in all)")
            outside = [shard for shard in self.shard_ids if shard >= self.shard_count]
            if outside:
                raise ValueError(
                    f"HEARTH_SHARD_IDS names shard {outside[0]}, but shards are numbered 0 to "
                    f"{self.shard_count - 1} when HEARTH_SHARD_COUNT={self.shard_count}"
                )
        on_postgres = self.database_url is not None and is_postgres_url(self.database_url)
        part = self.shard_ids is not None and set(self.shard_ids) != set(range(self.shard_count or 0))
        if on_postgres and part and (self.secret is None or not self.secret.get_secret_value()):
            raise ValueError(
                "HEARTH_SECRET must be set when processes split the shards: each process must use the same "
                "anonymity key, and one generated beside each process's data folder would differ"
            )
        if not on_postgres:
            if self.shard_ids is not None and set(self.shard_ids) != set(range(self.shard_count or 0)):
                raise ValueError(
                    "HEARTH_SHARD_IDS names part of the shards, but a SQLite database serves one process that "
                    "runs them all: leave HEARTH_SHARD_IDS unset, or share a PostgreSQL (HEARTH_DATABASE_URL) "
                    "between the processes"
                )
            if self.shard_standby:
                raise ValueError(
                    "HEARTH_SHARD_STANDBY needs a PostgreSQL database (HEARTH_DATABASE_URL): a standby waits on "
                    "the other process's lock there; SQLite serves one process"
                )
        return self

    @property
    def owned_shards(self) -> list[int] | None:
        """The shards this process runs: HEARTH_SHARD_IDS, else all of HEARTH_SHARD_COUNT (None: Discord's count)."""
        if self.shard_ids is not None:
            return list(self.shard_ids)
        return list(range(self.shard_count)) if self.shard_count is not None else None

    @field_validator("database_url")
    @classmethod
    def _known_engine(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip()
        if not value.startswith(("postgresql://", "postgresql+asyncpg://", "postgres://", "sqlite+aiosqlite:///")):
            raise ValueError(
                "HEARTH_DATABASE_URL must start with postgresql+asyncpg:// (or postgresql://) or sqlite+aiosqlite:///"
            )
        return value

    @property
    def database_target(self) -> Path | str:
        """What `Database` opens: HEARTH_DATABASE_URL when set, else the SQLite file HEARTH_DATABASE."""
        return self.database_url if self.database_url is not None else self.database

    @property
    def database_display(self) -> str:
        """The database for messages, with any password hidden."""
        from bot.core.engines import engine_for

        return engine_for(self.database_target).display

    def require_token(self) -> str:
        """Return the bot token or raise MissingTokenError naming the variable."""
        if self.discord_token is None or not self.discord_token.get_secret_value().strip():
            raise MissingTokenError("DISCORD_TOKEN is not set: put your bot token in the environment or in .env")
        return self.discord_token.get_secret_value().strip()


def resolve_secret(settings: Settings) -> bytes:
    """The anonymity key: HEARTH_SECRET, else a key generated once beside the database (mode 0600)."""
    if settings.secret is not None and settings.secret.get_secret_value():
        return settings.secret.get_secret_value().encode("utf-8")
    path = settings.database.parent / SECRET_FILE_NAME
    if path.exists():
        return path.read_text(encoding="utf-8").strip().encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    log.warning("HEARTH_SECRET was not set: generated a new anonymity key at %s (keep it safe)", path)
    return key.encode("utf-8")
