"""The offline demo: the real bot, a real SQLite file and scheduler, against a simulated Discord."""

from __future__ import annotations

from bot.demo.runner import run_demo

__all__ = ["run_demo"]
