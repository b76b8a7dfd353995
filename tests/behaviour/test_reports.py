"""Reporting a message: the incident moderators see, each action, and the reporter's private updates."""

from __future__ import annotations

from datetime import timedelta

import discord
import simcord

from bot.core.clock import iso
from tests.conftest import Community

REPORT = "Report to moderators"


class FakeAnonymousModeration:
    """Stands in for the anonymous-sharing part: message 'post' ids, and a record of calls."""

    def __init__(self) -> None:
        self.posts: dict[int, int] = {}
        self.removed: list[int] = []
        self.blocked: list[int] = []

    async def post_for_message(self, guild_id: int, message_id: int) -> int | None:
        return self.posts.get(message_id)

    async def remove_post(self, guild_id: int, post_id: int, moderator_id: int, reason: str | None) -> bool:
        self.removed.append(post_id)
        return True

    async def block_author(
        self, guild_id: int, post_id: int, moderator_id: int, duration: timedelta | None, reason: str | None
    ) -> str:
        self.blocked.append(post_id)
        return f"The author of post #{post_id} can no longer post anonymously."


def incidents(c: Community) -> list[discord.Message]:
    return [
        m for m in c.channels["mod-alerts"].history() if m.embeds and (m.embeds[0].title or "").startswith("Report")
    ]


def field(embed: discord.Embed, name: str) -> str:
    return next((f.value or "" for f in embed.fields if f.name == name), "")


def bot_dms(actor: simcord.MemberActor) -> list[discord.Message]:
    return [m for m in actor.user.dm_channel.history() if m.author.bot]


async def report(
    c: Community, reporter: simcord.MemberActor, message: discord.Message, reason: str
) -> simcord.InteractionResult:
    shown = await reporter.context_menu(c.channels["general"], REPORT, message)
    assert shown.modal is not None
    return await reporter.submit_modal(shown, {"reason": reason})


async def test_report_creates_an_incident_with_snapshot_author_and_reporter(community: Community) -> None:
    c = community
    target = await c.bob.send(c.channels["general"], "you are all pathetic <@&" + str(c.roles["member"].id) + ">")
    result = await report(c, c.alice, target, "rude to everyone")
    assert result.ephemeral and "Only the moderators can see your report" in result.response.content
    [incident] = incidents(c)
    embed = incident.embeds[0]
    assert "you are all pathetic" in field(embed, "Message")
    assert "<@&" not in field(embed, "Message")  # mentions neutralised
    assert field(embed, "Author") == f"<@{c.bob.id}>"
    assert field(embed, "Reported by (moderators only)") == f"<@{c.alice.id}>"
    assert field(embed, "Reason") == "rude to everyone"
    labels = [getattr(item, "label", None) for row in incident.components for item in row.children]
    assert labels[:3] == ["Dismiss", "Delete message", "Warn author"]
    # the snapshot stays even if the message is deleted later
    await c.bob.delete(target)
    assert "you are all pathetic" in field(incidents(c)[0].embeds[0], "Message")
    assert [m.content for m in c.channels["general"].history(viewer=c.bob)] == []


async def test_dismiss_after_restart_tells_the_reporter_without_details_and_logs_it(community: Community) -> None:
    c = community
    target = await c.bob.send(c.channels["general"], "meh")
    await report(c, c.alice, target, "")
    await c.restart()
    result = await c.mod.click(incidents(c)[0], label="Dismiss")
    assert result.ephemeral and "Dismissed" in result.response.content
    [dm] = bot_dms(c.alice)
    assert "have looked at the message you reported" in dm.content
    assert "dismiss" not in dm.content.lower() and "bob" not in dm.content.lower()
    assert f"Dismissed by <@{c.mod.id}>" in field(incidents(c)[0].embeds[0], "Actions")
    assert any(
        (m.embeds[0].title or "").startswith("Report #1: Dismiss") for m in c.channels["mod-log"].history() if m.embeds
    )
    await c.mod.click(incidents(c)[0], label="Delete message")
    assert len(bot_dms(c.alice)) == 1  # told once, however many actions follow


async def test_delete_message_removes_it_and_records_who(community: Community) -> None:
    c = community
    target = await c.bob.send(c.channels["general"], "spam spam")
    await report(c, c.alice, target, "spam")
    result = await c.mod.click(incidents(c)[0], label="Delete message")
    assert "Deleted the message" in result.response.content
    assert all(m.id != target.id for m in c.channels["general"].history())
    assert f"Message deleted by <@{c.mod.id}>" in field(incidents(c)[0].embeds[0], "Actions")


async def test_warn_author_asks_for_a_reason_then_warns_privately_and_records_it(community: Community) -> None:
    c = community
    target = await c.bob.send(c.channels["general"], "nasty")
    await report(c, c.alice, target, "unkind")
    shown = await c.mod.click(incidents(c)[0], label="Warn author")
    assert shown.modal is not None
    result = await c.mod.submit_modal(shown, {"reason": "Guideline 2: be kind"})
    assert result.ephemeral and "Warned bob" in result.response.content
    [warning] = bot_dms(c.bob)
    assert "Guideline 2: be kind" in warning.content
    history = await c.bot.get_cog("ModerationCog").repository.infractions(c.guild.id, c.bob.id)  # type: ignore[union-attr]
    assert [(i.kind, i.report_id) for i in history] == [("warn", 1)]
    assert "Author warned" in field(incidents(c)[0].embeds[0], "Actions")


