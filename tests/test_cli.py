"""The command line: run without a token, content check, db migrate and backup."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def hearth(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot` in a clean environment."""
    base = {key: value for key, value in os.environ.items() if not key.startswith(("DISCORD_", "HEARTH_"))}
    base.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=REPO,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


def test_run_without_a_token_prints_one_clear_line_and_fails(tmp_path: Path) -> None:
    result = hearth("run", env={"HEARTH_DATABASE": str(tmp_path / "h.db")})
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DISCORD_TOKEN" in lines[0]
    assert "Traceback" not in result.stderr


def test_content_check_passes_on_the_shipped_content() -> None:
    result = hearth("content", "check")
    assert result.returncode == 0, result.stderr
    assert "content check passed" in result.stdout


def test_content_check_fails_with_file_and_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    data = yaml.safe_load((content / "prompts.yaml").read_text())
    data["prompts"][1]["theme"] = "astrology"
    (content / "prompts.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    result = hearth("content", "check", "--content-dir", str(content))
    assert result.returncode == 1
    assert "prompts.yaml:" in result.stderr
    assert "prompts.1.theme" in result.stderr


def test_db_migrate_and_backup(tmp_path: Path) -> None:
    env = {"HEARTH_DATABASE": str(tmp_path / "live.db")}
    migrated = hearth("db", "migrate", env=env)
    assert migrated.returncode == 0, migrated.stderr
    assert "schema version" in migrated.stdout
    backup = hearth("db", "backup", str(tmp_path / "copy.db"), env=env)
    assert backup.returncode == 0, backup.stderr
    assert (tmp_path / "copy.db").stat().st_size > 0


def test_backup_of_a_missing_database_is_a_clear_error(tmp_path: Path) -> None:
    result = hearth("db", "backup", str(tmp_path / "copy.db"), env={"HEARTH_DATABASE": str(tmp_path / "none.db")})
    assert result.returncode == 1
    assert "no database at" in result.stderr


def test_safety_scan_round_trip() -> None:
    result = hearth("safety", "scan", stdin='{"text": "had a nice walk today"}\n{"text": "i want to kill myself"}\n')
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2
    assert '"none"' in lines[0] and '"crisis"' in lines[1]
