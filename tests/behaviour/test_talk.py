"""Talk to the team: a member and the team talk privately; without a name, the team never learns who."""

from __future__ import annotations

import discord
import simcord

from tests.behaviour.talk_helpers import (
    CRISIS,
    add_team_inbox,
    bot_dms,
    close_dms,
    dm_text,
    open_talk,
    said,
    thread_of,
)
from tests.conftest import Community, advance_in_steps

DAY = 24 * 3600


def reacted(message: discord.Message, emoji: str) -> bool:
    """True if `emoji` is on the message (only the bot reacts in these tests)."""
    return any(str(r.emoji) == emoji and r.count > 0 for r in message.reactions)


def latest(channel: object, message_id: int) -> discord.Message:
    """A message as it is now (reactions included)."""
    return next(m for m in channel.history() if m.id == message_id)  # type: ignore[attr-defined]


def member_lines(thread: object) -> list[str]:
    """The member's words as relayed into the team thread."""
    return [
        m.embeds[0].description or ""
        for m in thread.history()  # type: ignore[attr-defined]
        if m.author.bot and m.embeds and (m.embeds[0].footer.text or "").startswith("from ")
    ]


async def test_open_without_a_name_reaches_the_team_under_a_fresh_pseudonym(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    result = await open_talk(c, c.alice, "I don't know who else to tell", topic="I'm struggling")
    assert "They see you only as" in said(result)
    thread = thread_of(c)
    header = thread.history()[0]
    assert "Someone is talking to the team without their name" in header.embeds[0].description
    assert "alice" not in (thread.name or "").lower() and "I'm struggling" in (thread.name or "")
    assert member_lines(thread) == ["I don't know who else to tell"]
    [opened] = bot_dms(c.alice)
    assert "Your conversation with the team" in dm_text(opened)
    assert [item.label for row in opened.components for item in row.children] == [
        "Tell them who I am",
        "Close the conversation",
    ]
    # the opening pinged the team roles, and nothing else
    ping = c.env.http_requests[-10:]
    assert any((r.json or {}).get("allowed_mentions", {}).get("roles") for r in ping if r.method == "POST" and r.json)


async def test_open_with_a_name_shows_the_member_to_the_team(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.bob, "It's about the server rules", named=True, topic="A question about the server")
    thread = thread_of(c)
    member = c.bot.get_guild(c.guild.id).get_member(c.bob.id)
    assert member.display_name in (thread.name or "")
    assert f"<@{c.bob.id}>" in thread.history()[0].embeds[0].description
    assert [item.label for row in bot_dms(c.bob)[0].components for item in row.children] == ["Close the conversation"]


async def test_a_second_open_shows_the_first_and_returns_the_text(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "first")
    shown = await c.alice.slash(c.channels["general"], "talk open")
    assert shown.modal is None and "already have a conversation open" in said(shown) and "#1" in said(shown)
    assert len(c.channels["team-inbox"].threads) == 1


async def test_unknown_topic_and_missing_inbox_are_refused_kindly(bare_community: Community) -> None:
    c = bare_community
    shown = await c.alice.slash(c.channels["general"], "talk open")
    assert shown.modal is None and "hasn't set up a team inbox" in said(shown)
    await add_team_inbox(c)
    shown = await c.alice.slash(c.channels["general"], "talk open", topic="cats")
    assert shown.modal is None and "isn't one of this server's topics" in said(shown)


async def test_team_reply_reaches_the_dm_and_the_members_dm_reply_reaches_the_thread(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    thread = thread_of(c)
    reply = await c.supporter.send(thread, "We're here. Take your time.")
    last = bot_dms(c.alice)[-1]
    assert "We're here. Take your time." in dm_text(last) and "The team of" in dm_text(last)
    assert "sam" not in dm_text(last).lower()
    assert reacted(latest(thread, reply.id), "✅")
    answer = await c.alice.send_dm("Thank you. It's my brother.")
    assert member_lines(thread)[-1] == "Thank you. It's my brother."
    assert reacted(latest(c.alice.user.dm_channel, answer.id), "✅")


async def test_internal_notes_never_reach_the_member(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    thread = thread_of(c)
    before = len(bot_dms(c.alice))
    await c.mod.send(thread, "// I think this is about last week's thread")
    header = thread.history()[0]
    shown = await c.mod.click(header, label="Note")
    await c.mod.submit_modal(shown, {"text": "Check the report queue too"})
    assert len(bot_dms(c.alice)) == before
    assert any(m.embeds and m.embeds[0].title == "Internal note" for m in thread.history())
    await c.mod.send(thread, "Thanks for telling us.")
    assert len(bot_dms(c.alice)) == before + 1
    assert "// I think" not in dm_text(bot_dms(c.alice)[-1])


async def test_claim_tells_the_member_who_is_with_them_or_not(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    thread = thread_of(c)
    shown = await c.supporter.click(thread.history()[0], label="Claim")
    await c.supporter.click(shown.response, label="Without my name")
    assert "Someone from the team is with you." in dm_text(bot_dms(c.alice)[-1])
    await open_talk(c, c.bob, "hi")
    shown = await c.supporter.click(thread_of(c, 2).history()[0], label="Claim")
    await c.supporter.click(shown.response, label="As sam")
    assert "**sam** from the team is with you." in dm_text(bot_dms(c.bob)[-1])
    await c.supporter.send(thread_of(c, 2), "I'm listening")
    assert "sam, from the team of" in dm_text(bot_dms(c.bob)[-1])


async def test_closed_dms_are_named_at_open_and_talk_reply_works(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    close_dms(c, c.alice)
    result = await open_talk(c, c.alice, "my DMs are off")
    assert "your DMs seem to be closed" in said(result) and "/talk reply" in said(result)
    thread = thread_of(c)
    reply = await c.mod.send(thread, "We read you. How are you today?")
    assert reacted(latest(thread, reply.id), "⏳")
    shown = await c.alice.slash(c.channels["general"], "talk reply")
    assert "We read you. How are you today?" in said(shown)
    assert reacted(latest(thread, reply.id), "✅")
    form = await c.alice.click(shown.response, label="Write back")
    answered = await c.alice.submit_modal(form, {"text": "A bit better."})
    assert "Passed on to the team" in said(answered)
    assert member_lines(thread)[-1] == "A bit better."
    again = await c.alice.slash(c.channels["general"], "talk reply")
    assert "Nothing new from the team yet" in said(again)


async def test_a_team_reply_that_could_not_be_delivered_is_retried_until_it_arrives(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    thread = thread_of(c)
    c.env.inject_error(
        "POST", f"/channels/{c.alice.user.dm_channel.id}/messages", status=500, code=0, message="boom", times=1
    )
    reply = await c.mod.send(thread, "Are you safe right now?")
    assert reacted(latest(thread, reply.id), "⏳")
    assert "Are you safe right now?" not in " ".join(dm_text(m) for m in bot_dms(c.alice))
    await c.env.advance_time(180)
    assert "Are you safe right now?" in dm_text(bot_dms(c.alice)[-1])
    assert reacted(latest(thread, reply.id), "✅")
    assert await c.bot.db.fetchall("SELECT id FROM talk_outbox") == []


async def test_a_member_message_that_could_not_reach_the_team_comes_back_and_is_retried(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    thread = thread_of(c)
    c.env.inject_error("POST", f"/channels/{thread.id}/messages", status=500, code=0, message="boom", times=1)
    await c.alice.send_dm("This part is hard to say")
    back = dm_text(bot_dms(c.alice)[-1]) + dm_text(bot_dms(c.alice)[-2])
    assert "This part is hard to say" in back and "I'll keep trying" in back
    assert member_lines(thread) == ["hello?"]
    await c.env.advance_time(180)
    assert member_lines(thread)[-1] == "This part is hard to say"
    assert "has reached the team" in dm_text(bot_dms(c.alice)[-1])


async def test_a_crisis_message_whose_first_relay_failed_still_pings_the_team_when_it_arrives(
    community: Community,
) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    thread = thread_of(c)
    c.env.inject_error("POST", f"/channels/{thread.id}/messages", status=500, code=0, message="boom", times=1)
    await c.alice.send_dm(CRISIS)
    await c.env.advance_time(180)
    assert member_lines(thread)[-1] == CRISIS
    pings = [m for m in thread.history() if "someone is in danger" in (m.content or "")]
    assert pings and f"<@&{c.roles['moderator'].id}>" in pings[-1].content


async def test_reveal_asks_first_and_shows_exactly_what_was_promised(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    thread = thread_of(c)
    opened = bot_dms(c.alice)[0]
    shown = await c.alice.user.click(opened, label="Tell them who I am")
    member = c.bot.get_guild(c.guild.id).get_member(c.alice.id)
    assert "alice" in said(shown) and member.display_name in said(shown) and "can't be undone" in said(shown)
    assert not any(f"<@{c.alice.id}>" in (m.content or "") for m in thread.history())
    await c.alice.user.click(shown.response, label="No, stay unnamed")
    assert not any(f"<@{c.alice.id}>" in (m.content or "") for m in thread.history())
    shown = await c.alice.user.click(opened, label="Tell them who I am")
    done = await c.alice.user.click(shown.response, label="Yes, tell them")
    assert "the team now knows" in said(done)
    assert any(f"<@{c.alice.id}>" in (m.content or "") and "alice" in (m.content or "") for m in thread.history())


async def test_only_the_team_may_press_team_buttons_and_only_moderators_block(community: Community) -> None:
    c = community
    visitor = c.guild.add_member(c.env.create_user("visitor"), roles=[c.roles["member"]])
    await c.env.settle()
    await add_team_inbox(c, also=[visitor])
    await open_talk(c, c.alice, "hello?")
    header = thread_of(c).history()[0]
    refused = await visitor.click(header, label="Claim")
    assert "Only the team" in said(refused)
    await visitor.send(thread_of(c), "hi from someone who is not the team")
    assert len(bot_dms(c.alice)) == 1
    refused = await c.supporter.click(header, label="Block from /talk")
    assert "for moderators" in said(refused)


async def test_block_stops_new_conversations_without_unmasking(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    thread = thread_of(c)
    shown = await c.mod.click(thread.history()[0], label="Block from /talk")
    done = await c.mod.submit_modal(shown, {"duration": "3d", "reason": "abusive messages"})
    assert "You still don't know who it is" in said(done)
    await c.mod.click(thread.history()[0], label="Close")
    refused = await c.alice.slash(c.channels["general"], "talk open")
    assert refused.modal is None and "paused new /talk conversations" in said(refused)
    assert (await c.bob.slash(c.channels["general"], "talk open")).modal is not None
    text = " ".join((m.content or "") + str([e.to_dict() for e in m.embeds]) for m in thread.history())
    assert "alice" not in text.lower() and str(c.alice.id) not in text
    await c.env.advance_time(3 * DAY + 60)
    assert (await c.alice.slash(c.channels["general"], "talk open")).modal is not None


async def test_crisis_message_raises_the_queue_pings_the_team_and_helps_privately(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "a question about roles")
    await c.env.advance_time(60)
    await open_talk(c, c.bob, "hard week")
    general_before = len(c.channels["general"].history())
    await c.bob.send_dm(CRISIS)
    thread = thread_of(c, 2)
    ping = thread.history()[-1]
    assert "someone is in danger" in ping.content and f"<@&{c.roles['moderator'].id}>" in ping.content
    assert any("you don't have to carry it alone" in (m.content or "") for m in bot_dms(c.bob))
    assert len(c.channels["general"].history()) == general_before
    assert not [m for m in c.channels["mod-alerts"].history() if "pills" in str(m.embeds)]
    queue = await c.supporter.slash(c.channels["general"], "talk queue")
    text = said(queue)
    assert text.index("#2") < text.index("#1") and "🔴" in text
    assert (await c.alice.slash(c.channels["general"], "talk queue")).response is not None
    assert "peer supporters" in said(await c.alice.slash(c.channels["general"], "talk queue"))


async def test_an_unanswered_conversation_re_pings_once(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await c.configure(talk__reping_minutes=30)
    await open_talk(c, c.alice, "anyone there?")
    thread = thread_of(c)
    await c.env.advance_time(20 * 60)
    assert not any("has been waiting" in (m.content or "") for m in thread.history())
    await c.env.advance_time(15 * 60)
    assert sum("has been waiting" in (m.content or "") for m in thread.history()) == 1
    await c.env.advance_time(90 * 60)
    assert sum("has been waiting" in (m.content or "") for m in thread.history()) == 1


async def test_close_transcript_and_retention_cut_after_the_period_and_not_before(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "I needed to say it")
    thread = thread_of(c)
    shown = await c.mod.click(thread.history()[0], label="Claim")
    await c.mod.click(shown.response, label="As morgan")
    await c.mod.send(thread, "Thank you for saying it.")
    await c.mod.send(thread, "// internal: follow up next week")
    await c.alice.send_dm("That helps")
    await c.mod.click(thread.history()[0], label="Close")
    closing = bot_dms(c.alice)[-1]
    assert "is closed by the team" in closing.content
    sent = await c.alice.user.click(closing, label="Send me the transcript")
    [file] = sent.followups[-1].attachments if sent.followups else sent.response.attachments
    body = (await file.read()).decode()
    assert "I needed to say it" in body and "That helps" in body
    assert "morgan, from the team of Hearth Test: Thank you for saying it." in body
    assert "internal" not in body
    # a team message after closing is not passed on
    late = await c.mod.send(thread, "one more thing")
    assert reacted(latest(thread, late.id), "❔")
    assert await c.bot.db.fetchall("SELECT number FROM talk_relays") != []
    privacy = c.bot.get_cog("PrivacyCog")
    await advance_in_steps(c.env, 29 * DAY)
    await privacy.run_retention()  # the daily privacy pass runs every part's retention task
    assert await c.bot.db.fetchall("SELECT number FROM talk_relays") != []
    await c.env.advance_time(2 * DAY)
    await privacy.run_retention()
    assert await c.bot.db.fetchall("SELECT number FROM talk_relays") == []
    assert (await c.bot.db.fetchone("SELECT status FROM talk_conversations"))[0] == "closed"
    assert thread.history()  # the record stays for the team
    gone = await c.alice.user.click(closing, label="Send me the transcript")
    assert "link to you has been removed" in said(gone)
    exported = await c.bot.member_data.export(c.guild.id, c.alice.id)
    assert exported["talk_to_the_team"] == {}


async def test_a_shorter_retention_cuts_links_at_once(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "one")
    await c.alice.slash(c.channels["general"], "talk close")
    await c.env.advance_time(3 * DAY)
    assert await c.bot.db.fetchall("SELECT number FROM talk_relays") != []
    await c.configure(talk__retention_days=2)
    assert await c.bot.db.fetchall("SELECT number FROM talk_relays") == []


async def test_the_member_can_close_and_open_a_new_one(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "one")
    done = await c.alice.slash(c.channels["general"], "talk close")
    assert "Closed" in said(done)
    assert "The member closed the conversation." in thread_of(c).history()[-1].content
    await c.alice.send_dm("one more thing")
    back = dm_text(bot_dms(c.alice)[-2]) + dm_text(bot_dms(c.alice)[-1])
    assert "is closed, so I didn't pass this on" in back and "one more thing" in back
    assert member_lines(thread_of(c)) == ["one"]
    await open_talk(c, c.alice, "two")
    assert len(c.channels["team-inbox"].threads) == 2
    a, b = await c.bot.db.fetchall("SELECT label FROM talk_conversations ORDER BY number")
    assert a[0] != b[0]


async def test_restart_mid_conversation_keeps_buttons_and_relays(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "before the restart")
    await c.restart()
    thread = thread_of(c)
    await c.mod.send(thread, "still here after a restart")
    assert "still here after a restart" in dm_text(bot_dms(c.alice)[-1])
    await c.alice.send_dm("me too")
    assert member_lines(thread)[-1] == "me too"
    shown = await c.mod.click(thread.history()[0], label="Claim")
    assert "How should they see you?" in said(shown)
    shown = await c.alice.user.click(bot_dms(c.alice)[0], label="Tell them who I am")
    assert "can't be undone" in said(shown)


async def test_open_from_dms_with_one_shared_server(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    shown = await c.alice.user.slash("talk open")
    assert shown.modal is not None
    await c.alice.user.submit_modal(shown, {"text": "from my DMs"})
    assert member_lines(thread_of(c)) == ["from my DMs"]


async def test_an_inbox_everyone_can_read_is_refused(community: Community) -> None:
    c = community
    public = c.channels["general"]
    refused = await c.mod.slash(c.channels["general"], "config channel", slot="team_inbox", channel=public)
    assert "can be seen by everyone" in said(refused)
    await c.configure(channels__team_inbox=public.id)
    result = await open_talk(c, c.alice, "is this private?")
    assert "isn't private" in said(result) and "is this private?" in said(result)
    assert public.threads == []
    assert await c.bot.db.fetchall("SELECT number FROM talk_conversations") == []


async def test_mydata_and_forgetme_cover_talk(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    shown = await c.supporter.click(thread_of(c).history()[0], label="Claim")
    await c.supporter.click(shown.response, label="Without my name")
    exported = await c.bot.member_data.export(c.guild.id, c.alice.id)
    [conversation] = exported["talk_to_the_team"][str(c.guild.id)]["conversations_still_linked_to_you"]
    assert conversation["number"] == 1 and conversation["status"] == "open"
    supporter = await c.bot.member_data.export(None, c.supporter.id)
    assert supporter["talk_to_the_team"]["conversations_you_claimed_for_the_team"][0]["number"] == 1
    await c.bot.member_data.delete(c.guild.id, c.alice.id)
    assert await c.bot.db.fetchall("SELECT number FROM talk_relays") == []
    assert (await c.bot.db.fetchone("SELECT status FROM talk_conversations"))[0] == "closed"
    assert (await c.bot.member_data.export(c.guild.id, c.alice.id))["talk_to_the_team"] == {}
    await c.mod.send(thread_of(c), "are you still there?")
    assert "are you still there?" not in " ".join(dm_text(m) for m in bot_dms(c.alice))


async def test_a_dm_with_conversations_in_two_servers_asks_which_team(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    other = c.env.create_guild("Second Home")
    alice_there = other.add_member(c.alice.user)
    mods = other.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    other_mod = other.add_member(c.env.create_user("riley"), roles=[mods])
    general = other.create_text_channel("general")
    await c.env.settle()
    me = c.bot.get_guild(other.id).me
    inbox = other.create_text_channel(
        "inbox",
        overwrites={
            other.default_role: discord.PermissionOverwrite(view_channel=False),
            mods: discord.PermissionOverwrite(view_channel=True),
            me: discord.PermissionOverwrite(view_channel=True),
        },
    )
    await c.env.settle()
    await c.bot.guild_settings.update(other.id, other_mod.id, {"channels.team_inbox": inbox.id})
    await open_talk(c, c.alice, "here")
    shown = await alice_there.slash(general, "talk open")
    await alice_there.submit_modal(shown, {"text": "and there"})
    await c.alice.send_dm("which one gets this?")
    question = bot_dms(c.alice)[-1]
    assert "more than one server" in question.content
    picked = await c.alice.user.select(question, [f"{other.id}:1"])
    assert "Passed on to the team" in said(picked)
    [thread] = inbox.threads
    assert member_lines(thread)[-1] == "which one gets this?"
    assert member_lines(thread_of(c)) == ["here"]


async def test_a_crisis_first_message_pings_the_team_and_answers_the_member_privately(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    result = await open_talk(c, c.alice, CRISIS)
    assert "you don't have to carry it alone" in said(result)
    assert "someone is in danger" in thread_of(c).history()[-1].content
    [row] = await c.bot.db.fetchall("SELECT risk FROM talk_conversations")
    assert row[0] == 2
    assert c.channels["general"].history() == []


async def test_forgetme_removes_the_name_of_a_named_conversation(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.bob, "with my name", named=True)
    member = c.bot.get_guild(c.guild.id).get_member(c.bob.id)
    assert (await c.bot.db.fetchone("SELECT label FROM talk_conversations"))[0] == member.display_name
    await c.bot.member_data.delete(None, c.bob.id)
    [row] = await c.bot.db.fetchall("SELECT label, status FROM talk_conversations")
    assert member.display_name not in row[0] and row[1] == "closed"


async def test_moving_the_inbox_keeps_open_conversations_relaying(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "before the move")
    thread = thread_of(c)
    await c.configure(channels__team_inbox=c.channels["mod-alerts"].id)
    await c.mod.send(thread, "still reaching you")
    assert "still reaching you" in dm_text(bot_dms(c.alice)[-1])


async def test_server_only_subcommands_in_dms_get_a_kind_answer(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    for name in ("talk reply", "talk close", "talk queue"):
        answered = await c.alice.user.slash(name)
        assert "works inside a server" in said(answered), name


async def test_a_pending_retry_survives_a_restart(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    thread = thread_of(c)
    c.env.inject_error(
        "POST", f"/channels/{c.alice.user.dm_channel.id}/messages", status=500, code=0, message="boom", times=1
    )
    await c.mod.send(thread, "Sent just before the restart")
    await c.restart()
    await c.env.advance_time(180)
    assert "Sent just before the restart" in dm_text(bot_dms(c.alice)[-1])


async def test_a_picture_in_dms_is_not_passed_on_and_the_member_is_told(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    dm = c.alice.user.dm_channel
    stored = c.env.backend.store_attachments(dm.id, [("me.png", b"png")])
    await c.alice.send_dm("", attachments=stored)
    assert "words only" in bot_dms(c.alice)[-1].content
    assert member_lines(thread_of(c)) == ["hello?"]


async def test_config_shows_and_sets_the_talk_settings(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    shown = await c.mod.slash(c.channels["general"], "config show")
    embed = shown.response.embeds[0]
    talk = next(f.value for f in embed.fields if f.name == "Talk")
    assert "`talk.prefix`" in talk and "`talk.retention_days`" in talk
    assert any("Team inbox" in f.value for f in embed.fields if f.name == "Channels")
    done = await c.mod.slash(
        c.channels["general"], "config set", setting="talk.topics", value="Need to talk | Server stuff, rules"
    )
    assert "Saved" in said(done)
    assert (await c.bot.guild_settings.get(c.guild.id)).talk.topics == ["Need to talk", "Server stuff, rules"]
    refused = await c.mod.slash(c.channels["general"], "config set", setting="talk.reping_minutes", value="-3")
    assert "Saved" not in said(refused)
    choices = await c.alice.autocomplete(c.channels["general"], "talk open", "topic", "rules")
    assert [ch["value"] for ch in choices] == ["Server stuff, rules"]


async def test_a_staff_only_forum_inbox_gets_one_tagged_post_per_conversation(community: Community) -> None:
    from simcord.backend.models.channel import Overwrite
    from simcord.enums import ChannelType, OverwriteType

    c = community
    guild = c.bot.get_guild(c.guild.id)
    view = discord.Permissions(view_channel=True).value

    def role(target: int, allow: int = 0, deny: int = 0) -> Overwrite:
        return Overwrite(target_id=target, type=OverwriteType.ROLE, allow=allow, deny=deny)

    tags = [
        {"id": str(900 + i), "name": name, "moderated": False, "emoji_id": None, "emoji_name": None}
        for i, name in enumerate(["I'm struggling", "Open", "Closed", "Other"])
    ]
    stored = c.env.backend.create_channel(
        c.guild.id,
        "team-forum",
        type=ChannelType.FORUM,
        overwrites=[
            role(c.guild.id, deny=view),
            role(c.roles["moderator"].id, allow=view),
            Overwrite(target_id=guild.me.id, type=OverwriteType.MEMBER, allow=view),
        ],
        available_tags=tags,
    )
    forum = simcord.ChannelHandle(c.env, c.guild, stored)
    await c.env.settle()
    done = await c.mod.slash(c.channels["general"], "config channel", slot="team_inbox", channel=forum)
    assert "Saved" in said(done), said(done)
    refused = await c.mod.slash(c.channels["general"], "config channel", slot="wins", channel=forum)
    assert "Only the team inbox can be a forum" in said(refused)
    await open_talk(c, c.alice, "in the forum", topic="I'm struggling")
    created = [r for r in c.env.http_requests if r.method == "POST" and r.path == f"/channels/{forum.id}/threads"]
    assert sorted(created[-1].json["applied_tags"]) == ["900", "901"]
    [thread] = [t for t in guild.threads if t.parent_id == forum.id]
    await c.alice.send_dm("still me")
    conversation = await c.bot.db.fetchone("SELECT thread_id FROM talk_conversations")
    assert conversation[0] == thread.id
    [post] = forum.threads
    assert member_lines(post) == ["in the forum", "still me"]
    assert "Someone is talking to the team without their name" in post.history()[0].embeds[0].description
    await c.alice.slash(c.channels["general"], "talk close")
    edits = [r for r in c.env.http_requests if r.method == "PATCH" and r.path == f"/channels/{thread.id}"]
    assert any(sorted((r.json or {}).get("applied_tags", [])) == ["900", "902"] for r in edits)


async def test_an_opening_cut_short_by_a_crash_does_not_block_the_member(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    c.env.inject_error("POST", f"/channels/{c.channels['team-inbox'].id}/threads", status=500, code=0, message="x")
    failed = await open_talk(c, c.alice, "first try")
    assert "first try" in said(failed) and "couldn't open" in said(failed)
    assert await c.bot.db.fetchall("SELECT number FROM talk_conversations") == []
    # as if the bot had stopped between storing and making the thread
    cog = c.bot.get_cog("TalkCog")
    settings = await c.bot.guild_settings.get(c.guild.id)
    await cog.service.start(
        settings, c.guild.id, c.alice.id, topic="Something else", named=False, shown_name="", avoid=None, text="x"
    )
    blocked = await c.alice.slash(c.channels["general"], "talk open")
    assert "already have a conversation open" in said(blocked)
    await c.env.advance_time(6 * 60)
    await open_talk(c, c.alice, "second try")
    assert member_lines(thread_of(c, 1)) == ["second try"]


async def test_crisis_words_written_by_the_team_in_the_inbox_raise_no_alert(community: Community) -> None:
    c = community
    await add_team_inbox(c)
    await open_talk(c, c.alice, "hello?")
    before = len(c.channels["mod-alerts"].history())
    await c.supporter.send(thread_of(c), f"// they said: {CRISIS}")
    assert len(c.channels["mod-alerts"].history()) == before
    assert not [m for m in bot_dms(c.supporter) if "carry it alone" in (m.content or "")]
