"""bench/README.md: how the benchmarks work, and the figures of the last full run as a table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

INTRO = """# Hearth benchmarks

`make bench` (or `python -m bench`) runs every benchmark below against the loopback Discord
(`tests/loopback/emulator.py`: real discord.py over real 127.0.0.1 sockets) and writes
`bench/results/latest.json` and the table in this file. Each figure sits beside a baseline measured
in the same run; medians over repeats. Not part of CI. `python -m bench --quick` is ~10× smaller,
for trying the harness only (it does not rewrite this file's figures unless run without `--only`,
so do not commit a quick run). `--only fanout` (or safety, latency, startup) prints one section.

What each one does, and what limits it:

- **fan-out**: N servers (1,000) are all released at the same moment; each posts one message and
  starts a thread from it through `bot.delivery.post` (the test-only `OncePerGuildPost` job in
  `tests/loopback/harness.py`, a stand-in for the daily prompt job, which is built in another part:
  swap its `run` for the prompt job's to measure the real thing). The emulator enforces Discord's
  limits: 50 requests/s globally (fixed one-second windows), 5 per 5 s per route and channel, 429s
  with `retry_after` and `Via`. Lower bound = requests ÷ 50/s. "as is" is the bot today (discord.py
  has no proactive global limiter, so a burst is answered with global 429s and retried);
  "paced" adds a bench-only 48 requests/s pacer in front of each call — the shape a real bulk
  poster needs. With fixed windows a burst can finish slightly *under* requests ÷ 50 (it uses the
  partial first window), so a ratio below 1 is possible for "as is" and is not an error.
- **interaction latency**: the emulator timestamps each INTERACTION_CREATE as it sends it and each
  interaction callback POST as it arrives. Hearth answers `/config show` (its moderator settings
  embed; `/win` and anonymous `/share` arrive with their parts — change `COMMAND` in
  `bench/latency.py`); the baseline is bare discord.py answering the same command with a constant.
  Sequential, then 50 at once. Emulator and bot share one event loop, so absolute figures include
  the emulator's own work; the *overhead* (Hearth − bare) is the number to read.
- **safety**: `assess` over a corpus of 90 % generated ordinary chat and 10 % labelled cases
  (`tests/data/safety_cases.yaml`, or the lexicon's examples if that file is absent — see
  `corpus_source`), beside a one-regex keyword scan. Listener cost: MESSAGE_CREATE events over the
  gateway until the last is handled, Hearth (its own `on_message` plus a listener calling `assess`,
  as the moderation part will add) vs a bare client that only counts.
- **memory and start**: a child process per run (only the imports a real process has) connects to
  10,000 servers × 5 channels (auto-sharded as `/gateway/bot` recommends, one shard per 1,000;
  the 5 s wait between shards is removed for both). Bare = `AutoShardedClient` with Hearth's
  intents until `on_ready`; Hearth = until every server's jobs are scheduled (settings read from
  SQLite, one daily job per server). RSS after a `gc.collect()`.
- **database** (1,000 concurrent anonymous shares): not here yet — the anonymous-sharing service
  is built in another part.
"""


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def rows(r: dict[str, Any]) -> list[list[str]]:
    """Benchmark | figure | baseline | comparison | target | met."""
    out: list[list[str]] = []
    if "fanout" in r:
        for label in ("as_is", "paced_48_per_s"):
            f = r["fanout"][label]
            run = f["runs"][0]
            out.append([
                f"fan-out, {run['servers']} servers ({label.replace('_', ' ')})",
                f"{f['median_seconds']} s; {f['global_429s_median']:.0f} global 429s; "
                f"{f['misses_max']} missed posts, {f['thread_misses_max']} missed threads, "
                f"{f['duplicates_max']} duplicates",
                f"lower bound {run['lower_bound_seconds']} s ({run['servers'] * 2} requests ÷ 50/s)",
                f"ratio {f['median_ratio']}", "ratio ≤ 1.10, no global 429, 0 misses/duplicates",
                _met(f["median_ratio"] <= 1.10 and f["global_429s_median"] == 0 and f["misses_max"] == 0
                     and f["duplicates_max"] == 0 and f["thread_misses_max"] == 0)])
    if "latency" in r:
        lat = r["latency"]
        for mode, target_p50, target_p99 in (("sequential", 2, 10), ("concurrent_50", 2, 10)):
            h, b, o = lat[f"hearth_{mode}"], lat[f"bare_{mode}"], lat[f"overhead_{mode}"]
            out.append([
                f"interaction → callback, {lat['command']}, {mode.replace('_', ' ')}",
                f"p50 {h['p50_ms']} ms, p99 {h['p99_ms']} ms", f"bare p50 {b['p50_ms']} ms, p99 {b['p99_ms']} ms",
                f"overhead p50 {o['p50']} ms, p99 {o['p99']} ms", f"p50 ≤ +{target_p50} ms, p99 ≤ +{target_p99} ms",
                _met(o["p50"] <= target_p50 and o["p99"] <= target_p99)])
    if "safety" in r:
        s = r["safety"]
        out.append([f"safety `assess` ({s['messages']} msgs)", f"{s['assess_msgs_per_s']:,} msgs/s",
                    f"one regex: {s['naive_regex_msgs_per_s']:,} msgs/s", f"{s['assess_cost_vs_naive']}× slower",
                    "≥ 50,000 msgs/s", _met(s["assess_msgs_per_s"] >= 50_000)])
        li = s["listener"]
        out.append(["on_message listener (MESSAGE_CREATE over the gateway)", f"{li['hearth_us_per_msg']} µs/msg",
                    f"bare {li['bare_us_per_msg']} µs/msg", f"+{li['added_us_per_msg']} µs/msg (×{li['ratio']})",
                    "(no target)", "–"])
    if "startup" in r:
        st = r["startup"]
        h, b = st["hearth"], st["bare"]
        out.append([f"memory, {st['servers']:,} servers × 5 channels ({h['shards']} shards)",
                    f"{h['rss_mib']} MiB", f"bare {b['rss_mib']} MiB", f"×{st['rss_ratio']}", "≤ 1.3× bare",
                    _met(st["rss_ratio"] <= 1.3)])
        out.append([f"start, {st['servers']:,} servers: until every server's jobs are scheduled",
                    f"{h['seconds_to_done']} s ({h['seconds_from_process_start']} s from process start)",
                    f"bare until on_ready {b['seconds_to_done']} s ({b['seconds_from_process_start']} s)",
                    f"+{st['extra_seconds']} s (+{st['extra_seconds_from_process_start']} s)", "≤ 3 s beyond bare",
                    _met(st["extra_seconds_from_process_start"] <= 3)])
    return out


def write_readme(results: dict[str, Any], path: Path) -> None:
    """Rewrite bench/README.md with the table for `results`."""
    meta = results["meta"]
    lines = [INTRO, "## Last run", "",
             f"{meta['when']}, Python {meta['python']}, discord.py {meta['discord_py']}, {meta['cpus']} CPUs "
             f"({meta['machine']}), {'QUICK (scaled down)' if meta['quick'] else 'full scale'}, "
             f"{meta['total_seconds']} s in all.", "",
             "| benchmark | Hearth | baseline (same run) | comparison | target | met |",
             "| --- | --- | --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows(results)]
    lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
