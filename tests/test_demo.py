"""`make demo` runs the scripted day offline; every step must really happen."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_demo_runs_every_step_and_exits_zero() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    steps = [line for line in lines if line.startswith(("✓", "✗"))]
    assert steps, result.stdout
    assert all(line.startswith("✓") for line in steps), "\n".join(steps)
    assert any("steps happened" in line for line in lines)
    assert "# #mod-log" in result.stdout
