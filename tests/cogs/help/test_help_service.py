"""/help's sections always fit Discord's embed limits, whatever the tree holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cogs.help.service import DESCRIPTION_LIMIT, MESSAGE_LIMIT, HelpEntry, build_sections, fit

names = st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=32)
entries = st.lists(
    st.builds(
        HelpEntry,
        root=names,
        sub=st.one_of(st.none(), names),
        description=st.text(min_size=1, max_size=100),
        tier=st.integers(0, 3),
        works_in_dms=st.booleans(),
    ),
    max_size=200,
)


@given(entries, st.integers(0, 3), st.booleans())
def test_sections_fit_an_embed_and_a_message(items: list[HelpEntry], tier: int, in_dm: bool) -> None:
    sections = fit(build_sections(items, tier, in_dm=in_dm, group_descriptions={}))
    assert all(len("\n".join(section.lines)) <= DESCRIPTION_LIMIT for section in sections)
    assert sum(len(section.title) + len("\n".join(section.lines)) for section in sections) <= MESSAGE_LIMIT


def test_a_member_never_sees_a_higher_tier_and_a_dm_only_dm_commands() -> None:
    items = [
        HelpEntry("win", None, "share a win", 0, works_in_dms=False),
        HelpEntry("privacy", None, "what is kept", 0, works_in_dms=True),
        HelpEntry("mod", "warn", "warn", 2, works_in_dms=False),
    ]
    member = build_sections(items, 0, in_dm=False, group_descriptions={})
    assert [s.title for s in member] == ["For everyone"]
    assert member[0].lines == ("`/privacy` — what is kept", "`/win` — share a win")
    in_dm = build_sections(items, 2, in_dm=True, group_descriptions={})
    assert [line for s in in_dm for line in s.lines] == ["`/privacy` — what is kept"]
    moderator = build_sections(items, 2, in_dm=False, group_descriptions={"mod": "moderation"})
    assert moderator[-1].lines == ("`/mod` `warn` — moderation",)
