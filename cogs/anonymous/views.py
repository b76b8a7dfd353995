"""The Discord side of anonymous sharing: the share modal, publishing what the service decided, the author's
delete button, and the server picker for DMs."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord

from bot.core import i18n
from bot.core.guild_settings import GuildSettings
from bot.surface import delivery
from bot.surface.errors import UserFacingError
from bot.surface.replies import reply_private, returned_text_block
from bot.surface.views import HearthModal, OwnedView, PersistentButton, int_field
from cogs.anonymous import messages as words
from cogs.anonymous.service import AnonymousService, Draft, Refused
from cogs.anonymous.store import AnonymousPost
from cogs.safety.api import CrisisSignal, Level, report_crisis, send_private_support

if TYPE_CHECKING:
    from bot.app import HearthBot

log = logging.getLogger(__name__)
CHUNK = 1800
POST_COLOUR = discord.Colour.from_rgb(0x8E, 0x7D, 0xBE)


def service_of(interaction: discord.Interaction[Any]) -> AnonymousService:
    """The anonymous-sharing service of the bot handling this interaction (its cog holds it)."""
    from cogs.anonymous.commands import AnonymousCog

    cog = interaction.client.get_cog(AnonymousCog.__cog_name__)
    if not isinstance(cog, AnonymousCog):
        raise UserFacingError(words.FEATURE_OFF)
    return cog.service


async def give_back(interaction: discord.Interaction[Any], reason: str, text: str) -> None:
    """Say privately why it didn't work, and return every character the member wrote."""
    await reply_private(interaction, f"{reason}\n{words.TEXT_BACK}")
    for start in range(0, max(len(text), 1), CHUNK):
        await reply_private(interaction, returned_text_block(text[start : start + CHUNK], limit=CHUNK + 100))


def post_embed(
    post: AnonymousPost, text: str, warning: str | None, topic: str | None, *, is_author: bool
) -> discord.Embed:
    """The public embed of a post or reply: text, signature, number; never anything about the person."""
    body = words.WARNING_LINE.format(warning=warning, text=text) if warning else text
    embed = discord.Embed(title=topic[:256] if topic else None, description=body, colour=POST_COLOUR)
    signature = words.SIGNATURE.format(pseudonym=post.pseudonym) + (words.AUTHOR_MARK if is_author else "")
    embed.set_author(name=signature)
    footer = (
        words.POST_FOOTER.format(number=post.number)
        if post.parent_number is None
        else words.REPLY_FOOTER.format(number=post.number, parent=post.parent_number)
    )
    embed.set_footer(text=footer)
    return embed


def queue_embed(number: int, parent: int | None, text: str, warning: str | None, topic: str | None) -> discord.Embed:
    """The mod-queue card: the words and the post number only (no pseudonym that could be matched later)."""
    title = (
        words.QUEUE_TITLE.format(number=number)
        if parent is None
        else words.QUEUE_REPLY_TITLE.format(number=number, parent=parent)
    )
    body = words.WARNING_LINE.format(warning=warning, text=text) if warning else text
    embed = discord.Embed(title=title, description=body, colour=discord.Colour.gold())
    if topic:
        embed.add_field(name=words.TOPIC_FIELD, value=topic[:1024])
    embed.set_footer(text=words.QUEUE_FOOTER)
    return embed


async def publish(
    bot: HearthBot,
    service: AnonymousService,
    settings: GuildSettings,
    post: AnonymousPost,
    text: str,
    warning: str | None,
    topic: str | None,
    *,
    is_author: bool,
    parent: AnonymousPost | None = None,
) -> discord.Message:
    """Put a post (in the channel, with a reply thread) or a reply (in its post's thread) on Discord.

    Raises Refused (the number stays reserved; the caller gives it back or re-queues it).
    """
    place = await service.placement(settings, post, parent)
    needed = place.needed or delivery.POST_PERMISSIONS
    with i18n.speaking(settings.language):  # the post's chrome is public: the server's language
        embed = post_embed(post, text, warning, topic, is_author=is_author)
        result = await delivery.post(bot, post.guild_id, place.channel_id, what="anonymous", needed=needed, embed=embed)
        thread_name = words.THREAD_NAME.format(number=post.number)
    if not result.ok or result.message is None:
        raise Refused(words.POST_FAILED.format(reason=result.reason))
    message = result.message
    thread_id = None
    if place.open_thread:
        try:
            thread = await message.create_thread(name=thread_name)
            thread_id = thread.id
        except discord.HTTPException as exc:
            log.warning(
                "no reply thread for anonymous post %s in guild %s (HTTP %s)", post.number, post.guild_id, exc.status
            )
    await service.published(post, message.channel.id, message.id, thread_id)
    return message


