"""Settings as shared defaults plus per-server overrides: equal sections are one frozen object."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.core.guild_settings import GuildSettings, SettingsInterner, apply_changes

changes = st.fixed_dictionaries(
    {
        "timezone": st.sampled_from(["UTC", "Europe/Berlin", "Asia/Manila", "America/New_York"]),
        "channels.prompts": st.none() | st.integers(min_value=10**17, max_value=2**63 - 1),
        "prompts.time": st.sampled_from(["07:30", "09:00", "21:15"]),
        "prompts.days": st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=7, unique=True),
        "features.wins": st.booleans(),
        "anonymous.approval": st.booleans(),
    }
)


@given(changes)
def test_shared_settings_read_exactly_like_their_own_copy(change: dict[str, object]) -> None:
    interner = SettingsInterner()
    own = apply_changes(GuildSettings(), change)
    shared = interner.from_json(own.model_dump_json())
    assert shared == own
    assert shared.model_dump() == own.model_dump()


def test_servers_with_equal_sections_share_one_object_and_differ_where_they_differ() -> None:
    interner = SettingsInterner()
    a = interner.share(apply_changes(GuildSettings(), {"channels.prompts": 1, "prompts.time": "08:00"}))
    b = interner.share(apply_changes(GuildSettings(), {"channels.prompts": 2, "prompts.time": "08:00"}))
    assert a.prompts is b.prompts and a.features is b.features and a.privacy is b.privacy
    assert a.channels is not b.channels and (a.channels.prompts, b.channels.prompts) == (1, 2)


def test_a_shared_section_cannot_be_changed_in_place() -> None:
    """Changing one server's shared section would change every server's: it is frozen; changes make a copy."""
    interner = SettingsInterner()
    a = interner.share(GuildSettings())
    b = interner.share(GuildSettings())
    with pytest.raises(ValidationError):
        a.prompts.time = "10:00"  # type: ignore[misc]
    changed = apply_changes(a, {"prompts.time": "10:00"})
    assert changed.prompts.time == "10:00" and b.prompts.time == "09:00"