async def test_time_out_author_from_the_menu(community: Community) -> None:
    c = community
    target = await c.bob.send(c.channels["general"], "nasty")
    await report(c, c.alice, target, "unkind")
    incident = incidents(c)[0]
    select_id = next(
        item.custom_id for row in incident.components for item in row.children if isinstance(item, discord.SelectMenu)
    )
    result = await c.mod.select(incident, [str(3600)], custom_id=select_id)
    assert result.ephemeral and "Timed bob out for 1 hour" in result.response.content
    member = c.bot.get_guild(c.guild.id).get_member(c.bob.id)  # type: ignore[union-attr]
    assert member is not None and member.is_timed_out()
    assert "timed out for 1 hour" in field(incidents(c)[0].embeds[0], "Actions")


async def test_members_cannot_act_on_incidents(community: Community) -> None:
    c = community
    target = await c.bob.send(c.channels["general"], "hm")
    await report(c, c.alice, target, "")
    result = await c.alice.click(incidents(c)[0], label="Delete message")
    assert result.ephemeral and "for moderators" in result.response.content
    assert any(m.id == target.id for m in c.channels["general"].history())


async def test_report_on_an_anonymous_post_never_reveals_its_author(community: Community) -> None:
    c = community
    fake = FakeAnonymousModeration()
    c.bot.anonymous_moderation = fake
    post = await c.bot.get_channel(c.channels["general"].id).send("an anonymous share")  # type: ignore[union-attr]
    fake.posts[post.id] = 42
    await report(c, c.alice, post, "this is harmful")
    [incident] = incidents(c)
    embed = incident.embeds[0]
    assert "anonymous post #42" in (embed.title or "")
    assert "never reveals" in field(embed, "Author")
    labels = [getattr(item, "label", None) for row in incident.components for item in row.children]
    assert labels == ["Dismiss", "Remove post", "Block author"]
    rows = await c.bot.db.fetchall("SELECT author_id FROM reports")
    assert [r[0] for r in rows] == [None]
    await c.mod.click(incident, label="Remove post")
    result = await c.mod.click(incidents(c)[0], label="Block author")
    assert fake.removed == [42] and fake.blocked == [42]
    assert "can no longer post anonymously" in result.response.content


async def test_report_without_a_mod_alert_channel_is_refused_kindly(community: Community) -> None:
    c = community
    await c.configure(channels__mod_alerts=None)
    target = await c.bob.send(c.channels["general"], "hm")
    result = await c.alice.context_menu(c.channels["general"], REPORT, target)
    assert result.ephemeral and "message a moderator directly" in result.response.content


async def test_report_that_cannot_be_posted_gives_the_reason_back(community: Community) -> None:
    c = community
    target = await c.bob.send(c.channels["general"], "hm")
    shown = await c.alice.context_menu(c.channels["general"], REPORT, target)
    bot_guild = c.bot.get_guild(c.guild.id)
    assert bot_guild is not None
    await c.bot.get_channel(c.channels["mod-alerts"].id).set_permissions(bot_guild.me, send_messages=False)  # type: ignore[union-attr]
    result = await c.alice.submit_modal(shown, {"reason": "my careful explanation"})
    assert result.ephemeral and "my careful explanation" in result.response.content
    assert await c.bot.db.fetchall("SELECT id FROM reports") == []


async def test_closed_incidents_are_deleted_after_the_retention_period(community: Community) -> None:
    c = community
    target = await c.bob.send(c.channels["general"], "hm")
    await report(c, c.alice, target, "")
    await c.mod.click(incidents(c)[0], label="Dismiss")
    repo = c.bot.get_cog("ModerationCog").repository  # type: ignore[union-attr]
    assert await repo.delete_resolved_before(c.bot.clock() - timedelta(days=1)) == 0
    deleted = await repo.delete_resolved_before(c.bot.clock() + timedelta(seconds=1))
    assert deleted == 1
    assert await c.bot.db.fetchall("SELECT id FROM reports WHERE closed_at < ?", (iso(c.bot.clock()),)) == []


async def test_the_daily_privacy_pass_deletes_closed_incidents_after_the_servers_period(community: Community) -> None:
    c = community
    await c.configure(privacy__incident_retention_days=7)
    target = await c.bob.send(c.channels["general"], "hm")
    await report(c, c.alice, target, "")
    await c.mod.click(incidents(c)[0], label="Dismiss")
    for _ in range(6):  # the pass runs daily at 03:30 UTC; six days in, the report is still kept
        await c.env.advance_time(24 * 3600)
    assert len(await c.bot.db.fetchall("SELECT id FROM reports")) == 1
    for _ in range(2):
        await c.env.advance_time(24 * 3600)
    assert await c.bot.db.fetchall("SELECT id FROM reports") == []