async def take_down(bot: discord.Client, post: AnonymousPost) -> None:
    """Delete a post's message from Discord (already gone is fine); Refused if Discord won't let us."""
    guild = bot.get_guild(post.guild_id)
    channel = guild.get_channel_or_thread(post.channel_id) if guild and post.channel_id else None
    if channel is None or post.message_id is None or not isinstance(channel, discord.abc.Messageable):
        return
    try:
        await channel.get_partial_message(post.message_id).delete()  # type: ignore[attr-defined]
    except discord.NotFound:
        pass
    except discord.HTTPException as exc:
        raise Refused(words.TAKE_DOWN_FAILED.format(number=post.number, status=exc.status)) from None


async def _post_or_queue(
    interaction: discord.Interaction[Any], service: AnonymousService, settings: GuildSettings, draft: Draft
) -> tuple[int, discord.Message | None]:
    """Reserve a number, then publish the post or put its card in the queue; give the number back on failure."""
    from cogs.anonymous.queue import queue_view

    bot: HearthBot = interaction.client
    reservation = await service.reserve(settings, draft, interaction.user.id)
    post = reservation.post
    if reservation.queued:

        async def held() -> AnonymousPost:
            return post

        async def send(held_post: AnonymousPost) -> delivery.PostResult:
            embed = queue_embed(held_post.number, held_post.parent_number, draft.text, draft.warning, draft.topic)
            return await delivery.post(
                bot,
                draft.guild_id,
                settings.channels.mod_alerts,
                what="mod_alerts",
                embed=embed,
                view=queue_view(draft.guild_id, held_post.number),
            )

        async def record(held_post: AnonymousPost, card: discord.Message) -> None:
            await service.queued(held_post, card.channel.id, card.id)

        async def release(held_post: AnonymousPost) -> None:
            await service.abandon(draft.guild_id, held_post.number)

        with i18n.speaking(settings.language):  # the queue card is for the server's moderators
            _, result = await delivery.post_reserved(held, send, record, release)
        if result.message is None:
            raise Refused(words.POST_FAILED.format(reason=result.reason))
        message = None
    else:
        try:
            message = await publish(
                bot,
                service,
                settings,
                post,
                draft.text,
                draft.warning,
                draft.topic,
                is_author=reservation.is_author,
                parent=draft.parent,
            )
        except Refused:
            await service.abandon(draft.guild_id, post.number)
            raise
    await service.count(settings, draft, interaction.user.id)
    return post.number, message


async def handle_submission(
    interaction: discord.Interaction[Any],
    guild_id: int,
    text: str,
    warning: str | None,
    topic: str | None,
    parent_number: int | None,
) -> None:
    """Check, post (or queue), confirm privately, and raise a crisis alert without the writer's identity."""
    bot: HearthBot = interaction.client
    # Answer Discord first (its 3-second window), then check: a refusal comes back as the private follow-up.
    await interaction.response.defer(ephemeral=True, thinking=True)
    service = service_of(interaction)
    try:
        settings, draft = await service.prepare(guild_id, interaction.user.id, text, warning, topic, parent_number)
        number, message = await _post_or_queue(interaction, service, settings, draft)
    except Refused as refusal:
        await give_back(interaction, refusal.reason, text)
        return
    if message is None:
        await reply_private(interaction, words.QUEUED.format(number=number))
    else:
        template = words.POSTED if parent_number is None else words.REPLY_POSTED
        await reply_private(
            interaction,
            template.format(number=number, parent=parent_number),
            view=delete_view(guild_id, number, message.jump_url),
        )
    if draft.assessment.level is Level.CRISIS:
        alert_id = await report_crisis(
            bot,
            CrisisSignal(
                guild_id=guild_id,
                source="anonymous",
                assessment=draft.assessment,
                channel_id=message.channel.id if message else None,
                message_id=message.id if message else None,
                jump_url=message.jump_url if message else None,
                writer_id=None,
                anonymous_post_id=number,
            ),
        )
        await send_private_support(
            bot, interaction=interaction, guild_id=guild_id, country=settings.country, alert_id=alert_id
        )


