"""bench/README.md: how the benchmarks work, and the figures of the last full run as a table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

INTRO = """# Hearth benchmarks

`make bench` (or `python -m bench`) runs every benchmark below against the loopback Discord
(`tests/loopback/emulator.py`: real discord.py over real 127.0.0.1 sockets) and writes
`bench/results/latest.json` and the table in this file. Each figure sits beside a baseline measured
in the same run; medians over repeats (2–3; start: one run). Not part of CI. `python -m bench --quick` is ~10× smaller,
for trying the harness only (it does not rewrite this file's figures unless run without `--only`,
so do not commit a quick run). `--only fanout` (or safety, latency, startup, database) prints one section.

What each one does, and what limits it:

- **fan-out**: 1,000 servers whose daily prompts are all due at 09:00. The REAL prompt job runs
  (`bot/prompts/posting.py` `PromptPoster`, as `cogs/prompts` registers it): each server's job is
  scheduled at start like on any day, then the bot's clock reaches 09:00 and every job is due at once;
  each claims its day in `prompt_posts`, waits for the shared pacer (`bot/pacing.py`, 45 requests/s),
  posts the prompt embed and starts its reply thread. The emulator enforces Discord's limits: 50
  requests/s globally (fixed one-second windows), 5 per 5 s per route and channel, 429s with
  `retry_after` and `Via`. Time = from 09:00 until the last thread exists. Lower bound = requests
  (one post and one thread per server) ÷ 50/s. Misses and duplicates are counted from what the
  emulator received, plus claim rows not marked posted. What limits it: the pacer's rate by design —
  45/s leaves 5 requests/s for everything else the bot sends during a fan-out, so the ratio cannot
  go below 50 ÷ 45 = 1.111.
