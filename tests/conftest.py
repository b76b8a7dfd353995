"""Shared fixtures: the real Hearth bot on a temp database, driven through SimCord."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord

from bot.app import HearthBot
from bot.settings import Settings
from tests.engines import drop_postgres_database, fresh_postgres_database
from tests.engines import own_postgres as own_postgres  # a fixture: a PostgreSQL cluster a test may restart

TEST_SECRET = "test-secret-do-not-use-in-production"

# The two-engine fixtures (database_target, migrated_db) for every store test.
pytest_plugins = ["tests.engines"]


def make_settings(database: Path | str, **overrides: Any) -> Settings:
    """Settings for a test bot: temp database (a SQLite path, or a PostgreSQL URL), fixed secret, one shard, no .env."""
    values: dict[str, Any] = {
        "HEARTH_DATABASE": database if isinstance(database, Path) else Path("data/unused.db"),
        "HEARTH_DATABASE_URL": database if isinstance(database, str) else None,
        "HEARTH_SECRET": TEST_SECRET,
        "HEARTH_SHARD_COUNT": 1,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


_OPEN_BOTS: list[HearthBot] = []


def make_bot(database: Path | str, **overrides: Any) -> HearthBot:
    """A fresh Hearth bot on `database` (call again with the same path to simulate a restart).

    No shard fence: SimCord runs one bot per database and counts the fence's wait as unsettled work; the
    fence is tested by tests/core/test_shards.py and the multi-process loopback tests."""
    bot = HearthBot(make_settings(database, **overrides), fence_shards=False)
    _OPEN_BOTS.append(bot)
    return bot


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On the PostgreSQL pass (HEARTH_TEST_ENGINE=postgresql), keep only the tests whose bot or store sits on
    `db_path`, the one fixture that pass changes: every other test would run exactly as it did on the first
    pass (store tests on `database_target` already run on both engines there)."""
    if os.environ.get("HEARTH_TEST_ENGINE", "sqlite") != "postgresql":
        return
    keep = [item for item in items if "db_path" in getattr(item, "fixturenames", ())]
    if len(keep) < len(items):
        kept = {id(item) for item in keep}
        config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
        items[:] = keep


@pytest.fixture
async def db_path(tmp_path: Path) -> AsyncIterator[Path | str]:
    """Where this test's database lives: a SQLite file, or with HEARTH_TEST_ENGINE=postgresql a fresh
    PostgreSQL database (so the whole behaviour suite can run on either engine)."""
    if os.environ.get("HEARTH_TEST_ENGINE", "sqlite") != "postgresql":
        yield tmp_path / "hearth.db"
        return
    url = await fresh_postgres_database()
    yield url
    await drop_postgres_database(url)


@pytest.fixture
async def simcord_bot(db_path: Path | str) -> AsyncIterator[HearthBot]:
    """The bot SimCord runs for `simcord_env`; afterwards every bot the test made closes its database.

    SimCord's teardown cancels the bot's tasks but does not close the bot. A task cancelled mid-query leaves
    aiosqlite's worker thread answering a loop that pytest then closes ("Event loop is closed"). Closing each
    database here, after SimCord's teardown and while the loop still runs, lets every query finish first.
    """
    yield make_bot(db_path)
    while _OPEN_BOTS:
        await _OPEN_BOTS.pop().db.close()


@dataclass
class Community:
    """A small support server: channels, roles, a moderator, a peer supporter and two members."""

    env: simcord.Env
    db_path: Path | str
    guild: simcord.GuildHandle
    channels: dict[str, simcord.ChannelHandle]
    roles: dict[str, simcord.RoleHandle]
    mod: simcord.MemberActor
    supporter: simcord.MemberActor
    alice: simcord.MemberActor
    bob: simcord.MemberActor
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def bot(self) -> HearthBot:
        """The bot currently attached (changes after a restart)."""
        bot = self.env.bot
        assert isinstance(bot, HearthBot)
        return bot

    async def configure(self, **changes: Any) -> None:
        """Change settings directly (as if a moderator had), dotted keys with '__' for '.'."""
        await self.bot.guild_settings.update(
            self.guild.id, self.mod.id, {key.replace("__", "."): value for key, value in changes.items()}
        )

    async def restart(self) -> None:
        """Stop the bot and start a new one on the same database file."""
        await self.env.restart_bot(make_bot(self.db_path))
        await self.bot.tree.sync()


