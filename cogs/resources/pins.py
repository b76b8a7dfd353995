"""Posting, pinning and unpinning resource cards, and repairing pins changed by hand in Discord."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.surface import delivery
from bot.surface import messages as common
from bot.surface.errors import UserFacingError
from cogs.resources import messages as words
from cogs.resources.library import LibraryEntry
from cogs.resources.store import ResourcePin, ResourcesRepository
from cogs.resources.views import entry_embed

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)

DISCORD_PIN_LIMIT = 50
MAX_PINS_ERROR = 30003  # Discord: "Maximum number of pins reached (50)"
PIN_PERMISSIONS = ("view_channel", "send_messages", "embed_links", "manage_messages", "read_message_history")


async def pinned_count(channel: Any) -> int:
    """How many messages are pinned in a channel right now."""
    count = 0
    async for _message in channel.pins(limit=None):
        count += 1
    return count


async def live_message(bot: HearthBot, pin: ResourcePin) -> discord.Message | None:
    """The pinned card's message if it still exists and is still pinned."""
    channel = bot.get_channel(pin.channel_id)
    if not isinstance(channel, discord.TextChannel | discord.Thread):
        return None
    try:
        message = await channel.fetch_message(pin.message_id)
    except discord.NotFound:
        return None
    return message if message.pinned else None


class Pinboard:
    """The pins of resource cards in each server's resources channel."""

    def __init__(self, bot: HearthBot, repository: ResourcesRepository) -> None:
        self.bot = bot
        self.repository = repository

    async def pin(self, guild: discord.Guild, entry: LibraryEntry, by: int) -> discord.Message:
        """Post the entry's card in the resources channel and pin it; refuse kindly when that can't be done."""
        existing = await self.repository.pin(guild.id, entry.ref)
        if existing is not None:
            message = await live_message(self.bot, existing)
            if message is not None:
                raise UserFacingError(words.PIN_ALREADY.format(link=message.jump_url))
            await self.repository.forget_pin(guild.id, entry.ref)
        settings = await self.bot.guild_settings.get(guild.id)
        channel = delivery.resolve_channel(self.bot, guild.id, settings.channels.resources)
        if channel is None:
            raise UserFacingError(words.PIN_NO_CHANNEL)
        missing = delivery.missing_permissions(channel, guild.me, PIN_PERMISSIONS)
        if missing:
            raise UserFacingError(
                words.PIN_POST_FAILED.format(
                    reason=common.MISSING_PERMISSION_IN.format(permission=missing[0], channel=channel.mention)
                )
            )
        if await pinned_count(channel) >= DISCORD_PIN_LIMIT:
            raise UserFacingError(words.PIN_LIMIT)
        posted = await delivery.post(
            self.bot,
            guild.id,
            channel.id,
            what="resources",
            needed=PIN_PERMISSIONS,
            embed=entry_embed(self.bot.content.resources, entry),
        )
        if posted.message is None:
            raise UserFacingError(words.PIN_POST_FAILED.format(reason=posted.reason))
        try:
            await posted.message.pin(reason="Hearth: /resource pin")
        except discord.HTTPException as exc:
            await _delete_quietly(posted.message)
            if exc.code == MAX_PINS_ERROR:
                raise UserFacingError(words.PIN_LIMIT) from None
            raise UserFacingError(
                words.PIN_FAILED.format(permission=common.permission_label("manage_messages"))
            ) from None
        await self.repository.record_pin(guild.id, entry.ref, channel.id, posted.message.id, by, self.bot.clock())
        log.info("pinned resource %s in guild %s", entry.ref, guild.id)
        return posted.message

    async def unpin(self, guild_id: int, ref: str) -> bool:
        """Unpin and take down an entry's card; False if it wasn't pinned."""
        pin = await self.repository.pin(guild_id, ref)
        if pin is None:
            return False
        await self.repository.forget_pin(guild_id, ref)
        message = await live_message(self.bot, pin)
        if message is not None:
            await _delete_quietly(message)
        return True

    async def refresh(self, guild_id: int, entry: LibraryEntry) -> str | None:
        """Update a pinned card after an edit; the reason if that failed."""
        pin = await self.repository.pin(guild_id, entry.ref)
        if pin is None:
            return None
        message = await live_message(self.bot, pin)
        if message is None:
            await self.repository.forget_pin(guild_id, entry.ref)
            return None
        try:
            await message.edit(embed=entry_embed(self.bot.content.resources, entry))
        except discord.HTTPException:
            return "Discord refused the edit"
        return None

    async def verify(self, guild_id: int) -> tuple[list[tuple[ResourcePin, discord.Message | None]], int]:
        """The pins that are really still there, and how many records were repaired (removed by hand)."""
        live: list[tuple[ResourcePin, discord.Message | None]] = []
        repaired = 0
        for pin in await self.repository.pins(guild_id):
            try:
                message = await live_message(self.bot, pin)
            except discord.HTTPException:
                live.append((pin, None))  # Discord is having trouble: keep the record
                continue
            if message is None:
                await self.repository.forget_pin(guild_id, pin.ref)
                repaired += 1
                log.info("pin of resource %s in guild %s was removed by hand; record dropped", pin.ref, guild_id)
            else:
                live.append((pin, message))
        return live, repaired

    async def channel_pins_changed(self, channel: Any) -> None:
        """Someone pinned or unpinned in a channel: drop records of our cards no longer pinned."""
        records = await self.repository.pins_in_channel(channel.id)
        if not records:
            return
        try:
            pinned = {message.id async for message in channel.pins(limit=None)}
        except discord.HTTPException:
            return
        for record in records:
            if record.message_id not in pinned:
                await self.repository.forget_pin(record.guild_id, record.ref)
                log.info("resource %s was unpinned by hand in guild %s", record.ref, record.guild_id)

    async def message_deleted(self, message_id: int) -> None:
        """A message was deleted: if it was one of our cards, forget the pin."""
        pin = await self.repository.forget_pin_message(message_id)
        if pin is not None:
            log.info("pinned card of resource %s was deleted in guild %s", pin.ref, pin.guild_id)


async def _delete_quietly(message: discord.Message) -> None:
    try:
        await message.delete()
    except discord.HTTPException:
        log.warning("could not delete resource card %s", message.id)
