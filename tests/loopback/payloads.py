"""Discord-shaped JSON payloads for the loopback emulator (only the fields discord.py 2.7.1 reads)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord

DISCORD_EPOCH_MS = 1_420_070_400_000
BOT_ID = 900_000_000_000_000_001
APP_ID = BOT_ID
OWNER_ID = 900_000_000_000_000_002
MEMBER_ID = 900_000_000_000_000_003

# What the bot may do in every emulated channel (what Hearth asks for when it is invited).
BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    read_message_history=True,
    create_public_threads=True,
    send_messages_in_threads=True,
    manage_messages=True,
    manage_threads=True,
    add_reactions=True,
    attach_files=True,
)
# A moderator's permissions in interactions (Manage Server makes /config usable).
MODERATOR_PERMISSIONS = discord.Permissions(manage_guild=True, moderate_members=True, manage_messages=True)

_counter = itertools.count(1)


def snowflake(timestamp_ms: int | None = None) -> int:
    """A fresh, unique snowflake (timestamp part = now unless given)."""
    if timestamp_ms is None:
        timestamp_ms = int(datetime.now(UTC).timestamp() * 1000)
    return ((timestamp_ms - DISCORD_EPOCH_MS) << 22) | (next(_counter) & 0x3FFFFF)


def now_iso() -> str:
    """Discord's timestamp format."""
    return datetime.now(UTC).isoformat()


@dataclass
class ChannelSpec:
    """One text channel of an emulated server."""

    id: int
    name: str


@dataclass
class GuildSpec:
    """One emulated server: its id decides its shard ((id >> 22) % shard_count)."""

    id: int
    name: str
    channels: list[ChannelSpec] = field(default_factory=list)

    def shard_id(self, shard_count: int) -> int:
        """The shard Discord routes this server to."""
        return (self.id >> 22) % shard_count


def make_guilds(count: int, channels_per_guild: int = 5) -> list[GuildSpec]:
    """`count` servers with consecutive timestamp parts, so they spread evenly over shards."""
    base = (1_700_000_000_000 - DISCORD_EPOCH_MS) << 22
    guilds = []
    for i in range(count):
        gid = base + (i << 22) + 1
        channels = [ChannelSpec(gid + 1 + c, f"channel-{c}") for c in range(channels_per_guild)]
        if channels:
            channels[0].name = "prompts"
        guilds.append(GuildSpec(gid, f"Server {i}", channels))
    return guilds


