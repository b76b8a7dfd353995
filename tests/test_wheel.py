"""A non-editable install works on its own: the wheel carries the code, the migrations and content/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = ["bot", "cogs", "content", "pyproject.toml", "setup.py", "README.md"]


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


def test_a_wheel_install_has_its_content_and_passes_content_check(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in SOURCES:
        origin = REPO / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(origin, source / name)
    dist = tmp_path / "dist"
    _run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        dist,
        source,
        cwd=tmp_path,
    )
    [wheel] = list(dist.glob("hearth_bot-*.whl"))

    # A fresh environment without pip; the project's dependencies come from this one's site-packages as a
    # plain path (a .pth line is not itself scanned for .pth files, so the editable install stays out).
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    purelib = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp_path).stdout.strip()
    )
    (purelib / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "-q", wheel, cwd=tmp_path)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HEARTH_", "DISCORD_", "PYTHON"))}
    where = _run(python, "-c", "import bot, hearth_content; print(bot.__file__)", cwd=elsewhere, env=env)
    assert where.stdout.strip().startswith(str(purelib)), where.stdout  # the installed copy, not the checkout
    checked = _run(target / "bin" / "hearth", "content", "check", cwd=elsewhere, env=env)
    assert "content check passed" in checked.stdout
    migrated = _run(
        target / "bin" / "hearth",
        "db",
        "migrate",
        cwd=elsewhere,
        env={**env, "HEARTH_DATABASE": str(tmp_path / "w.db")},
    )
    assert "schema version" in migrated.stdout
