"""`python -m bench safety --dev | --heldout`: score the detector on the frozen held-out set.

The set (bench/data/safety_heldout/, see its README) was written blind and split
before tuning. `--dev` scores dev.jsonl, which may be read while tuning.
`--heldout` scores test.jsonl and is meant to be run once, at the end: it prints
only figures and 20 misses chosen by a fixed seed, never the whole set.

A crisis item counts as found when the assessment's level is crisis; a hard
negative counts as a false alarm when it is. The third-party table compares the
set's `other_person` with the assessment's.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "safety_heldout"
# The second blind set, written while the detector was being reworked by people who never saw it; it is
# scored without printing any of its texts (misses are summarised by kind), so it can be scored again.
DATA2 = Path(__file__).resolve().parent / "data" / "safety_heldout2"
# The third blind set (frozen 2026-12-03 before any score on it was seen), scored the same way.
DATA3 = Path(__file__).resolve().parent / "data" / "safety_heldout3"
BLIND = ("heldout2", "heldout3")  # sets whose texts are never printed
SEED = 20261202
OUTCOMES = ("none", "at_risk", "in_danger_now")


def _path(split: str) -> Path:
    if split == "heldout2":
        return DATA2 / "test.jsonl"
    if split == "heldout3":
        return DATA3 / "test.jsonl"
    return DATA / ("test.jsonl" if split == "heldout" else "dev.jsonl")


def _load(split: str) -> list[dict[str, Any]]:
    path = _path(split)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "—"


def score(split: str, *, show_all_misses: bool = False) -> str:
    """The report for one split, as text."""
    from cogs.safety.api import assess

    items = _load(split)
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    false_alarm: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_signal: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_hn_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confusion: Counter[tuple[str, str]] = Counter()
    misses: list[dict[str, Any]] = []
    false_alarms: list[dict[str, Any]] = []
    concern_noticed = [0, 0]
    for item in items:
        result = assess(item["text"])
        crisis = result.is_crisis
        lang = item["lang"]
        if item["level"] == "crisis":
            for key in {lang, "all", "non-en" if lang != "en" else "en"}:  # a set: English counted once
                recall[key][0] += crisis
                recall[key][1] += 1
            by_signal[item["signal"]][0] += crisis
            by_signal[item["signal"]][1] += 1
            if not crisis:
                misses.append(item)
        if item["kind"] == "hard_negative":
            for key in {lang, "all", "non-en" if lang != "en" else "en"}:
                false_alarm[key][0] += crisis
                false_alarm[key][1] += 1
            by_hn_kind[item["hn_kind"]][0] += crisis
            by_hn_kind[item["hn_kind"]][1] += 1
            if crisis:
                false_alarms.append(item)
        if item["level"] == "concern":
            concern_noticed[0] += result.level.value != "none"
            concern_noticed[1] += 1
        confusion[(item["other_person"], result.other_person.value)] += 1
    langs = sorted({item["lang"] for item in items}, key=lambda code: (code != "en", code))
    out = [f"safety {split}: {len(items)} items from {_path(split)}"]
    out.append("")
    out.append(f"{'language':<10} {'crisis recall':<22} {'false alarms (hard negatives)':<24}")
    for key in [*[*langs, "en", "non-en", "all"][: len(langs)], "non-en", "all"]:
        out.append(f"{key:<10} {_rate(*recall[key]):<22} {_rate(*false_alarm[key]):<24}")
    out.append("")
    out.append("recall per signal")
    for signal, (hit, total) in sorted(by_signal.items()):
        out.append(f"  {signal:<18} {_rate(hit, total)}")
    out.append("flagged crisis per hard-negative kind")
    for kind, (hit, total) in sorted(by_hn_kind.items()):
        out.append(f"  {kind:<18} {_rate(hit, total)}")
    out.append(f"concern items noticed (concern or crisis): {_rate(*concern_noticed)}")
    out.append("")
    out.append("third-party outcome (rows: labelled, columns: assessed)")
    out.append(f"  {'':<15}" + "".join(f"{o:>15}" for o in OUTCOMES))
    for row in OUTCOMES:
        out.append(f"  {row:<15}" + "".join(f"{confusion[(row, col)]:>15}" for col in OUTCOMES))
    out.append("")
    if split in BLIND:  # never print their texts: summarise the misses by kind
        kinds = Counter(f"{item['kind']}/{item['signal']}" for item in misses)
        out.append(
            f"{len(misses)} missed crisis messages, by kind/signal: "
            + ", ".join(f"{kind} {count}" for kind, count in kinds.most_common())
        )
        alarms = Counter(f"{item['lang']}/{item['hn_kind']}" for item in false_alarms)
        out.append(
            f"{len(false_alarms)} false alarms, by language/kind: "
            + ", ".join(f"{kind} {count}" for kind, count in alarms.most_common())
        )
        return "\n".join(out)
    rng = random.Random(SEED)
    shown = misses if show_all_misses else rng.sample(misses, min(20, len(misses)))
    out.append(
        f"{len(shown)} of {len(misses)} missed crisis messages"
        + ("" if show_all_misses else " (random, seed 20261202)")
    )
    for item in shown:
        out.append(f"  [{item['lang']}/{item['signal']}/{item['obfuscation']}] {item['text']}")
    if show_all_misses:
        out.append(f"{len(false_alarms)} false alarms")
        for item in false_alarms:
            out.append(f"  [{item['lang']}/{item['hn_kind']}] {item['text']}")
    return "\n".join(out)
