"""bench/README.md: how the benchmarks work, and the figures of the last full run as a table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

INTRO = """# Hearth benchmarks

`make bench` (or `python -m bench`) runs every benchmark below against the loopback Discord
(`tests/loopback/emulator.py`: real discord.py over real 127.0.0.1 sockets) and writes
`bench/results/latest.json` and the table in this file. Each figure sits beside a baseline measured
in the same run; medians over repeats (2–3; start: one run). Not part of CI. `python -m bench --quick` is ~10× smaller,
for trying the harness only (it does not rewrite this file's figures unless run without `--only`,
so do not commit a quick run). `--only fanout` (or safety, latency, startup, database) prints one section.

The machine is shared: each section records the load averages before and after it (`load_before`,
`load_after` in `latest.json`); read absolute figures with those, and prefer the ratios to the same-run
baseline. The column "before" is the comparison figure of the last run of the previous build
(`bench/results/before-2026-11-22.json`, taken with the old harness: a baseline that imported Hearth, an
empty database, rate-limit headers off), kept so old and new can be read side by side.

What each one does, and what limits it:

- **fan-out**: 1,000 servers whose daily prompts are all due at 09:00. The REAL prompt job runs
  (`cogs/prompts/posting.py` `PromptPoster`, as `cogs/prompts` registers it): each server's job is
  scheduled at start like on any day, then the bot's clock reaches 09:00 and every job is due at once;
  each claims its day in `prompt_posts`, waits for the shared pacer (`bot/core/pacing.py`: at most 47 sends
  in any sliding second, counted when each send leaves), posts the prompt embed and starts its reply thread.
  The emulator enforces Discord's limits: 50 requests/s globally (fixed one-second windows), 5 per 5 s per
  route and channel, 429s with `retry_after` and `Via`. Time = from 09:00 until the last thread exists.
  Lower bound = requests (one post and one thread per server) ÷ 50/s. Misses and duplicates are counted
  from what the emulator received, plus claim rows not marked posted. Then 10 more runs with a CPU hog
  (a busy-looping process) beside the bot, which stalls its event loop like a noisy neighbour: the pacer
  must never overrun (runs with any global 429 are counted). What limits it: the pacer's rate by design —
  47/s leaves 3 requests/s for everything else the bot sends during a fan-out, so the ratio cannot go
  below 50 ÷ 47 = 1.064 (less for short runs, where the first second's burst counts).
- **interaction latency**: 1,000 `/win` and 1,000 anonymous `/share` submissions per mode, one at a
  time and 50 at once. The emulator timestamps each INTERACTION_CREATE as it sends it, the
  interaction callback POST (the deferral) as it arrives, and the post in the wins or anonymous
  channel. `/share` answers with a modal; the emulator then submits that modal (a MODAL_SUBMIT
  interaction with the modal's custom_id) and the submission is what is timed. Each share is from
  a different member (a member may share 5 an hour). Baseline: bare discord.py (importing nothing of
  Hearth's; its intents are copied) doing the same REST work with constants: defer, post the member's
  text in the channel, for `/win` the two reactions, for `/share` the reply thread (and a one-field modal
  first), the private follow-up; the requests each side made are listed by route (`rest_requests`).
  Discord's rate-limit headers are on for both sides (so discord.py keeps its buckets as against Discord),
  with limits set out of reach (2,000 posts in one channel would otherwise wait on the 5-per-5-s channel
  limit, which is Discord's, not Hearth's). Emulator and bot share one event loop, so absolute figures
  include the emulator's own work; the *overhead* (Hearth − bare) is the number to read. What limits it:
  Hearth's database round trips per submission (each hands the GIL to aiosqlite's thread and back: a win
  row and its message; for a share one `INSERT … RETURNING` and one "posted" `UPDATE`), and the safety checks.
- **safety**: `assess` over a corpus of 90 % generated ordinary chat and 10 % labelled cases
  (`tests/data/safety_cases.yaml`, or the lexicon's examples if that file is absent — see
  `corpus_source`), beside a one-regex keyword scan. Listener cost: MESSAGE_CREATE events over the
  gateway until the last is handled, Hearth (its own `on_message` plus a listener calling `assess`,
  as the moderation part will add) vs a bare client that only counts.
- **memory and start**: a child process per run (only the imports a real process has) connects to
  10,000 servers × 5 channels (auto-sharded as `/gateway/bot` recommends, one shard per 1,000;
  the 5 s wait between shards is removed for both). Hearth starts on a database where every server is
  configured as an operator's would be (`bench/configured.py`: channels, roles, timezones over 30 zones,
  6 prompt times, 3 day sets, prompts on, three day counters in one server of four). Bare =
  `AutoShardedClient` with Hearth's intents copied (it imports nothing of Hearth's: the child reports the
  `bot`/`cogs` modules it loaded) until `on_ready`; Hearth = until its own `on_ready` has derived every
  server's jobs (`jobs`: (server, job) pairs; `timers`: the scheduler's real timers, one per distinct
  schedule). RSS after a `gc.collect()`. One run, so no median. What limits it: Hearth's imports and
  content cost about 24 MiB before the first server (bare discord.py: none), and each server's settings
  (its own ids; equal sections are shared) and job closures about 6 KB.
