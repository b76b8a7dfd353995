"""docker-compose.scale.yml parses and describes a deployment Hearth accepts: one PostgreSQL, three processes
whose shard ranges cover every shard exactly once (read with a YAML loader: CI has no docker compose)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.settings import Settings

REPO = Path(__file__).resolve().parents[1]


def load() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "docker-compose.scale.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_scale_compose_has_a_postgres_and_three_hearth_processes() -> None:
    services = load()["services"]
    assert services["postgres"]["image"].startswith("postgres:")
    hearths = {name: spec for name, spec in services.items() if name.startswith("hearth-")}
    assert len(hearths) == 3
    for spec in hearths.values():
        assert spec["env_file"] == "hearth.env"
        assert spec["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_the_processes_shard_ranges_cover_every_shard_once_and_hearth_accepts_them() -> None:
    services = load()["services"]
    owned: list[int] = []
    for name, spec in services.items():
        if not name.startswith("hearth-"):
            continue
        env = {key: str(value) for key, value in spec["environment"].items()}
        env["HEARTH_DATABASE_URL"] = env["HEARTH_DATABASE_URL"].replace("${HEARTH_PG_PASSWORD}", "pw")
        env["HEARTH_SECRET"] = "a-shared-secret-from-hearth-env"
        settings = Settings(_env_file=None, **env)  # type: ignore[call-arg]
        assert settings.database_url is not None and settings.database_url.startswith("postgresql+asyncpg://")
        assert settings.owned_shards is not None
        owned.extend(settings.owned_shards)
    count = int(services["hearth-0"]["environment"]["HEARTH_SHARD_COUNT"])
    assert sorted(owned) == list(range(count))
