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


def _leaf_parsers() -> list[tuple[str, object]]:
    import argparse

    from bot.__main__ import build_parser

    found: list[tuple[str, object]] = []

    def walk(parser: argparse.ArgumentParser, path: str) -> None:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions:
            found.append((path, parser))
            return
        for name, child in actions[0].choices.items():
            found.append((f"{path} {name}".strip(), child))
            walk(child, f"{path} {name}".strip())

    walk(build_parser(), "")
    return found


def test_every_subcommand_has_a_description_and_help_text() -> None:
    import argparse

    parsers = _leaf_parsers()
    assert {"run", "sync", "health", "content check", "db migrate", "db backup", "safety scan", "demo"} <= {
        path for path, _ in parsers
    }
    for path, parser in parsers:
        if not path:
            continue
        assert isinstance(parser, argparse.ArgumentParser)
        assert parser.description and len(parser.description) > 20, path
        for action in parser._actions:
            if (action.option_strings and action.dest != "help") or action.dest == "path":
                assert action.help, f"{path} {action.dest}"


def test_help_and_version_answer_without_configuration() -> None:
    assert "health" in hearth("--help").stdout
    assert "heartbeat" in hearth("health", "--help").stdout
    version = hearth("--version")
    assert version.returncode == 0 and version.stdout.startswith("hearth ")


def test_health_fails_without_a_heartbeat_and_passes_with_a_fresh_one(tmp_path: Path) -> None:
    from bot.core import heartbeat

    env = {"HEARTH_DATABASE": str(tmp_path / "h.db")}
    missing = hearth("health", env=env)
    assert missing.returncode == 1 and "no heartbeat" in missing.stderr
    heartbeat.beat(tmp_path / "hearth.heartbeat")
    fresh = hearth("health", env=env)
    assert fresh.returncode == 0 and fresh.stdout.startswith("healthy")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hearth.heartbeat"]  # read-only: no database made
    heartbeat.beat(tmp_path / "hearth.heartbeat", now=0.0)
    stale = hearth("health", env=env)
    assert stale.returncode == 1 and "gateway is down" in stale.stderr


def test_an_unreadable_heartbeat_is_unhealthy(tmp_path: Path) -> None:
    from bot.core.heartbeat import check

    path = tmp_path / "beat"
    path.write_text("not a time")
    assert not check(path).ok


def test_content_dir_env_is_honoured(tmp_path: Path) -> None:
    result = hearth("content", "check", env={"HEARTH_CONTENT_DIR": str(tmp_path)})
    assert result.returncode == 1 and str(tmp_path) in result.stderr


def test_content_check_warns_after_12_months_and_fails_after_24() -> None:
    fresh = hearth("content", "check", "--today", "2027-06-01")
    assert fresh.returncode == 0 and "warning: crisis_lines.yaml" not in fresh.stdout
    due = hearth("content", "check", "--today", "2027-12-03")  # the lines were checked 2026-12-02
    assert due.returncode == 0, due.stderr
    assert "warning: crisis_lines.yaml: PH NCMH Crisis Hotline: checked 2026-12-02, more than 12 months ago" in (
        due.stdout
    )
    overdue = hearth("content", "check", "--today", "2028-12-03")
    assert overdue.returncode == 1
    assert (
        "error: crisis_lines.yaml: US 988 Suicide & Crisis Lifeline: checked 2026-12-02, more than 24 months ago"
        in (overdue.stderr)
    )


def test_content_check_refuses_a_date_it_cannot_read() -> None:
    result = hearth("content", "check", "--today", "next tuesday")
    assert result.returncode == 2 and "not a date" in result.stderr


def test_content_stale_lists_old_lines_members_reports_and_weak_sources(tmp_path: Path) -> None:
    import sqlite3

    database = tmp_path / "live.db"
    assert hearth("db", "migrate", env={"HEARTH_DATABASE": str(database)}).returncode == 0
    from cogs.resources.content import line_key

    with sqlite3.connect(database) as conn:
        rows = [
            ("PH", line_key("NCMH Crisis Hotline"), "NCMH Crisis Hotline", "2027-01-04", 2),
            ("PH", line_key("NCMH Crisis Hotline"), "NCMH Crisis Hotline", "2027-02-10", 1),
            ("US", line_key("Crisis Text Line"), "Crisis Text Line", "2026-11-30", 5),  # before it was re-checked
        ]
        conn.executemany("INSERT INTO crisis_line_reports VALUES (?, ?, ?, ?, ?)", rows)
    result = hearth("content", "stale", "--today", "2028-12-03", "--database", str(database))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "PH NCMH Crisis Hotline: checked 2026-12-02 (24 months ago), OVERDUE" in out
    assert "PH NCMH Crisis Hotline: 3 report(s), the last on 2027-02-10" in out
    assert "Crisis Text Line: 5 report(s)" not in out  # reported before the last check: already dealt with
    secondary = out.split("Secondary sources")[1]
    assert "IE Pieta" in secondary and "US 988" not in secondary


def test_content_stale_on_a_fresh_check_has_nothing_due(tmp_path: Path) -> None:
    result = hearth("content", "stale", "--today", "2027-01-01", "--database", str(tmp_path / "none.db"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1] == "  none"  # nothing checked more than 12 months ago
    assert "(no database found" in result.stdout
    assert not (tmp_path / "none.db").exists()  # looking never creates a database
