"""A setting that would silently stop a feature is refused when it is set, whatever the route."""

from __future__ import annotations

import pytest

from bot.core.guild_settings_service import SettingsChangeError
from tests.conftest import Community


async def test_an_unknown_prompt_theme_is_refused_with_the_real_names(community: Community) -> None:
    c = community
    result = await c.mod.slash(c.channels["general"], "config set", setting="prompts.themes", value="grieff")
    assert result.ephemeral and "there is no theme called grieff" in result.response.content
    assert "grief" in result.response.content
    assert (await c.bot.guild_settings.get(c.guild.id)).prompts.themes == []


async def test_known_themes_are_accepted(community: Community) -> None:
    c = community
    await c.mod.slash(c.channels["general"], "config set", setting="prompts.themes", value="grief, hope")
    assert (await c.bot.guild_settings.get(c.guild.id)).prompts.themes == ["grief", "hope"]


async def test_limits_that_would_leave_no_prompt_are_refused(community: Community) -> None:
    c = community
    for prompt in await c.bot.get_cog("PromptsCog").service.enabled(  # type: ignore[union-attr]
        c.guild.id, (await c.bot.guild_settings.get(c.guild.id)).prompts.model_copy(update={"themes": ["small_wins"]})
    ):
        if prompt.intensity.value == "deeper":
            await c.mod.slash(c.channels["general"], "prompts-admin remove", prompt_id=prompt.id)
    await c.mod.slash(c.channels["general"], "config set", setting="prompts.themes", value="small_wins")
    result = await c.mod.slash(c.channels["general"], "config set", setting="prompts.intensity", value="deeper")
    assert "no prompt is left to draw" in result.response.content
    assert (await c.bot.guild_settings.get(c.guild.id)).prompts.intensity == "any"


@pytest.mark.parametrize("path", ["channels.wins", "channels.mod_log", "roles.moderator", "roles.member"])
async def test_a_channel_or_role_that_does_not_exist_is_refused_on_every_route(community: Community, path: str) -> None:
    c = community
    before = (await c.bot.guild_settings.get(c.guild.id)).get_path(path)
    with pytest.raises(SettingsChangeError, match="there is no"):
        await c.bot.guild_settings.update(c.guild.id, c.mod.id, {path: 123456789012345678})
    assert (await c.bot.guild_settings.get(c.guild.id)).get_path(path) == before