async def open_to_members(community: Community, top_level: str) -> None:
    """Allow the member role on a hidden command, as a server can in Server Settings → Integrations."""
    commands = await community.bot.tree.fetch_commands()
    command = next(cmd for cmd in commands if cmd.name == top_level)
    community.guild.set_command_permissions(command, {community.roles["member"]: True})


def build_community(env: simcord.Env, db_path: Path | str, name: str = "Hearth Test") -> Community:
    """Create the standard test server in `env`."""
    guild = env.create_guild(name)
    channel_names = ["general", "prompts", "anonymous", "wins", "resources", "mod-alerts", "mod-log", "welcome"]
    channels = {channel: guild.create_text_channel(channel) for channel in channel_names}
    roles = {
        "moderator": guild.create_role(
            "Moderators",
            permissions=discord.Permissions(manage_guild=True, moderate_members=True, manage_messages=True),
        ),
        "peer_supporter": guild.create_role("Peer supporters"),
        "member": guild.create_role("Members"),
    }
    mod = guild.add_member(env.create_user("morgan"), roles=[roles["moderator"]])
    supporter = guild.add_member(env.create_user("sam"), roles=[roles["peer_supporter"]])
    alice = guild.add_member(env.create_user("alice"), roles=[roles["member"]])
    bob = guild.add_member(env.create_user("bob"), roles=[roles["member"]])
    return Community(env, db_path, guild, channels, roles, mod, supporter, alice, bob)


async def configure_all_channels(community: Community) -> None:
    """Point every part at its channel and set the roles."""
    ch = community.channels
    r = community.roles
    await community.bot.guild_settings.update(
        community.guild.id,
        community.mod.id,
        {
            "channels.prompts": ch["prompts"].id,
            "channels.anonymous": ch["anonymous"].id,
            "channels.wins": ch["wins"].id,
            "channels.resources": ch["resources"].id,
            "channels.mod_alerts": ch["mod-alerts"].id,
            "channels.mod_log": ch["mod-log"].id,
            "channels.welcome": ch["welcome"].id,
            "roles.moderator": r["moderator"].id,
            "roles.peer_supporter": r["peer_supporter"].id,
            "roles.member": r["member"].id,
        },
    )


@pytest.fixture
async def community(simcord_env: simcord.Env, db_path: Path | str) -> AsyncIterator[Community]:
    """A configured community with the bot's commands synced."""
    bot = simcord_env.bot
    assert isinstance(bot, HearthBot)
    # Fixture code runs outside the test's clock scope: select SimCord's virtual clock explicitly,
    # or jobs scheduled while configuring would be computed from the real date.
    with simcord_env.time_context():
        await bot.tree.sync()
        built = build_community(simcord_env, db_path)
        await simcord_env.settle()
        await configure_all_channels(built)
    yield built


@pytest.fixture
async def bare_community(simcord_env: simcord.Env, db_path: Path | str) -> AsyncIterator[Community]:
    """A community where nothing has been configured yet."""
    bot = simcord_env.bot
    assert isinstance(bot, HearthBot)
    with simcord_env.time_context():  # see `community`
        await bot.tree.sync()
        built = build_community(simcord_env, db_path)
        await simcord_env.settle()
    yield built


async def advance_in_steps(env: simcord.Env, seconds: float, step: float = 6 * 3600) -> None:
    """Move virtual time a long way (weeks) in steps: SimCord gives each `advance_time` call 5 wall-clock
    seconds to settle, and a month of daily jobs in one call can take longer than that on a loaded machine
    (PostgreSQL in CI failed at day 36 of 40) though nothing is stuck."""
    while seconds > 0:
        now = min(seconds, step)
        await env.advance_time(now)
        seconds -= now


@pytest.fixture(autouse=True)
def _accept_kind_refusals(request: pytest.FixtureRequest) -> Iterator[None]:
    """Refusals the bot answers kindly (UserFacingError, permission checks) are not test failures.

    SimCord re-raises every error the bot's error handler saw; this accepts only the expected
    kinds, so a real bug still fails the test at teardown.
    """
    if "simcord_env" not in request.fixturenames:
        yield
        return
    env: simcord.Env = request.getfixturevalue("simcord_env")
    yield
    from bot.surface.errors import is_expected

    unexpected = [error for error in env.errors if not is_expected(error)]
    if unexpected:
        raise BaseExceptionGroup("the bot raised unexpected errors", unexpected)
