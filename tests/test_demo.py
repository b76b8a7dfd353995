"""`make demo` runs the scripted day offline; every step must really happen, and the transcript shows it."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.demo import steps

REPO = Path(__file__).resolve().parents[1]

STEPS = [
    "A moderator sets Hearth up with /config",
    "A newcomer joins and agrees to the guidelines",
    "The day's prompt is posted at 09:00 with its thread, and two members answer",
    "A member shares anonymously and another replies anonymously",
    "A small win is posted and celebrated",
    "A private day counter reaches day 7 and its owner gets a DM",
    "A member talks to the team without their name, and the team answers",
    "Crisis words get private help (a safety plan, a check-in tomorrow) and a moderator alert, which is acknowledged",
    "A member says a crisis line didn't work: the other lines at once, a note for the team without a name",
    "A moderator adds and pins a resource and a member finds it",
    "A member exports their data and then deletes it",
    "The next morning, the member who asked gets one check-in and answers it",
]


def sections(stdout: str) -> dict[str, list[str]]:
    """The transcript split by its `# title` headers (channels, threads, DMs); '' holds what comes first."""
    out: dict[str, list[str]] = {"": []}
    current = ""
    for line in stdout.splitlines():
        if line.startswith("# "):
            current = line[2:]
            out[current] = []
        else:
            out[current].append(line)
    return out


def test_demo_plays_every_step_by_name_and_the_transcript_shows_them() -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert elapsed < 60
    lines = result.stdout.splitlines()
    step_lines: list[str] = []  # a long step wraps: its continuation lines are indented under the mark
    for line in lines[: lines.index("Private replies (ephemeral: only that person saw them):")]:
        if line.startswith(("✓", "✗")):
            step_lines.append(line)
        elif line.startswith("  ") and step_lines:
            step_lines[-1] += " " + line.strip()
    assert len(step_lines) == len(STEPS), "\n".join(step_lines)
    for name, line in zip(STEPS, step_lines, strict=True):
        assert line.startswith(f"✓ {name}"), line
    assert f"{len(STEPS)} of {len(STEPS)} steps happened." in lines

    parts = sections(result.stdout)
    # the day's prompt thread (the demo ends the next morning, so the next day's prompt has its own thread)
    prompt_thread = next(title for title in parts if title.startswith("#prompts › thread"))
    assert any("Today's reflection" in line for line in parts["#prompts"])
    for _, reply in steps.PROMPT_REPLIES:
        assert any(reply[:40] in line for line in parts[prompt_thread])
    anonymous = " ".join(line.strip() for line in parts["#anonymous"])
    assert "Anonymous ·" in anonymous and steps.SHARED[:40] in anonymous
    [anon_thread] = [title for title in parts if title.startswith("#anonymous › thread")]
    replies = " ".join(line.strip() for line in parts[anon_thread])
    assert "Anonymous ·" in replies and steps.ANON_REPLY[:40] in replies
    assert steps.WIN[:40] in " ".join(line.strip() for line in parts["#wins"])
    assert any("celebrate · 1" in line for line in parts["#wins"])
    assert any("Crisis language" in line for line in parts["#mod-alerts"])
    assert any("acknowledged" in line for line in parts["#mod-log"])
    assert any(steps.RESOURCE["title"] in line for line in parts["#resources"])
    [talk_thread] = [title for title in parts if title.startswith("#team-inbox › thread")]
    assert "Lea" not in talk_thread
    assert any(steps.TALK_MEMBER[:40] in line for line in parts[talk_thread])
    assert not any(steps.TALK_MEMBER[:40] in line for line in parts["#general"])
    assert any("Only you got this message" in line for line in parts["DMs with Ana"])
    assert any("People you can reach right now" in line for line in parts["DMs with Ben"])
    assert any("check in with me" in line for line in parts["DMs with Ben"])

    # Readable by a moderator: the bot is Hearth, mentions are names, embeds show their fields, and lines
    # break at spaces (a line over the width is one unbreakable word).
    from bot.demo.transcript import WIDTH

    assert "TestBot" not in result.stdout
    assert any(line.startswith("  Hearth:") for line in lines)
    assert not re.search(r"<(@[!&]?|#|t:)\d+", result.stdout), "raw Discord markup in the transcript"
    assert any("@Moderators" in line for line in parts["#mod-alerts"])
    assert any("Writer: @Ben" in line for line in parts["#mod-alerts"])
    assert any("not set → #mod-log" in line for line in parts["#mod-log"])
    assert all(len(line) <= WIDTH or " " not in line.strip() for line in lines)
    assert any("this server's policy." in line for line in parts[""])  # /forgetme's answer is shown whole
    assert sum("How are you today?" in line for line in parts["DMs with Ben"]) == 1  # the next-day check-in


def test_crisis_words_appear_only_where_the_member_wrote_them() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo"], cwd=REPO, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    words = steps.CRISIS[:30]
    where = {title for title, body in sections(result.stdout).items() if any(words in line for line in body)}
    assert where == {"#general"}
    assert sections(result.stdout)["#general"] == [f"  Ben: {steps.CRISIS}"]


@pytest.mark.parametrize("language", ["de", "uk", "tr"])
def test_the_demo_day_happens_in_other_languages(language: str) -> None:
    """Every step of the day in another language: every translated label, title and field fits Discord
    (SimCord refuses a modal label over 45 characters, as Discord does), and the flows still work."""
    result = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--language", language],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"{len(STEPS)} of {len(STEPS)} steps happened." in result.stdout
    assert "unexpected error" not in result.stdout + result.stderr
