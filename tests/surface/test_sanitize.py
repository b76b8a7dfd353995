"""Text the bot posts never pings anyone and never carries contact details."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cogs.safety.api import ProblemKind, assess, check_text, neutralize_mentions

LIVE_MENTION = re.compile(r"@(everyone|here)|<@[!&]?\d+>")


@pytest.mark.parametrize("mention", ["@everyone", "@here", "<@123>", "<@!123>", "<@&456>"])
def test_every_mention_form_is_neutralised(mention: str) -> None:
    text = neutralize_mentions(f"hey {mention} look")
    assert not LIVE_MENTION.search(text)
    assert check_text(mention).text == neutralize_mentions(mention)


def test_channel_mentions_stay_clickable() -> None:
    assert neutralize_mentions("see <#789>") == "see <#789>"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("join us at discord.gg/heal", ProblemKind.INVITE_LINK),
        ("https://discord.com/invite/abc123", ProblemKind.INVITE_LINK),
        ("discordapp.com/invite/xyz", ProblemKind.INVITE_LINK),
        ("discord . gg / sneaky", ProblemKind.INVITE_LINK),
        ("text me 07700 900123", ProblemKind.PHONE_NUMBER),
        ("my number +44 7700 900123", ProblemKind.PHONE_NUMBER),
        ("call (555) 123-4567", ProblemKind.PHONE_NUMBER),
        ("ring +49 176 12345678", ProblemKind.PHONE_NUMBER),
        ("whatsapp +33 6 12 34 56 78", ProblemKind.PHONE_NUMBER),
        ("his office +44 20 7946 0958", ProblemKind.PHONE_NUMBER),
        ("+91 98765 43210 is hers", ProblemKind.PHONE_NUMBER),
        ("mail me: sam.r@example.com", ProblemKind.EMAIL_ADDRESS),
        ("sam at gmail dot com", ProblemKind.EMAIL_ADDRESS),
        ("he lives at 123 Main Street", ProblemKind.STREET_ADDRESS),
        ("42 baker st, come by", ProblemKind.STREET_ADDRESS),
    ],
)
def test_invites_and_contact_details_are_flagged_with_a_kind_reason(text: str, kind: ProblemKind) -> None:
    result = check_text(text)
    assert not result.ok
    assert kind in [p.kind for p in result.problems]
    assert all(p.reason.startswith("Your text includes") for p in result.problems)


@pytest.mark.parametrize(
    "text",
    [
        "in the US you can call or text 988",
        "samaritans are on 116 123, any time",
        "the old lifeline was 1-800-273-8255",
        "the helpline is +44 800 1111, free",
        "or +1 800 273 8255 from abroad",
        "we won +12 to nil",
        "we broke up on 12/05/2024 at 09:00",
        "day 30 days no contact, since 2023",
        "2019-2021 were the hardest years",
        "i owe him $1500 and 200 euros",
        "3 days on the road, a 4 hour drive",
        "i'm at home tonight",
    ],
)
def test_crisis_lines_dates_times_and_amounts_are_not_flagged(text: str) -> None:
    assert check_text(text).ok, check_text(text).problems


MENTIONISH = st.sampled_from(
    [
        "@everyone",
        "@here",
        "<@1>",
        "<@!22>",
        "<@&2>",
        "@",
        "<@",
        "<",
        ">",
        "&",
        "!",
        "every",
        "one",
        "here",
        "||",
        "\u200b",
        "\u200d",
        "\ufeff",
        "**",
        "`",
        "\n",
        "1",
        "0",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MENTIONISH, st.text(max_size=8)), max_size=20).map("".join))
def test_no_text_can_smuggle_a_live_mention_or_crash_the_checks(text: str) -> None:
    assert not LIVE_MENTION.search(neutralize_mentions(text))
    result = check_text(text)
    assert not LIVE_MENTION.search(result.text)
    assess(text)