- **interaction latency**: 1,000 `/win` and 1,000 anonymous `/share` submissions per mode, one at a
  time and 50 at once. The emulator timestamps each INTERACTION_CREATE as it sends it, the
  interaction callback POST (the deferral) as it arrives, and the post in the wins or anonymous
  channel. `/share` answers with a modal; the emulator then submits that modal (a MODAL_SUBMIT
  interaction with the modal's custom_id) and the submission is what is timed. Each share is from
  a different member (a member may share 5 an hour). Baseline: bare discord.py answering the same
  interactions with constants: defer, post the member's text in the channel, follow up privately
  (for `/share`, a one-field modal first). Rate limits are off for this one (2,000 posts in one
  channel would wait on Discord's 5-per-5-s channel limit, not on Hearth). Emulator and bot share
  one event loop, so absolute figures include the emulator's own work; the *overhead*
  (Hearth − bare) is the number to read. What limits it: Hearth's database writes per submission
  (win row; for a share the pseudonym, the number reservation and `mark_posted`), the safety checks,
  and for `/win` two reactions before the private reply.
- **safety**: `assess` over a corpus of 90 % generated ordinary chat and 10 % labelled cases
  (`tests/data/safety_cases.yaml`, or the lexicon's examples if that file is absent — see
  `corpus_source`), beside a one-regex keyword scan. Listener cost: MESSAGE_CREATE events over the
  gateway until the last is handled, Hearth (its own `on_message` plus a listener calling `assess`,
  as the moderation part will add) vs a bare client that only counts.
- **memory and start**: a child process per run (only the imports a real process has) connects to
  10,000 servers × 5 channels (auto-sharded as `/gateway/bot` recommends, one shard per 1,000;
  the 5 s wait between shards is removed for both). Bare = `AutoShardedClient` with Hearth's
  intents until `on_ready`; Hearth = until every server's jobs are scheduled (settings read from
  SQLite, every cog's job providers — prompts, wins digest, anonymous link expiry, counters — plus
  one bench daily job per server, which marks "done"). RSS after a `gc.collect()`. One run (Hearth's
  start takes tens of seconds at this scale), so no median.
- **database**: 1,000 anonymous shares at once through the anonymous-sharing service exactly as
  the cog's modal calls it (`AnonymousService.prepare` then `.submit`: settings, blocks, rate limit,
  text checks, pseudonym, the number reserved in a transaction, `mark_posted`) on a real SQLite file
  (WAL); only the Discord call inside `publish` is replaced by recording the post. Throughput, p50/p99
  (from the start of the burst to each share's completion), and rows present: 1,000 rows, 1,000
  distinct numbers, all posted. Baseline: 1,000 plain INSERTs of an equivalent `anonymous_posts`
  row through the same `Database` class, also at once. What limits it: one connection with
  serialised write transactions; a share is about three of them.
"""


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def rows(r: dict[str, Any]) -> list[list[str]]:
    """Benchmark | figure | baseline | comparison | target | met."""
    out: list[list[str]] = []
    if "fanout" in r:
        f = r["fanout"]
        run = f["runs"][0]
        out.append(
            [
                f"fan-out, {run['servers']} servers' daily prompts due at once (real prompt job, "
                f"{f['pacer_per_second']:g} req/s pacer)",
                f"{f['median_seconds']} s; {f['global_429s_max']} global 429s, {f['route_429s_max']} route 429s; "
                f"{f['misses_max']} missed posts, {f['thread_misses_max']} missed threads, "
                f"{f['duplicates_max']} duplicates, {f['claims_not_posted_max']} claims not posted",
                f"lower bound {f['lower_bound_seconds']} s ({run['servers'] * 2} requests ÷ 50/s)",
                f"ratio {f['median_ratio']} (pacer floor {f['pacer_floor_ratio']})",
                "ratio ≤ 1.10, no global 429, 0 misses/duplicates",
                _met(
                    f["median_ratio"] <= 1.10
                    and f["global_429s_max"] == 0
                    and f["misses_max"] == 0
                    and f["duplicates_max"] == 0
                    and f["thread_misses_max"] == 0
                ),
            ]
        )
    if "latency" in r:
        lat = r["latency"]
        for command, label in (("win", "/win"), ("share", "/share modal submit")):
            for mode in ("sequential", "concurrent_50"):
                for what, arrow in (("callback", "callback"), ("post", "channel post")):
                    x = lat[f"{command}_{mode}"][what]
                    gated = mode == "concurrent_50"
                    out.append(
                        [
                            f"{label}, {mode.replace('_', ' ')}: interaction → {arrow}",
                            f"p50 {x['hearth_p50_ms']} ms, p99 {x['hearth_p99_ms']} ms",
                            f"bare p50 {x['bare_p50_ms']} ms, p99 {x['bare_p99_ms']} ms",
                            f"overhead p50 {x['overhead_p50_ms']:+} ms, p99 {x['overhead_p99_ms']:+} ms",
                            "p50 ≤ +2 ms, p99 ≤ +10 ms" if gated else "(target is for 50 concurrent)",
                            _met(x["overhead_p50_ms"] <= 2 and x["overhead_p99_ms"] <= 10) if gated else "–",
                        ]
                    )
    if "database" in r:
        d = r["database"]
        out.append(
            [
                f"database: {d['shares']:,} concurrent anonymous shares (service level, SQLite file)",
                f"{d['per_second']:,} shares/s, p50 {d['p50_ms']} ms, p99 {d['p99_ms']} ms; {d['lost_max']} lost",
                f"{d['shares']:,} plain INSERTs: {d['baseline_per_second']:,}/s, p99 {d['baseline_p99_ms']} ms",
                f"{d['slowdown']}× slower",
                "nothing lost (no throughput target)",
                _met(d["lost_max"] == 0),
            ]
        )
    if "safety" in r:
        s = r["safety"]
        out.append(
            [
                f"safety `assess` ({s['messages']} msgs)",
                f"{s['assess_msgs_per_s']:,} msgs/s",
                f"one regex: {s['naive_regex_msgs_per_s']:,} msgs/s",
                f"{s['assess_cost_vs_naive']}× slower",
                "≥ 50,000 msgs/s",
                _met(s["assess_msgs_per_s"] >= 50_000),
            ]
        )
        li = s["listener"]
        out.append(
            [
                "on_message listener (MESSAGE_CREATE over the gateway)",
                f"{li['hearth_us_per_msg']} µs/msg",
                f"bare {li['bare_us_per_msg']} µs/msg",
                f"+{li['added_us_per_msg']} µs/msg (×{li['ratio']})",
                "(no target)",
                "–",
            ]
        )
    if "startup" in r:
        st = r["startup"]
        h, b = st["hearth"], st["bare"]
        out.append(
            [
                f"memory, {st['servers']:,} servers × 5 channels ({h['shards']} shards)",
                f"{h['rss_mib']} MiB",
                f"bare {b['rss_mib']} MiB",
                f"×{st['rss_ratio']}",
                "≤ 1.3× bare",
                _met(st["rss_ratio"] <= 1.3),
            ]
        )
        out.append(
            [
                f"start, {st['servers']:,} servers: until every server's jobs are scheduled",
                f"{h['seconds_to_done']} s ({h['seconds_from_process_start']} s from process start)",
                f"bare until on_ready {b['seconds_to_done']} s ({b['seconds_from_process_start']} s)",
                f"+{st['extra_seconds']} s (+{st['extra_seconds_from_process_start']} s)",
                "≤ 3 s beyond bare",
                _met(st["extra_seconds_from_process_start"] <= 3),
            ]
        )
    return out


def write_readme(results: dict[str, Any], path: Path) -> None:
    """Rewrite bench/README.md with the table for `results`."""
    meta = results["meta"]
    lines = [
        INTRO,
        "## Last run",
        "",
        f"{meta['when']}, Python {meta['python']}, discord.py {meta['discord_py']}, {meta['cpus']} CPUs "
        f"({meta['machine']}), {'QUICK (scaled down)' if meta['quick'] else 'full scale'}, "
        f"{meta['total_seconds']} s in all.",
        "",
        "| benchmark | Hearth | baseline (same run) | comparison | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows(results)]
    lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
