"""The cards and lines of /talk: the thread's header, relayed messages, who they come from, who is the team."""

from __future__ import annotations

import discord

from bot.core.guild_settings import GuildSettings
from bot.surface.permissions import Tier, resolve_tier
from cogs.talk import messages as words
from cogs.talk.store import Conversation

MEMBER_COLOUR = discord.Colour.teal()


def team_roles(settings: GuildSettings) -> list[int]:
    """The roles pinged for /talk: the talk team, else moderators and peer supporters."""
    if settings.roles.talk_team is not None:
        return [settings.roles.talk_team]
    return [role for role in (settings.roles.moderator, settings.roles.peer_supporter) if role is not None]


def roles_only(role_ids: list[int]) -> discord.AllowedMentions:
    """The one intended ping: exactly these roles, never users or @everyone."""
    return discord.AllowedMentions(
        everyone=False, users=False, replied_user=False, roles=[discord.Object(id=r) for r in role_ids]
    )


def role_mentions(role_ids: list[int]) -> str:
    """'<@&1> <@&2>', or 'the team' when no role is configured."""
    return " ".join(f"<@&{role_id}>" for role_id in role_ids) or "the team"


def is_team(member: discord.Member, settings: GuildSettings) -> bool:
    """Peer supporters, moderators and the talk-team role answer /talk."""
    if resolve_tier(member, settings) >= Tier.PEER_SUPPORTER:
        return True
    return settings.roles.talk_team is not None and any(role.id == settings.roles.talk_team for role in member.roles)


def header_embed(conversation: Conversation, settings: GuildSettings, mention: str | None = None) -> discord.Embed:
    """The card at the top of the team thread."""
    if conversation.named:
        description = words.HEADER_NAMED.format(mention=mention or conversation.label, prefix=settings.talk.prefix)
    else:
        description = words.HEADER_ANON.format(label=conversation.label, prefix=settings.talk.prefix)
    embed = discord.Embed(
        title=words.HEADER_TITLE.format(number=conversation.number, label=conversation.label)[:256],
        description=description,
        colour=MEMBER_COLOUR,
    )
    embed.add_field(name=words.HEADER_TOPIC, value=conversation.topic, inline=True)
    if conversation.status == "closed":
        status = words.STATUS_CLOSED
    elif conversation.claimed_by is None:
        status = words.STATUS_OPEN
    else:
        status = words.STATUS_CLAIMED
    embed.add_field(name=words.HEADER_STATUS, value=status, inline=True)
    with_whom = f"<@{conversation.claimed_by}>" if conversation.claimed_by else words.NOBODY_YET
    embed.add_field(name=words.HEADER_WITH, value=with_whom, inline=True)
    return embed


def member_embed(conversation: Conversation, text: str) -> discord.Embed:
    """The member's words as the team sees them in the thread."""
    embed = discord.Embed(description=text, colour=MEMBER_COLOUR)
    embed.set_footer(text=words.MEMBER_FOOTER.format(label=conversation.label))
    return embed


def sender_label(conversation: Conversation, guild_name: str, claimer_name: str | None) -> str:
    """Who the member sees a team reply from: the team, or the claimer when they chose to be named."""
    if conversation.claimed_named and claimer_name:
        return words.FROM_PERSON.format(name=claimer_name, guild=guild_name)
    return words.FROM_TEAM.format(guild=guild_name)


def team_reply_embed(conversation: Conversation, label: str, text: str) -> discord.Embed:
    """A team reply as the member sees it in their DMs."""
    embed = discord.Embed(description=text, colour=discord.Colour.blurple())
    embed.set_author(name=label[:256])
    embed.set_footer(text=words.DM_FOOTER.format(number=conversation.number))
    return embed
