"""/resources for everyone, and the moderators' /resource commands."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.numbers import parse_id
from bot.core.text import echo
from bot.surface import messages as common
from bot.surface.errors import UserFacingError
from bot.surface.permissions import Tier, ensure_tier, require_tier
from bot.surface.replies import reply_private, returned_text_block
from cogs.resources import messages as words
from cogs.resources.library import LibraryEntry, ResourceLibrary
from cogs.resources.pins import DISCORD_PIN_LIMIT, Pinboard, pinned_count
from cogs.resources.views import ResourceModal, ResultsView, display_id

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)


class LibraryCog(commands.Cog):
    """Searching the library, and the moderators' curation and pins."""

    resource = app_commands.Group(
        name="resource",
        description="Add, edit and pin this server's resources (moderators)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_messages=True),
    )

    def __init__(self, bot: HearthBot, library: ResourceLibrary, pinboard: Pinboard) -> None:
        self.bot = bot
        self.library = library
        self.pinboard = pinboard

    async def _feature_on(self, guild: discord.Guild | None) -> None:
        if guild is not None and not (await self.bot.guild_settings.get(guild.id)).features.resources:
            raise UserFacingError(common.FEATURE_OFF.format(feature=words.FEATURE_NAME))

    # --- /resources --------------------------------------------------------------------------
    @app_commands.command(name="resources", description="Search the resource library (only you see the results)")
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.describe(topic="Only this topic", query="Words to look for (a title, a subject…)")
    async def resources(
        self, interaction: discord.Interaction[HearthBot], topic: str | None = None, query: str | None = None
    ) -> None:
        """Private, paginated search over the built-in library and this server's entries."""
        await self._feature_on(interaction.guild)
        guild_id = interaction.guild.id if interaction.guild is not None else None
        outcome = await self.library.search(guild_id, query, topic)
        if not outcome.entries:
            labels = "\n".join(f"• `{t}` — {self.bot.content.resources.topic_label(t)}" for t in outcome.suggestions)
            await reply_private(interaction, words.NO_MATCH.format(topics=labels))
            return
        view = ResultsView(interaction.user.id, self.bot.content.resources, outcome.entries, topic)
        await reply_private(interaction, embed=view.embed(), view=view)

    @resources.autocomplete("topic")
    async def _topic_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        typed = current.casefold()
        return [
            app_commands.Choice(name=topic.label, value=topic.id)
            for topic in self.bot.content.resources.topics
            if typed in topic.label.casefold() or typed in topic.id
        ][:25]

    @resources.autocomplete("query")
    async def _query_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        guild_id = interaction.guild.id if interaction.guild is not None else None
        return [
            app_commands.Choice(name=entry.title[:100], value=entry.title[:100])
            for entry in await self.library.titles(guild_id, current)
        ]

    # --- moderators: add / edit / remove ------------------------------------------------------
    async def _reply_with_text_back(
        self, interaction: discord.Interaction[Any], error: UserFacingError, values: dict[str, str]
    ) -> None:
        typed = "\n".join(f"{key}: {value}" for key, value in values.items())
        await reply_private(interaction, f"{error.message}\n{common.TEXT_RETURNED}\n{returned_text_block(typed)}")

    @resource.command(name="add", description="Add a resource to this server's library")
    @require_tier(Tier.MODERATOR)
    async def resource_add(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Open the add modal."""
        await self._feature_on(interaction.guild)

        async def submitted(modal_interaction: discord.Interaction[Any], values: dict[str, str]) -> None:
            await ensure_tier(modal_interaction, Tier.MODERATOR)
            assert modal_interaction.guild is not None
            try:
                draft = await self.library.check_draft(
                    modal_interaction.guild.id,
                    title=values["title"],
                    url=values["url"],
                    description=values["description"],
                    topics=values["topics"],
                )
            except UserFacingError as error:
                await self._reply_with_text_back(modal_interaction, error, values)
                return
            added = await self.library.add(
                modal_interaction.guild.id, draft, modal_interaction.user.id, self.bot.clock()
            )
            log.info("resource %s added in guild %s", added.id, added.guild_id)
            await reply_private(modal_interaction, words.ADDED.format(id=added.id, title=added.title))

        await interaction.response.send_modal(ResourceModal(words.MODAL_ADD_TITLE, submitted))

    async def _server_ref_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild is None:
            return []
        entries = [e for e in await self.library.titles(interaction.guild.id, current) if e.is_server_entry]
        if parse_id(current) is not None:
            found = await self.library.entry(interaction.guild.id, current)
            entries = [found] if found is not None else entries
        return [app_commands.Choice(name=f"#{e.ref} {e.title}"[:100], value=e.ref) for e in entries][:25]

    async def _any_ref_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        guild_id = interaction.guild.id if interaction.guild is not None else None
        return [
            app_commands.Choice(name=f"{display_id(e)} {e.title}"[:100], value=e.ref)
            for e in await self.library.titles(guild_id, current)
        ][:25]

    @resource.command(name="edit", description="Edit one of this server's resources")
    @app_commands.describe(resource="The resource (its number, or start typing its title)")
    @require_tier(Tier.MODERATOR)
    async def resource_edit(self, interaction: discord.Interaction[HearthBot], resource: str) -> None:
        """Open the edit modal, filled in."""
        assert interaction.guild is not None
        current = await self.library.server_resource(interaction.guild.id, resource)

        async def submitted(modal_interaction: discord.Interaction[Any], values: dict[str, str]) -> None:
            await ensure_tier(modal_interaction, Tier.MODERATOR)
            assert modal_interaction.guild is not None
            guild_id = modal_interaction.guild.id
            await self.library.server_resource(guild_id, str(current.id))  # still there?
            try:
                draft = await self.library.check_draft(
                    guild_id,
                    title=values["title"],
                    url=values["url"],
                    description=values["description"],
                    topics=values["topics"],
                    editing=current.id,
                )
            except UserFacingError as error:
                await self._reply_with_text_back(modal_interaction, error, values)
                return
            await self.library.save(guild_id, current.id, draft, self.bot.clock())
            reply = words.EDITED.format(id=current.id, title=draft.title)
            entry = await self.library.entry(guild_id, str(current.id))
            if entry is not None and entry.pinned:
                problem = await self.pinboard.refresh(guild_id, entry)
                if problem:
                    reply += words.EDITED_PIN_FAILED.format(reason=problem)
            await reply_private(modal_interaction, reply)

        values = {
            "title": current.title,
            "url": current.url,
            "description": current.description,
            "topics": ", ".join(current.topics),
        }
        await interaction.response.send_modal(
            ResourceModal(words.MODAL_EDIT_TITLE.format(id=current.id), submitted, values=values)
        )

    @resource.command(name="remove", description="Remove one of this server's resources")
    @app_commands.describe(resource="The resource (its number, or start typing its title)")
    @require_tier(Tier.MODERATOR)
    async def resource_remove(self, interaction: discord.Interaction[HearthBot], resource: str) -> None:
        """Delete a server resource (and take down its pinned card)."""
        assert interaction.guild is not None
        current = await self.library.server_resource(interaction.guild.id, resource)
        was_pinned = await self.pinboard.unpin(interaction.guild.id, str(current.id))
        await self.library.remove(interaction.guild.id, current.id)
        log.info("resource %s removed in guild %s", current.id, interaction.guild.id)
        reply = words.REMOVED.format(id=current.id, title=current.title)
        await reply_private(interaction, reply + (words.REMOVED_PIN_NOTE if was_pinned else ""))

    # --- moderators: pins ------------------------------------------------------------------------
    async def _entry(self, guild_id: int, ref: str) -> LibraryEntry:
        entry = await self.library.entry(guild_id, ref)
        if entry is None:
            raise UserFacingError(words.NOT_FOUND.format(ref=echo(ref, 50)))
        return entry

    @resource.command(name="pin", description="Post a resource card in the resources channel and pin it")
    @app_commands.describe(resource="A server resource's number, a built-in id, or start typing a title")
    @require_tier(Tier.MODERATOR)
    async def resource_pin(self, interaction: discord.Interaction[HearthBot], resource: str) -> None:
        """Pin a resource card."""
        assert interaction.guild is not None
        entry = await self._entry(interaction.guild.id, resource)
        await interaction.response.defer(ephemeral=True, thinking=True)
        message = await self.pinboard.pin(interaction.guild, entry, interaction.user.id)
        await reply_private(
            interaction,
            words.PINNED.format(title=entry.title, channel=f"<#{message.channel.id}>", link=message.jump_url),
        )

    @resource.command(name="unpin", description="Unpin a resource card and take it down")
    @app_commands.describe(resource="A pinned resource")
    @require_tier(Tier.MODERATOR)
    async def resource_unpin(self, interaction: discord.Interaction[HearthBot], resource: str) -> None:
        """Unpin a resource card."""
        assert interaction.guild is not None
        entry = await self._entry(interaction.guild.id, resource)
        if not await self.pinboard.unpin(interaction.guild.id, entry.ref):
            raise UserFacingError(words.NOT_PINNED.format(title=entry.title))
        await reply_private(interaction, words.UNPINNED.format(title=entry.title))

    @resource.command(name="pins", description="List the pinned resource cards (and repair the list)")
    @require_tier(Tier.MODERATOR)
    async def resource_pins(self, interaction: discord.Interaction[HearthBot]) -> None:
        """Show the pins that are really there; drop records of pins removed by hand."""
        assert interaction.guild is not None
        await interaction.response.defer(ephemeral=True, thinking=True)
        live, repaired = await self.pinboard.verify(interaction.guild.id)
        lines: list[str] = []
        for pin, message in live:
            entry = await self.library.entry(interaction.guild.id, pin.ref)
            title = entry.title if entry is not None else pin.ref
            link = message.jump_url if message is not None else f"message {pin.message_id}"
            lines.append(f"• `{display_id(entry) if entry else pin.ref}` {title} — {link}")
        notes = [words.PINS_REPAIRED.format(count=repaired)] if repaired else []
        settings = await self.bot.guild_settings.get(interaction.guild.id)
        channel = interaction.guild.get_channel(settings.channels.resources or 0)
        if isinstance(channel, discord.TextChannel):
            try:
                count = await pinned_count(channel)
                notes.append(words.PINS_COUNT.format(count=min(count, DISCORD_PIN_LIMIT), channel=channel.mention))
            except discord.HTTPException:
                pass
        embed = discord.Embed(
            title=words.PINS_TITLE,
            colour=discord.Colour.dark_teal(),
            description=("\n".join(lines) or words.PINS_EMPTY)[:4000],
        )
        await reply_private(interaction, "\n".join(notes) or None, embed=embed)

    @resource_edit.autocomplete("resource")
    async def _edit_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._server_ref_autocomplete(interaction, current)

    @resource_remove.autocomplete("resource")
    async def _remove_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._server_ref_autocomplete(interaction, current)

    @resource_pin.autocomplete("resource")
    async def _pin_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._any_ref_autocomplete(interaction, current)

    @resource_unpin.autocomplete("resource")
    async def _unpin_autocomplete(
        self, interaction: discord.Interaction[HearthBot], current: str
    ) -> list[app_commands.Choice[str]]:
        return await self._any_ref_autocomplete(interaction, current)

    # --- repairs when a pin changes by hand ---------------------------------------------------------
    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        """A pinned card deleted by hand is no longer pinned."""
        if payload.guild_id is not None:
            await self.pinboard.message_deleted(payload.message_id)

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        """The same for a bulk delete."""
        for message_id in payload.message_ids:
            await self.pinboard.message_deleted(message_id)

    @commands.Cog.listener()
    async def on_guild_channel_pins_update(self, channel: Any, _last_pin: Any) -> None:
        """A pin changed in a channel: check our cards there are still pinned."""
        await self.pinboard.channel_pins_changed(channel)
