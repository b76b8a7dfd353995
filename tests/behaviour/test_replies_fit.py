"""A reply that echoes a member's text always fits: trimmed with '…', the whole text attached as a .txt."""

from __future__ import annotations

import re

import discord
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.surface.replies import (
    CONTENT_LIMIT,
    EMBED_TOTAL,
    RETURNED_FILENAME,
    echo,
    fit_embed,
    fit_message,
    trim,
)
from tests.conftest import Community

LONG_WIN = "I didn't text her today. " * 180  # 4,500 characters


async def test_a_long_win_that_cannot_be_posted_comes_back_whole_in_a_file(community: Community) -> None:
    c = community
    c.env.inject_error("POST", f"/channels/{c.channels['wins'].id}/messages", status=503)
    result = await c.alice.slash(c.channels["general"], "win", text=LONG_WIN)
    reply = result.response
    assert reply is not None and result.ephemeral
    assert len(reply.content) <= CONTENT_LIMIT and "…" in reply.content
    files = [a for a in reply.attachments if a.filename == RETURNED_FILENAME]
    assert len(files) == 1
    assert LONG_WIN.strip() in (await files[0].read()).decode("utf-8")
    assert c.channels["wins"].last_message is None


async def test_when_the_first_error_reply_fails_the_member_still_gets_an_answer(community: Community) -> None:
    c = community
    c.env.inject_error("POST", "/interactions/*/callback", status=500, times=1)
    result = await c.mod.slash(c.channels["general"], "mod timeout", member=c.bob, duration="soon")
    answers = ([result.response] if result.response is not None else []) + result.followups
    assert answers and all(answer.ephemeral for answer in answers)
    assert "not a duration I understand" in answers[0].content


async def test_when_no_answer_gets_through_the_log_has_a_reference_code(
    community: Community, caplog: pytest.LogCaptureFixture
) -> None:
    c = community
    c.env.inject_error("POST", "/interactions/*/callback", status=500, times=None)
    c.env.inject_error("POST", "/webhooks/*", status=500, times=None)
    await c.mod.slash(c.channels["general"], "mod timeout", member=c.bob, duration="soon")
    lines = [r.getMessage() for r in caplog.records if "could not deliver an error reply" in r.getMessage()]
    assert len(lines) == 1 and re.search(r"\[ref [0-9A-F]{6}\]", lines[0])


def test_content_past_the_limit_is_trimmed_and_carried_whole() -> None:
    content, _, overflow = fit_message("x" * 4500, [])
    assert content is not None and len(content) <= CONTENT_LIMIT and "…" in content
    assert overflow == "x" * 4500
    assert fit_message("short", []) == ("short", [], None)


@settings(max_examples=60, derandomize=True)
@given(
    title=st.text(max_size=400),
    description=st.text(max_size=5000),
    fields=st.lists(st.tuples(st.text(max_size=300), st.text(max_size=1500)), max_size=30),
    footer=st.text(max_size=2500),
)
def test_every_embed_is_cut_to_discords_limits(
    title: str, description: str, fields: list[tuple[str, str]], footer: str
) -> None:
    embed = discord.Embed(title=title, description=description)
    for name, value in fields:
        embed.add_field(name=name, value=value)
    embed.set_footer(text=footer)
    fitted = fit_embed(embed)
    assert len(fitted) <= EMBED_TOTAL
    assert len(fitted.title or "") <= 256 and len(fitted.description or "") <= 4096
    assert len(fitted.fields) <= 25
    assert all(len(f.name or "") <= 256 and len(f.value or "") <= 1024 for f in fitted.fields)


def test_echoes_are_short_and_on_one_line() -> None:
    assert echo("a\nb   c") == "a b c"
    assert len(echo("y" * 4500)) == 80 and echo("y" * 4500).endswith("…")
    assert trim("abc", 3) == "abc" and trim("abcd", 3) == "ab…"
