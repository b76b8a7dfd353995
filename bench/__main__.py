"""`python -m bench [--quick]`: every benchmark, figures to bench/results/latest.json and bench/README.md.

Full run: 1,000-server fan-out, 1,000 /win + 1,000 /share per mode, 1,000 concurrent shares, a 20,000-message safety corpus and
10,000 servers × 5 channels at start (once: Hearth takes ~40 s there), 2-3 repeats elsewhere.
--quick scales everything down about 10× (for trying the harness, not for quoting).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord

from bench import database, fanout, latency, report, safety, startup
from bench.common import quiet

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
BEFORE = Path(__file__).resolve().parent / "results" / "before-2026-11-22.json"
README = Path(__file__).resolve().parent / "README.md"

FULL = {
    "fanout_servers": 1000,
    "fanout_repeats": 3,
    "fanout_hog_repeats": 10,
    "interactions": 1000,
    "latency_repeats": 2,
    "corpus": 20000,
    "listener_messages": 2000,
    "safety_repeats": 5,
    "start_servers": 10000,
    "start_repeats": 1,
    "shares": 1000,
    "db_repeats": 3,
}
QUICK = {
    "fanout_servers": 100,
    "fanout_repeats": 1,
    "fanout_hog_repeats": 2,
    "interactions": 100,
    "latency_repeats": 1,
    "corpus": 2000,
    "listener_messages": 200,
    "safety_repeats": 1,
    "start_servers": 1000,
    "start_repeats": 1,
    "shares": 100,
    "db_repeats": 1,
}


async def main(scale: dict[str, int], only: set[str]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    timings: dict[str, float] = {}
    sections = [
        ("safety", lambda: safety.run(scale["corpus"], scale["listener_messages"], scale["safety_repeats"])),
        ("latency", lambda: latency.run(scale["interactions"], scale["latency_repeats"])),
        ("startup", lambda: startup.run(scale["start_servers"], scale["start_repeats"])),
        ("database", lambda: database.run(scale["shares"], scale["db_repeats"])),
        ("fanout", lambda: fanout.run(scale["fanout_servers"], scale["fanout_repeats"], scale["fanout_hog_repeats"])),
    ]
    for name, start in sections:
        if only and name not in only:
            continue
        print(f"{name} ...", flush=True)
        began = time.monotonic()
        results[name] = await start()
        timings[name] = round(time.monotonic() - began, 1)
    results["section_seconds"] = timings
    return results


def safety_heldout_main(argv: list[str]) -> int:
    """`python -m bench safety --dev | --heldout | --heldout2 | --heldout3`: the held-out scorer (bench/safety_heldout.py)."""
    from bench import safety_heldout

    parser = argparse.ArgumentParser(prog="python -m bench safety")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--dev", action="store_true", help="score dev.jsonl (may be read while tuning)")
    which.add_argument("--heldout", action="store_true", help="score test.jsonl: run once, at the end")
    which.add_argument(
        "--heldout2", action="store_true", help="score the second blind set (figures and kinds of miss only)"
    )
    which.add_argument(
        "--heldout3", action="store_true", help="score the third blind set (figures and kinds of miss only)"
    )
    parser.add_argument("--all-misses", action="store_true", help="with --dev: list every miss and false alarm")
    args = parser.parse_args(argv)
    if args.heldout2 or args.heldout3:
        split = "heldout2" if args.heldout2 else "heldout3"
        text = safety_heldout.score(split)
        out = Path(__file__).resolve().parent / "results" / f"safety_{split}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    elif args.heldout:
        text = safety_heldout.score("heldout")
        out = Path(__file__).resolve().parent / "results" / "safety_heldout.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text + "\n", encoding="utf-8")
    else:
        text = safety_heldout.score("dev", show_all_misses=args.all_misses)
    print(text)
    return 0


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["safety"]:
        raise SystemExit(safety_heldout_main(sys.argv[2:]))
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="about 10x smaller, for trying the harness")
    parser.add_argument("--only", action="append", default=[], help="safety, latency, startup, database or fanout")
    args = parser.parse_args()
    quiet()
    scale = QUICK if args.quick else FULL
    began = time.monotonic()
    results = asyncio.run(main(scale, set(args.only)))
    results["meta"] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "scale": scale,
        "python": platform.python_version(),
        "discord_py": discord.__version__,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "total_seconds": round(time.monotonic() - began, 1),
    }
    if args.only:
        print(json.dumps(results, indent=2))
    else:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        before = json.loads(BEFORE.read_text(encoding="utf-8")) if BEFORE.exists() else None
        report.write_readme(results, README, before)
        print(f"wrote {RESULTS} and {README} in {results['meta']['total_seconds']} s")