class ShareModal(HearthModal):
    """The text, an optional content warning and an optional topic."""

    def __init__(self, guild_id: int, parent_number: int | None = None) -> None:
        title = words.MODAL_TITLE if parent_number is None else words.REPLY_MODAL_TITLE.format(number=parent_number)
        super().__init__(title=title[:45])
        self.guild_id = guild_id
        self.parent_number = parent_number
        self.text: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.TEXT_LABEL,
            style=discord.TextStyle.paragraph,
            custom_id="text",
            placeholder=words.TEXT_PLACEHOLDER,
            max_length=4000,
        )
        self.warning: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label=words.WARNING_LABEL,
            custom_id="warning",
            required=False,
            max_length=100,
            placeholder=words.WARNING_PLACEHOLDER,
        )
        self.add_item(self.text)
        self.add_item(self.warning)
        self.topic: discord.ui.TextInput[Any] | None = None
        if parent_number is None:
            self.topic = discord.ui.TextInput(label=words.TOPIC_LABEL, custom_id="topic", required=False, max_length=80)
            self.add_item(self.topic)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:  # type: ignore[override]
        """Hand the submission to the one submission path."""
        await handle_submission(
            interaction,
            self.guild_id,
            self.text.value,
            self.warning.value or None,
            (self.topic.value or None) if self.topic else None,
            self.parent_number,
        )


class DeleteMyPostButton(PersistentButton):
    """The author's private 'Delete my post' button (matched by author key; works after a restart)."""

    prefix = "hearth:anon:delete"
    fields = (int_field("guild_id"), int_field("number"))
    guild_id: int
    number: int

    def __init__(self, guild_id: int, number: int) -> None:
        super().__init__(
            discord.ui.Button(label=words.DELETE_LABEL, style=discord.ButtonStyle.danger),
            guild_id=guild_id,
            number=number,
        )

    pressed_in_guild = False  # sent privately, also in DMs

    async def check_presser(self, interaction: discord.Interaction[Any]) -> None:
        """Only the post's author (matched by author key while the link lives)."""
        await service_of(interaction).check_author_delete(self.guild_id, self.number, interaction.user.id)

    async def run(self, interaction: discord.Interaction[Any]) -> None:
        """Delete the post if the presser is its author."""
        await delete_own_post(interaction, self.guild_id, self.number)


async def delete_own_post(interaction: discord.Interaction[Any], guild_id: int, number: int) -> None:
    """The author deletes their own post (matched by author key while the link exists)."""
    service = service_of(interaction)
    post = await service.check_author_delete(guild_id, number, interaction.user.id)
    await take_down(interaction.client, post)
    await service.deleted_by_author(post)
    await reply_private(interaction, words.DELETED.format(number=number))


def delete_view(guild_id: int, number: int, jump_url: str | None = None) -> discord.ui.View:
    """The private view: a button to the post (when there is one to go to) and the author's delete button."""
    view = discord.ui.View(timeout=None)
    if jump_url is not None:
        view.add_item(discord.ui.Button(style=discord.ButtonStyle.link, label=words.JUMP_LABEL, url=jump_url))
    view.add_item(DeleteMyPostButton(guild_id, number))
    return view


class ServerPicker(OwnedView):
    """In DMs: choose which shared server to post in."""

    def __init__(self, owner_id: int, guilds: list[discord.Guild]) -> None:
        super().__init__(owner_id, timeout=600)
        select: discord.ui.Select[Any] = discord.ui.Select(
            placeholder=words.PICK_PLACEHOLDER,
            custom_id="hearth:anon:pick",
            options=[discord.SelectOption(label=guild.name[:100], value=str(guild.id)) for guild in guilds[:25]],
        )
        select.callback = self._picked  # type: ignore[method-assign]
        self.select = select
        self.add_item(select)

    async def _picked(self, interaction: discord.Interaction[Any]) -> None:
        guild_id = int(self.select.values[0])
        guild = interaction.client.get_guild(guild_id)
        if guild is None or guild.get_member(interaction.user.id) is None:
            raise UserFacingError(words.NOT_A_MEMBER)
        await interaction.response.send_modal(ShareModal(guild_id))
