"""A moderator sets the server up; members are refused; settings survive a restart."""

from __future__ import annotations

import discord
import pytest
import simcord

from tests.conftest import Community


async def test_moderator_sets_a_channel_from_the_setup_panel(bare_community: Community) -> None:
    c = bare_community
    panel = await c.mod.slash(c.channels["general"], "setup")
    assert panel.ephemeral
    message = panel.response.message
    await c.mod.select(message, ["prompts"], custom_id=message.components[0].children[0].custom_id)
    result = await c.mod.select(message, [c.channels["prompts"]], custom_id=message.components[1].children[0].custom_id)
    assert result.ephemeral
    assert "Daily prompts" in result.response.content
    settings = await c.bot.guild_settings.get(c.guild.id)
    assert settings.channels.prompts == c.channels["prompts"].id


async def test_moderator_sets_timezone_and_prompt_time_through_the_modal(bare_community: Community) -> None:
    c = bare_community
    panel = await c.mod.slash(c.channels["general"], "setup")
    shown = await c.mod.click(panel.response.message, label="Time and place")
    assert shown.modal is not None
    result = await c.mod.submit_modal(
        shown, {"timezone": "Europe/Berlin", "prompt_time": "08:30", "days": "weekdays", "country": "de"}
    )
    assert result.ephemeral
    settings = await c.bot.guild_settings.get(c.guild.id)
    assert (settings.timezone, settings.prompts.time, settings.prompts.days, settings.country) == (
        "Europe/Berlin",
        "08:30",
        [0, 1, 2, 3, 4],
        "DE",
    )


async def test_invalid_timezone_in_the_modal_is_refused_and_nothing_is_half_saved(bare_community: Community) -> None:
    c = bare_community
    panel = await c.mod.slash(c.channels["general"], "setup")
    shown = await c.mod.click(panel.response.message, label="Time and place")
    result = await c.mod.submit_modal(
        shown, {"timezone": "Europe/Atlantis", "prompt_time": "07:00", "days": "daily", "country": ""}
    )
    assert result.ephemeral
    assert "not a timezone I know" in result.response.content
    settings = await c.bot.guild_settings.get(c.guild.id)
    assert settings.timezone == "UTC" and settings.prompts.time == "09:00"


async def test_config_timezone_refuses_an_unknown_zone_with_the_reason(bare_community: Community) -> None:
    c = bare_community
    result = await c.mod.slash(c.channels["general"], "config timezone", name="Moon/Base")
    assert result.ephemeral
    assert "'Moon/Base' is not a timezone I know" in result.response.content


async def test_timezone_autocomplete_offers_matching_zones(bare_community: Community) -> None:
    c = bare_community
    choices = await c.mod.autocomplete(c.channels["general"], "config timezone", "name", "berl")
    assert any(choice["value"] == "Europe/Berlin" for choice in choices)


async def test_member_cannot_see_moderator_commands_by_default(bare_community: Community) -> None:
    c = bare_community
    visible = c.alice.available_commands(c.channels["general"])
    assert "setup" not in visible
    assert not any(name.startswith("config") for name in visible)


async def test_member_allowed_by_an_integration_override_is_still_refused_at_run_time(
    bare_community: Community,
) -> None:
    c = bare_community
    commands = await c.bot.tree.fetch_commands()
    setup_command = next(cmd for cmd in commands if cmd.name == "setup")
    c.guild.set_command_permissions(setup_command, {c.roles["member"]: True})
    result = await c.alice.slash(c.channels["general"], "setup")
    assert result.ephemeral
    assert "for moderators" in result.response.content


async def test_configured_moderator_role_without_manage_server_is_let_in(bare_community: Community) -> None:
    c = bare_community
    helpers = c.guild.create_role("Helpers")
    helper = c.guild.add_member(c.env.create_user("hana"), roles=[helpers])
    await c.configure(roles__moderator=helpers.id)
    commands = await c.bot.tree.fetch_commands()
    config = next(cmd for cmd in commands if cmd.name == "config")
    c.guild.set_command_permissions(config, {helpers: True})
    result = await helper.slash(c.channels["general"], "config show")
    assert result.ephemeral
    assert result.response.embeds[0].title.startswith("Hearth settings")


async def test_choosing_a_channel_the_bot_cannot_post_in_names_the_missing_permission(
    bare_community: Community,
) -> None:
    c = bare_community
    bot_member = c.guild.me
    assert bot_member is not None
    locked = c.guild.create_text_channel(
        "locked", overwrites={bot_member: discord.PermissionOverwrite(send_messages=False)}
    )
    result = await c.mod.slash(c.channels["general"], "config channel", slot="wins", channel=locked)
    assert result.ephemeral
    assert "**Send Messages**" in result.response.content
    assert (await c.bot.guild_settings.get(c.guild.id)).channels.wins is None


async def test_every_change_is_audited_and_posted_to_the_mod_log(bare_community: Community) -> None:
    c = bare_community
    await c.mod.slash(c.channels["general"], "config channel", slot="mod_log", channel=c.channels["mod-log"])
    result = await c.mod.slash(c.channels["general"], "config set", setting="prompts.time", value="07:15")
    assert "prompts.time" in result.response.content
    entries = await c.bot.guild_settings.repository.audit(c.guild.id)
    assert [e.setting for e in entries][:2] == ["prompts.time", "channels.mod_log"]
    assert entries[0].actor_id == c.mod.id
    log_message = c.channels["mod-log"].last_message
    assert log_message is not None and "prompts.time" in log_message.embeds[0].description


@pytest.mark.parametrize(
    ("setting", "value", "reason"),
    [
        ("prompts.time", "25:99", "not a time like 09:00"),
        ("anonymous.retention_days", "forever", "whole number"),
        ("privacy.incident_retention_days", "0", "greater than or equal to 1"),
        ("nonsense.key", "1", "not a setting"),
    ],
)
async def test_invalid_config_values_are_refused_with_the_reason(
    bare_community: Community, setting: str, value: str, reason: str
) -> None:
    c = bare_community
    result = await c.mod.slash(c.channels["general"], "config set", setting=setting, value=value)
    assert result.ephemeral
    assert reason in result.response.content
    assert await c.bot.guild_settings.repository.audit(c.guild.id) == []


async def test_settings_survive_a_restart_on_the_same_database(bare_community: Community) -> None:
    c = bare_community
    await c.mod.slash(c.channels["general"], "config timezone", name="America/New_York")
    await c.restart()
    settings = await c.bot.guild_settings.get(c.guild.id)
    assert settings.timezone == "America/New_York"
    result = await c.mod.slash(c.channels["general"], "config show")
    assert "America/New_York" in str(result.response.embeds[0].to_dict())


async def test_someone_else_cannot_use_a_moderators_setup_panel(bare_community: Community) -> None:
    c = bare_community
    other_mod = c.guild.add_member(c.env.create_user("max"), roles=[c.roles["moderator"]])
    panel = await c.mod.slash(c.channels["general"], "setup")
    with pytest.raises(simcord.SetupError):
        # An ephemeral panel is invisible to everyone else, as on Discord.
        await other_mod.click(panel.response.message, label="Parts")