- **database**: 1,000 anonymous shares at once through the anonymous-sharing service exactly as
  the cog's modal calls it (`AnonymousService.prepare`, `.reserve`, `.published`) on a real SQLite file
  (WAL); only the Discord post is replaced by recording it. Throughput, p50/p99 (from the start of the
  burst to each share's completion), and rows present: 1,000 rows, 1,000 distinct numbers, all posted.
  Baseline: 1,000 plain INSERTs of an equivalent `anonymous_posts` row through the same `Database` class,
  also at once. What limits it: one connection; a share is two single-statement writes.
"""


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _fanout_row(f: dict[str, Any], label: str) -> list[str]:
    run = f["runs"][0]
    return [
        f"fan-out, {run['servers']} servers' daily prompts due at once{label} (real prompt job, "
        f"{f['pacer_per_second']:g}/s sliding-window pacer; {len(f['runs'])} runs)",
        f"{f['median_seconds']} s; global 429s in {f.get('runs_with_global_429s', '?')} of {len(f['runs'])} runs "
        f"(max {f['global_429s_max']}), {f['route_429s_max']} route 429s; {f['misses_max']} missed posts, "
        f"{f['thread_misses_max']} missed threads, {f['duplicates_max']} duplicates, "
        f"{f['claims_not_posted_max']} claims not posted",
        f"lower bound {f['lower_bound_seconds']} s ({run['servers'] * 2} requests ÷ 50/s)",
        f"ratio {f['median_ratio']} (pacer floor {f['pacer_floor_ratio']})"
        if "pacer_floor_ratio" in f
        else f"ratio {f['median_ratio']}",
        "ratio ≤ 1.10, no global 429 in any run, 0 misses/duplicates",
        _met(
            f["median_ratio"] <= 1.10
            and f["global_429s_max"] == 0
            and f["misses_max"] == 0
            and f["duplicates_max"] == 0
            and f["thread_misses_max"] == 0
        ),
    ]


def keyed_rows(r: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """(key, [benchmark, figure, baseline, comparison, target, met]) for each row of the table."""
    out: list[tuple[str, list[str]]] = []
    if "fanout" in r:
        f = r["fanout"]
        out.append(("fanout", _fanout_row(f, "")))
        if "with_cpu_hog" in f:
            hog = {**f["with_cpu_hog"], "pacer_per_second": f["pacer_per_second"]}
            out.append(("fanout_hog", _fanout_row(hog, " with a CPU hog beside the bot")))
    if "latency" in r:
        lat = r["latency"]
        for command, label in (("win", "/win"), ("share", "/share modal submit")):
            for mode in ("sequential", "concurrent_50"):
                for what, arrow, p50_target in (("callback", "callback", 2), ("post", "channel post", 5)):
                    x = lat[f"{command}_{mode}"][what]
                    gated = mode == "concurrent_50"
                    out.append(
                        (
                            f"{command}_{mode}_{what}",
                            [
                                f"{label}, {mode.replace('_', ' ')}: interaction → {arrow}",
                                f"p50 {x['hearth_p50_ms']} ms, p99 {x['hearth_p99_ms']} ms",
                                f"bare p50 {x['bare_p50_ms']} ms, p99 {x['bare_p99_ms']} ms",
                                f"overhead p50 {x['overhead_p50_ms']:+} ms, p99 {x['overhead_p99_ms']:+} ms",
                                f"p50 ≤ +{p50_target} ms, p99 ≤ +15 ms" if gated else "(target is for 50 concurrent)",
                                _met(x["overhead_p50_ms"] <= p50_target and x["overhead_p99_ms"] <= 15)
                                if gated
                                else "–",
                            ],
                        )
                    )
    if "database" in r:
        d = r["database"]
        out.append(
            (
                "database",
                [
                    f"database: {d['shares']:,} concurrent anonymous shares (service level, SQLite file)",
                    f"{d['per_second']:,} shares/s, p50 {d['p50_ms']} ms, p99 {d['p99_ms']} ms; {d['lost_max']} lost",
                    f"{d['shares']:,} plain INSERTs: {d['baseline_per_second']:,}/s, p99 {d['baseline_p99_ms']} ms",
                    f"{d['slowdown']}× slower",
                    "nothing lost (no throughput target)",
                    _met(d["lost_max"] == 0),
                ],
            )
        )
    if "safety" in r:
        s = r["safety"]
        out.append(
            (
                "assess",
                [
                    f"safety `assess` ({s['messages']} msgs)",
                    f"{s['assess_msgs_per_s']:,} msgs/s",
                    f"one regex: {s['naive_regex_msgs_per_s']:,} msgs/s",
                    f"{s['assess_cost_vs_naive']}× slower",
                    "≥ 50,000 msgs/s",
                    _met(s["assess_msgs_per_s"] >= 50_000),
                ],
            )
        )
        li = s["listener"]
        out.append(
            (
                "listener",
                [
                    "on_message listener (MESSAGE_CREATE over the gateway)",
                    f"{li['hearth_us_per_msg']} µs/msg",
                    f"bare {li['bare_us_per_msg']} µs/msg",
                    f"+{li['added_us_per_msg']} µs/msg (×{li['ratio']})",
                    "(no target)",
                    "–",
                ],
            )
        )
    if "startup" in r:
        st = r["startup"]
        h, b = st["hearth"], st["bare"]
        configured = st.get("database", {}).get("configured_servers", 0)
        where = f"{configured:,} configured" if configured else "an empty database"
        out.append(
            (
                "memory",
                [
                    f"memory, {st['servers']:,} servers × 5 channels ({h['shards']} shards), {where}",
                    f"{h['rss_mib']} MiB",
                    f"bare {b['rss_mib']} MiB",
                    f"×{st['rss_ratio']}",
                    "≤ 1.3× bare",
                    _met(st["rss_ratio"] <= 1.3),
                ],
            )
        )
        timers = f"; {h['jobs']:,} jobs on {h['timers']:,} timers" if "timers" in h else ""
        out.append(
            (
                "start",
                [
                    f"start, {st['servers']:,} servers ({where}): until every server's jobs are scheduled",
                    f"{h['seconds_to_done']} s ({h['seconds_from_process_start']} s from process start){timers}",
                    f"bare until on_ready {b['seconds_to_done']} s ({b['seconds_from_process_start']} s)",
                    f"+{st['extra_seconds']} s (+{st['extra_seconds_from_process_start']} s)",
                    "≤ 3 s beyond bare",
                    _met(st["extra_seconds_from_process_start"] <= 3),
                ],
            )
        )
    return out


def rows(r: dict[str, Any], before: dict[str, Any] | None = None) -> list[list[str]]:
    """Benchmark | figure | baseline | comparison | before | target | met."""
    old = dict(keyed_rows(before)) if before else {}
    return [[*cells[:4], old[key][3] if key in old else "–", *cells[4:]] for key, cells in keyed_rows(r)]


def write_readme(results: dict[str, Any], path: Path, before: dict[str, Any] | None = None) -> None:
    """Rewrite bench/README.md with the table for `results` (beside `before`'s comparisons)."""
    meta = results["meta"]
    loads = [
        f"{name} {results[name]['load_before']} → {results[name]['load_after']}"
        for name in ("latency", "startup", "fanout")
        if isinstance(results.get(name), dict) and "load_before" in results[name]
    ]
    lines = [
        INTRO,
        "## Last run",
        "",
        f"{meta['when']}, Python {meta['python']}, discord.py {meta['discord_py']}, {meta['cpus']} CPUs "
        f"({meta['machine']}), {'QUICK (scaled down)' if meta['quick'] else 'full scale'}, "
        f"{meta['total_seconds']} s in all.",
        "",
        "Load averages (1, 5, 15 min) before → after: " + ("; ".join(loads) if loads else "not recorded") + ".",
        "",
        "| benchmark | Hearth | baseline (same run) | comparison | before (previous build, old harness) | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows(results, before)]
    lines.append("")
    scale = SCALE_RESULTS if SCALE_RESULTS.exists() else None
    text = "\n".join(lines)
    if scale is not None:
        text += "\n" + "\n".join(scale_lines(json.loads(scale.read_text(encoding="utf-8"))))
    path.write_text(text, encoding="utf-8")


SCALE_RESULTS = Path(__file__).resolve().parent / "results" / "scale-latest.json"
SCALE_HEADING = "## At scale (bench/scale.py)"


def scale_lines(scale: dict[str, Any]) -> list[str]:
    """The section for `python -m bench.scale`'s last run (bench/results/scale-latest.json)."""
    fan = scale["fanout_3_processes"]
    share = scale["share_latency"]
    lines = [
        SCALE_HEADING,
        "",
        "`python -m bench.scale` (needs `HEARTH_TEST_POSTGRES_URL`; not part of `make bench`): three real",
        "`hearth run` processes, one shard each of three, share one PostgreSQL and one loopback Discord, whose",
        "global limit of 50 requests/s counts all three together; every server's daily prompt is due when they",
        "start. Time runs from the first prompt POST to the last thread POST; the bound is those requests ÷ 50/s.",
        "Then `/share` (the modal submission) on a SQLite file and on PostgreSQL, the same bot, in the same run.",
        "",
        f"{scale['when']}, {scale['machine']['cpus']} CPUs, {scale['seconds']} s in all. Fan-out load "
        f"{fan['load_before']} → {fan['load_after']}; /share load {share['load_before']} → {share['load_after']}.",
        "",
        "| fan-out over 3 processes | figure |",
        "| --- | --- |",
        f"| servers, requests (post + thread each) | {fan['servers']}, {fan['requests']} |",
        f"| time ÷ the 50/s bound (target ≤ 1.10) | {fan['seconds']} s ÷ {fan['lower_bound_seconds']} s "
        f"= **{fan['ratio']}** (the 47/s pacer's floor: {fan['pacer_floor_ratio']}) |",
        f"| global 429s | {fan['global_429s']} |",
        f"| servers with exactly one prompt / doubled / missed | {fan['servers_with_one_prompt']} / "
        f"{fan['servers_doubled']} / {fan['servers_missed']} |",
        "",
        f"| /share ({share['submissions_per_mode']} per mode, medians of {share['repeats']} runs) "
        "| SQLite p50 / p99 ms | PostgreSQL p50 / p99 ms | PostgreSQL ÷ SQLite p50 / p99 |",
        "| --- | --- | --- | --- |",
    ]
    for key, slot in share.items():
        if "→" not in key:
            continue
        lines.append(
            f"| {key} | {slot['sqlite_p50_ms']} / {slot['sqlite_p99_ms']} | {slot['postgresql_p50_ms']} / "
            f"{slot['postgresql_p99_ms']} | {slot['ratio_p50']} / {slot['ratio_p99']} |"
        )
    turn = scale.get("shared_pacer_turn")
    if turn is not None:
        lines += [
            "",
            f"The shared pacer's own cost (PostgreSQL on the same machine): p50 {turn['p50_ms']} ms, "
            f"p99 {turn['p99_ms']} ms per turn over {turn['turns']} turns, one round trip each; at 47 turns a "
            f"second that is {47 * turn['p50_ms'] / 10:.1f} % of one connection's time (at the median).",
        ]
    lines.append("")
    return lines


def update_scale_section(path: Path, scale: dict[str, Any]) -> None:
    """Replace (or add) the scale section at the end of bench/README.md, leaving the rest as it is."""
    text = path.read_text(encoding="utf-8")
    if SCALE_HEADING in text:
        text = text[: text.index(SCALE_HEADING)].rstrip("\n") + "\n"
    path.write_text(text + "\n" + "\n".join(scale_lines(scale)), encoding="utf-8")
