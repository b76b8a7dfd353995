"""Where the language files live, and the fast parse the `safety scan` start-up uses (YAML only, no pydantic)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["LEXICON_DIR", "lexicon_files", "read_lexicon_data"]

LEXICON_DIR = "safety"


def lexicon_files(content_dir: Path) -> list[Path]:
    """The language files, in a stable order."""
    return sorted((content_dir / LEXICON_DIR).glob("*.yaml"))


def read_lexicon_data(content_dir: Path) -> list[dict[str, Any]]:
    """Parse the language files without validating them (they are validated by `hearth content check`)."""
    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    files = lexicon_files(content_dir)
    if not files:
        raise FileNotFoundError(f"{content_dir / LEXICON_DIR}: no safety lexicon files")
    return [yaml.load(path.read_text(encoding="utf-8"), Loader=loader) for path in files]
