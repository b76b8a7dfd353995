"""The lock files pin every dependency pyproject.toml names (run `make lock` after changing them)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0].lower().replace("_", "-").replace(".", "-")


def _pinned(lock: str) -> dict[str, str]:
    text = (REPO / lock).read_text(encoding="utf-8")
    return {_name(m.group(1)): m.group(2) for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==(\S+)", text, re.MULTILINE)}


def _hashed(lock: str) -> bool:
    blocks = re.split(r"\n(?=[A-Za-z0-9])", (REPO / lock).read_text(encoding="utf-8"))
    return all("--hash=sha256:" in block for block in blocks if re.match(r"^[A-Za-z0-9_.\-]+==", block))


def test_every_dependency_is_pinned_with_hashes() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    everything = runtime | {_name(r) for extra in ("test", "dev") for r in project["optional-dependencies"][extra]}
    assert runtime - set(_pinned("requirements.lock")) == set(), "run `make lock`"
    assert everything - set(_pinned("requirements-dev.lock")) == set(), "run `make lock`"
    assert _hashed("requirements.lock") and _hashed("requirements-dev.lock")


def test_the_image_and_the_dev_install_agree_on_shared_versions() -> None:
    image, dev = _pinned("requirements.lock"), _pinned("requirements-dev.lock")
    assert {name: version for name, version in image.items() if dev.get(name) != version} == {}
