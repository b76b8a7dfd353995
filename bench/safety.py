"""Safety throughput: `assess` on a realistic mixed corpus, and the per-message cost of a listener."""

from __future__ import annotations

import asyncio
import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import discord
import yaml
from discord.ext import commands

from bench.common import median
from cogs.safety.api import assess
from tests.loopback.emulator import LoopbackDiscord, wait_until
from tests.loopback.harness import _no_identify_wait, hearth_bot, running
from tests.loopback.payloads import make_guilds

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "safety_cases.yaml"
LEXICON = ROOT / "content" / "safety" / "en.yaml"

OPENERS = [
    "honestly",
    "ok so",
    "hey all,",
    "update:",
    "not sure where to put this but",
    "morning!",
    "ugh",
    "lol",
    "small thing but",
    "thanks everyone,",
]
SUBJECTS = [
    "my sister",
    "the new flat",
    "work",
    "my therapist",
    "the kids",
    "my ex",
    "mum",
    "the visa office",
    "my landlord",
    "the group chat",
    "my old friends",
    "the weekend",
]
VERBS = [
    "called me about",
    "keeps asking about",
    "reminded me of",
    "was weird about",
    "helped with",
    "made me think about",
    "cancelled",
    "finally sorted",
    "texted me about",
    "brought up",
]
OBJECTS = [
    "the move",
    "christmas plans",
    "the paperwork",
    "dinner on sunday",
    "the photos",
    "his birthday",
    "the lease",
    "my job interview",
    "the dog",
    "the long call home",
    "a walk by the river",
]
CLOSERS = [
    "",
    "anyway.",
    "feeling a bit lighter today",
    "day 12 of no contact 💪",
    "any tips?",
    "🙂",
    "it was a lot",
    "going to bed early",
    "proud of myself tbh",
    "https://example.org/article",
]


def filler(rng: random.Random) -> str:
    """One ordinary chat message of the kind a support server mostly sees."""
    parts = [rng.choice(OPENERS), rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(CLOSERS)]
    text = " ".join(p for p in parts if p)
    return text if rng.random() > 0.3 else text + ". " + text.capitalize()


def labelled_texts() -> tuple[list[str], str]:
    """The labelled safety cases, or (if that file is absent) the lexicon's own examples."""
    if CASES.exists():
        cases = yaml.safe_load(CASES.read_text(encoding="utf-8"))["cases"]
        return [c["text"] for c in cases], str(CASES.relative_to(ROOT))
    groups = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))["signals"]
    return [e for g in groups for e in g.get("examples", [])], str(LEXICON.relative_to(ROOT)) + " examples"


def corpus(size: int, seed: int = 9) -> tuple[list[str], str]:
    """90% ordinary chat, 10% labelled cases (crisis, concern, hard negatives, ordinary)."""
    rng = random.Random(seed)
    labelled, source = labelled_texts()
    texts = [rng.choice(labelled) if rng.random() < 0.10 else filler(rng) for _ in range(size)]
    return texts, source


NAIVE = re.compile(r"\b(suicide|suicidal|kill myself|want to die|end it all|self harm)\b")


def throughput(texts: list[str], repeats: int) -> dict[str, Any]:
    """Messages per second for assess and for a one-regex keyword scan (the naive baseline)."""
    assess(texts[0])  # load the lexicon outside the timing
    rates: dict[str, list[float]] = {"assess": [], "naive_regex": []}
    for _ in range(repeats):
        start = time.perf_counter()
        for text in texts:
            assess(text)
        rates["assess"].append(len(texts) / (time.perf_counter() - start))
        start = time.perf_counter()
        for text in texts:
            NAIVE.search(text.casefold())
        rates["naive_regex"].append(len(texts) / (time.perf_counter() - start))
    assess_rate, naive_rate = median(rates["assess"]), median(rates["naive_regex"])
    return {
        "messages": len(texts),
        "assess_msgs_per_s": round(assess_rate),
        "naive_regex_msgs_per_s": round(naive_rate),
        "assess_cost_vs_naive": round(naive_rate / assess_rate, 1),
    }


async def listener_time(kind: str, texts: list[str]) -> float:
    """Seconds from the first MESSAGE_CREATE sent to the last one handled, over real sockets."""
    guilds = make_guilds(1, channels_per_guild=1)
    handled = 0

    async def on_message(message: discord.Message) -> None:
        nonlocal handled
        if kind == "hearth":
            assess(message.content)
        handled += 1

    async with LoopbackDiscord(guilds) as emulator:
        with tempfile.TemporaryDirectory() as tmp:
            if kind == "hearth":
                client: discord.Client = hearth_bot(Path(tmp) / "hearth.db")
            else:
                from bot.app import build_intents

                client = discord.AutoShardedClient(intents=build_intents(), shard_count=1, guild_ready_timeout=0.05)
                client.before_identify_hook = _no_identify_wait  # type: ignore[method-assign]
            if isinstance(client, commands.Bot):
                client.add_listener(on_message, "on_message")  # beside the bot's own on_message
            else:
                client.event(on_message)
            async with running(client):
                channel = guilds[0].channels[0].id
                for text in texts[:100]:  # warm up the parsers and caches
                    await emulator.send_message(guilds[0].id, channel, text)
                await wait_until(lambda: handled == 100, within=60, what="the warm-up")
                handled = 0
                start = time.perf_counter()
                for text in texts:
                    await emulator.send_message(guilds[0].id, channel, text)
                await wait_until(lambda: handled == len(texts), within=120, what="every message handled")
                return time.perf_counter() - start


async def run(size: int, listener_messages: int, repeats: int) -> dict[str, Any]:
    """Throughput figures and the listener cost (Hearth bot + assess listener vs bare client counting)."""
    texts, source = corpus(size)
    out = throughput(texts, repeats) | {"corpus_source": source, "labelled_share": 0.10}
    print(
        f"  safety: assess {out['assess_msgs_per_s']} msgs/s (naive regex {out['naive_regex_msgs_per_s']})", flush=True
    )
    sample = texts[:listener_messages]
    bare = median([await listener_time("bare", sample) for _ in range(repeats)])
    hearth = median([await listener_time("hearth", sample) for _ in range(repeats)])
    out["listener"] = {
        "messages": len(sample),
        "bare_us_per_msg": round(bare / len(sample) * 1e6, 1),
        "hearth_us_per_msg": round(hearth / len(sample) * 1e6, 1),
        "added_us_per_msg": round((hearth - bare) / len(sample) * 1e6, 1),
        "ratio": round(hearth / bare, 3),
    }
    print(f"  listener: {out['listener']}", flush=True)
    return out


if __name__ == "__main__":
    print(asyncio.run(run(5000, 500, 1)))
