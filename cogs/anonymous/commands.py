"""Anonymous sharing: /share (also in DMs), anonymous replies, author deletion, and /anon for moderators."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import i18n
from bot.core.guild_settings import GuildSettings
from bot.surface.errors import UserFacingError
from bot.surface.options import BLOCK_LENGTH
from bot.surface.permissions import Tier, require_tier
from bot.surface.replies import reply_private
from cogs.anonymous import messages as words
from cogs.anonymous.api import AnonymousModeration
from cogs.anonymous.queue import QueueButton
from cogs.anonymous.sealing import unseal
from cogs.anonymous.service import AnonymousService, when_text
from cogs.anonymous.store import AnonymousPost, AnonymousRepository
from cogs.anonymous.views import DeleteMyPostButton, ServerPicker, ShareModal, delete_own_post

if TYPE_CHECKING:
    from bot.app import HearthBot


async def _eligible_guilds(bot: HearthBot, user_id: int) -> list[discord.Guild]:
    """Servers where the person is a member and anonymous sharing is on and has a channel."""
    found = []
    for guild in bot.guilds:
        if guild.get_member(user_id) is None:
            continue
        settings = await bot.guild_settings.get(guild.id)
        if settings.features.anonymous and settings.channels.anonymous is not None:
            found.append(guild)
    return sorted(found, key=lambda guild: guild.name.lower())


def post_choices(found: list[AnonymousPost], typed: str) -> list[app_commands.Choice[int]]:
    """Autocomplete choices for post numbers: '#12 · 2 Mar 14:05' (or '#13 · reply to #12 · …'), by typed digits."""
    digits = "".join(ch for ch in typed if ch.isdigit())
    choices = []
    for post in found:
        if digits and not str(post.number).startswith(digits):
            continue
        when = i18n.format_moment(post.created_at, "dd MMM HH:mm") + " UTC"
        label = (
            words.POST_CHOICE.format(number=post.number, when=when)
            if post.parent_number is None
            else words.REPLY_CHOICE.format(number=post.number, parent=post.parent_number, when=when)
        )
        choices.append(app_commands.Choice(name=label[:100], value=post.number))
    return choices[:25]


class AnonymousCog(commands.Cog):
    """Anonymous posts and replies that no one can trace, and moderation by post."""

    anon = app_commands.Group(
        name="anon",
        description="Moderate anonymous sharing without learning who wrote what",
        guild_only=True,
        default_permissions=discord.Permissions(manage_messages=True),
    )

    def __init__(self, bot: HearthBot) -> None:
        self.bot = bot
        self.repository = AnonymousRepository(bot.db, bot.anonymity.author_key, lambda token: unseal(bot.secret, token))
        self.service = AnonymousService(self.repository, bot.anonymity, bot.guild_settings, bot.clock, bot.secret)
        self.moderation = AnonymousModeration(bot, self.service)
        self.reply_menu = app_commands.ContextMenu(name="Reply anonymously", callback=self.reply_from_menu)
        self.reply_menu.guild_only = True

    async def cog_load(self) -> None:
        """Register the store, the moderation interface, the persistent buttons and the expiry job."""
        self.bot.member_data.register(self.repository)
        self.bot.member_data.register(self.service.limiter)
        self.bot.anonymous_moderation = self.moderation
        self.bot.add_dynamic_items(DeleteMyPostButton, QueueButton)
        self.bot.tree.add_command(self.reply_menu)
        self.bot.guild_settings.on_change(self._settings_changed)
        self.bot.retention_tasks.append(self._expire_links)

    async def _settings_changed(self, guild_id: int, settings: GuildSettings) -> None:
        """A shorter retention takes effect at once: cut the links it now expires (the daily pass does the rest)."""
        await self.service.expire_links(guild_id)

    async def _expire_links(self, now: datetime) -> int:
        """Retention task (run by the daily privacy pass): cut author links past each server's period."""
        return await self.service.expire_links()

    async def cog_unload(self) -> None:
        """Undo cog_load."""
        self.bot.tree.remove_command(self.reply_menu.name, type=self.reply_menu.type)
        self.bot.remove_dynamic_items(DeleteMyPostButton, QueueButton)
        self.bot.guild_settings.off_change(self._settings_changed)
        if self._expire_links in self.bot.retention_tasks:
            self.bot.retention_tasks.remove(self._expire_links)
        if self.bot.anonymous_moderation is self.moderation:
            self.bot.anonymous_moderation = None

    # --------------------------------------------------------------- members

    @app_commands.command(name="share", description="Share something anonymously (works in DMs too)")
    async def share(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Open the share modal; in DMs, first ask which server."""
        if interaction.guild is not None:
            await interaction.response.send_modal(ShareModal(interaction.guild.id))
            return
        guilds = await _eligible_guilds(self.bot, interaction.user.id)
        some_only = not self.bot.shard_scope.whole  # this process runs only its shards' servers
        if not guilds:
            raise UserFacingError(words.NO_SERVERS_REACHABLE if some_only else words.NO_SERVERS)
        if len(guilds) == 1 and not some_only:
            await interaction.response.send_modal(ShareModal(guilds[0].id))
            return
        question = words.PICK_SERVER_REACHABLE if some_only else words.PICK_SERVER
        await reply_private(interaction, question, view=ServerPicker(interaction.user.id, guilds))

    @app_commands.command(name="share-reply", description="Reply anonymously to an anonymous post")
    @app_commands.describe(post="The post number, e.g. 12 (the newest posts are offered as you type)")
    @app_commands.guild_only()
    async def share_reply(self, interaction: discord.Interaction[HearthBot], post: app_commands.Range[int, 1]) -> None:
        """Open the reply modal for a post number."""
        assert interaction.guild is not None
        await self._open_reply(interaction, interaction.guild.id, post)

    @app_commands.command(name="share-delete", description="Delete one of your own anonymous posts")
    @app_commands.describe(post="Your post's number (your posts still linked to you are offered as you type)")
    @app_commands.guild_only()
    async def share_delete(self, interaction: discord.Interaction[HearthBot], post: app_commands.Range[int, 1]) -> None:
        """Delete the member's own post (matched by author key)."""
        assert interaction.guild is not None
        await delete_own_post(interaction, interaction.guild.id, post)

    @share_reply.autocomplete("post")
    async def _reply_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[int]]:
        if interaction.guild is None:
            return []
        return post_choices(await self.service.recent_posts(interaction.guild.id), current)

    @share_delete.autocomplete("post")
    async def _delete_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[int]]:
        """Only the presser's own posts whose author link is still alive (nobody else's number is offered)."""
        if interaction.guild is None:
            return []
        guild_id = interaction.guild.id
        return post_choices(await self.service.own_recent_posts(guild_id, interaction.user.id), current)

    async def reply_from_menu(self, interaction: discord.Interaction[HearthBot], message: discord.Message) -> None:
        """'Reply anonymously' on a post, a reply, or a message in a post's thread."""
        assert interaction.guild is not None
        post = await self.service.post_for_context(interaction.guild.id, message.id, message.channel.id)
        await self._open_reply(interaction, interaction.guild.id, post.number)

    async def _open_reply(self, interaction: discord.Interaction[Any], guild_id: int, number: int) -> None:
        parent = await self.service.reply_target(guild_id, number)
        await interaction.response.send_modal(ShareModal(guild_id, parent))

    # ------------------------------------------------------------ moderators

    @anon.command(name="remove", description="Delete an anonymous post (its author stays unknown)")
    @app_commands.describe(post="The post number", reason="Optional, recorded in the mod log")
    @require_tier(Tier.MODERATOR)
    async def anon_remove(
        self, interaction: discord.Interaction[HearthBot], post: app_commands.Range[int, 1], reason: str | None = None
    ) -> None:
        """Remove a post."""
        assert interaction.guild is not None
        removed = await self.moderation.remove_post(interaction.guild.id, post, interaction.user.id, reason)
        if not removed:
            raise UserFacingError(words.NO_SUCH_POST.format(number=post))
        await reply_private(interaction, words.REMOVED.format(number=post))

    @anon.command(name="block", description="Pause anonymous posting for whoever wrote a post")
    @app_commands.describe(
        post="The post number",
        duration="e.g. 12h, 3d, 2w; empty: until lifted",
        reason="Optional, recorded in the mod log",
    )
    @require_tier(Tier.MODERATOR)
    async def anon_block(
        self,
        interaction: discord.Interaction[HearthBot],
        post: app_commands.Range[int, 1],
        duration: app_commands.Transform[timedelta | None, BLOCK_LENGTH] | None = None,
        reason: str | None = None,
    ) -> None:
        """Block by post, never by person."""
        assert interaction.guild is not None
        sentence = await self.moderation.block_author(interaction.guild.id, post, interaction.user.id, duration, reason)
        await reply_private(interaction, sentence)

    @anon.command(name="blocks", description="List anonymous blocks in force")
    @require_tier(Tier.MODERATOR)
    async def anon_blocks(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Blocks by block id and post number."""
        assert interaction.guild is not None
        blocks = await self.service.blocks(interaction.guild.id)
        if not blocks:
            await reply_private(interaction, words.NO_BLOCKS)
            return
        lines = [
            words.BLOCK_LINE.format(
                block=b.id, number=b.post_number, until=when_text(b.until), reason=f" — {b.reason}" if b.reason else ""
            )
            for b in blocks[:40]
        ]
        embed = discord.Embed(title=words.BLOCKS_TITLE, description="\n".join(lines)[:4000])
        await reply_private(interaction, embed=embed)

    @anon.command(name="unblock", description="Lift an anonymous block")
    @app_commands.describe(block="The block id from /anon blocks")
    @require_tier(Tier.MODERATOR)
    async def anon_unblock(
        self, interaction: discord.Interaction[HearthBot], block: app_commands.Range[int, 1]
    ) -> None:
        """Lift a block."""
        assert interaction.guild is not None
        await self.moderation.unblock(interaction.guild.id, block, interaction.user.id)
        await reply_private(interaction, words.UNBLOCKED.format(block=block))

    @anon.command(name="rotate", description="Give everyone new pseudonyms")
    @require_tier(Tier.MODERATOR)
    async def anon_rotate(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Rotate the server's pseudonym salt."""
        assert interaction.guild is not None
        await self.moderation.rotate(interaction.guild.id, interaction.user.mention)
        await reply_private(interaction, words.ROTATED)


async def setup(bot: HearthBot) -> None:
    """Load the anonymous-sharing cog."""
    await bot.add_cog(AnonymousCog(bot))