def moderator_role_id(guild_id: int) -> int:
    """The id of each emulated server's moderator role (the member running commands has it)."""
    return guild_id + 0x200000


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A user object."""
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": None, "avatar": None, "bot": bot}


BOT_USER = user_payload(BOT_ID, "Hearth", bot=True)


def application_payload() -> dict[str, Any]:
    """GET /oauth2/applications/@me."""
    return {
        "id": str(APP_ID),
        "name": "Hearth",
        "description": "",
        "icon": None,
        "bot_public": False,
        "bot_require_code_grant": False,
        "owner": user_payload(OWNER_ID, "owner"),
        "team": None,
        "verify_key": "0" * 64,
        "flags": 0,
        "summary": "",
    }


def channel_payload(guild_id: int, channel: ChannelSpec, position: int) -> dict[str, Any]:
    """A guild text channel."""
    return {
        "id": str(channel.id),
        "type": 0,
        "guild_id": str(guild_id),
        "name": channel.name,
        "position": position,
        "permission_overwrites": [],
        "nsfw": False,
        "parent_id": None,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
    }


def guild_payload(guild: GuildSpec) -> dict[str, Any]:
    """GUILD_CREATE data: the bot is the only cached member, so no chunking is needed."""
    everyone = {
        "id": str(guild.id),
        "name": "@everyone",
        "permissions": str(BOT_PERMISSIONS.value),
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
    }
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "owner_id": str(OWNER_ID),
        "roles": [
            everyone,
            {
                **everyone,
                "id": str(moderator_role_id(guild.id)),
                "name": "Moderators",
                "permissions": str(MODERATOR_PERMISSIONS.value),
                "position": 1,
            },
        ],
        "emojis": [],
        "stickers": [],
        "features": [],
        "member_count": 1,
        "large": False,
        "unavailable": False,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "system_channel_id": None,
        "afk_channel_id": None,
        "afk_timeout": 300,
        "nsfw_level": 0,
        "channels": [channel_payload(guild.id, c, i) for i, c in enumerate(guild.channels)],
        "threads": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "joined_at": now_iso(),
        "members": [{"user": BOT_USER, "roles": [], "joined_at": now_iso(), "deaf": False, "mute": False, "flags": 0}],
    }


def ready_payload(session_id: str, resume_url: str, guilds: list[GuildSpec], shard: list[int]) -> dict[str, Any]:
    """READY data: every server unavailable until its GUILD_CREATE."""
    return {
        "v": 10,
        "user": BOT_USER,
        "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
        "session_id": session_id,
        "resume_gateway_url": resume_url,
        "shard": shard,
        "application": {"id": str(APP_ID), "flags": 0},
        "private_channels": [],
        "relationships": [],
    }


def message_payload(
    channel_id: int,
    guild_id: int | None,
    body: dict[str, Any],
    *,
    author: dict[str, Any] = BOT_USER,
    message_id: int | None = None,
) -> dict[str, Any]:
    """A message object built from a create/edit body."""
    data: dict[str, Any] = {
        "id": str(message_id or snowflake()),
        "channel_id": str(channel_id),
        "author": author,
        "content": body.get("content") or "",
        "timestamp": now_iso(),
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": body.get("flags") or 0,
    }
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def thread_payload(guild_id: int, parent_id: int, thread_id: int, name: str) -> dict[str, Any]:
    """A public thread channel."""
    return {
        "id": str(thread_id),
        "type": 11,
        "guild_id": str(guild_id),
        "parent_id": str(parent_id),
        "name": name,
        "owner_id": str(BOT_ID),
        "message_count": 0,
        "member_count": 1,
        "rate_limit_per_user": 0,
        "last_message_id": None,
        "thread_metadata": {
            "archived": False,
            "auto_archive_duration": 1440,
            "archive_timestamp": now_iso(),
            "locked": False,
        },
    }


def member_payload(user_id: int, name: str, roles: tuple[int, ...] = ()) -> dict[str, Any]:
    """A guild member as sent with messages and interactions."""
    return {
        "user": user_payload(user_id, name),
        "roles": [str(r) for r in roles],
        "joined_at": now_iso(),
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(MODERATOR_PERMISSIONS.value),
    }


def _interaction(
    guild: GuildSpec,
    channel: ChannelSpec,
    interaction_id: int,
    token: str,
    kind: int,
    data: dict[str, Any],
    user_id: int,
) -> dict[str, Any]:
    name = "morgan" if user_id == MEMBER_ID else f"member-{user_id % 100_000}"
    return {
        "id": str(interaction_id),
        "application_id": str(APP_ID),
        "type": kind,
        "token": token,
        "version": 1,
        "guild_id": str(guild.id),
        "channel_id": str(channel.id),
        "channel": channel_payload(guild.id, channel, 0),
        "member": member_payload(user_id, name, (moderator_role_id(guild.id),)),
        "app_permissions": str(BOT_PERMISSIONS.value),
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": 10_485_760,
        "authorizing_integration_owners": {"0": str(guild.id)},
        "context": 0,
        "data": data,
    }


def slash_payload(
    guild: GuildSpec,
    channel: ChannelSpec,
    interaction_id: int,
    token: str,
    name: str,
    options: list[dict[str, Any]],
    *,
    user_id: int = MEMBER_ID,
) -> dict[str, Any]:
    """INTERACTION_CREATE data for a chat-input command (name 'group sub' for subcommands)."""
    parts = name.split()
    command_options = options
    for sub in reversed(parts[1:]):
        command_options = [{"type": 1, "name": sub, "options": command_options}]
    return _interaction(
        guild,
        channel,
        interaction_id,
        token,
        2,
        {"id": str(snowflake()), "name": parts[0], "type": 1, "options": command_options},
        user_id,
    )


def modal_submit_payload(
    guild: GuildSpec,
    channel: ChannelSpec,
    interaction_id: int,
    token: str,
    custom_id: str,
    values: dict[str, str],
    *,
    user_id: int = MEMBER_ID,
) -> dict[str, Any]:
    """INTERACTION_CREATE data for a modal submission: one action row per text input."""
    rows = [{"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]} for key, value in values.items()]
    return _interaction(guild, channel, interaction_id, token, 5, {"custom_id": custom_id, "components": rows}, user_id)
