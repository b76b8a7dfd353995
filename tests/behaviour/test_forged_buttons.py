"""Every persistent button checks at press time that the presser may press it, whatever custom_id was sent.

Each case builds a real object (a queued post, an alert, a report, a win...), copies the custom_id of its
button, and presses it as someone it wasn't for (or from another server). The press is answered privately
with a refusal, and nothing happens. A test below holds the list of cases to every persistent button type.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord
import pytest
import simcord
from simcord.actors import _dispatch_actor_interaction, _visible_message
from simcord.backend import serializers
from simcord.enums import InteractionType

from bot.surface import messages as common
from bot.surface.views import GuardedCallback
from cogs.onboarding import messages as onboarding_words
from cogs.safety import messages as safety_words
from tests.behaviour.anon_helpers import posts, share
from tests.behaviour.test_crisis_alerts import CRISIS, alerts, dms
from tests.conftest import Community, build_community, configure_all_channels


async def forge(
    actor: Any, custom_id: str, *, values: list[str] | None = None, where: discord.Message | None = None
) -> simcord.InteractionResult:
    """Press a component with a copied custom_id, as a modified client would: on a message the presser can
    see (`where`), claiming that message carries the copied button (discord.py dispatches only then)."""
    assert where is not None
    stored = _visible_message(actor, where)
    backend = actor._env.backend
    payload = dict(serializers.message_payload(backend, stored))
    if values is not None:
        item = {"type": 3, "custom_id": custom_id, "options": [{"label": v, "value": v} for v in values]}
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": 3, "values": values}
    else:
        item = {"type": 2, "style": 1, "label": "copied", "custom_id": custom_id}
        data = {"custom_id": custom_id, "component_type": 2}
    payload["components"] = [{"type": 1, "components": [item]}]
    channel = simcord.ChannelHandle(actor._env, getattr(actor, "guild", None), backend.get_channel(stored.channel_id))
    return await _dispatch_actor_interaction(
        actor, InteractionType.MESSAGE_COMPONENT, channel, data, extra={"message": payload}, source_message_id=stored.id
    )


def refused(result: simcord.InteractionResult, *phrases: str) -> None:
    """Answered privately, with one of the refusals."""
    answers = ([result.response] if result.response is not None else []) + result.followups
    assert answers, "the forged press was not answered"
    assert all(answer.ephemeral for answer in answers)
    assert any(phrase in answer.content for answer in answers for phrase in phrases), answers[0].content


def components(message: discord.Message) -> list[str]:
    """Every custom_id on a message."""
    return [item.custom_id for row in message.components for item in row.children if item.custom_id]  # type: ignore[union-attr]


@dataclass
class Case:
    """One persistent button type and how to forge it."""

    button: str
    forge: Callable[[Community], Awaitable[None]]


MOD_ONLY = common.NOT_FOR_YOU["moderator"]
PEERS = common.NOT_FOR_YOU["peer_supporter"]


_SAID = [0]


async def _say(c: Community, actor: Any) -> discord.Message:
    """A message of the presser's own to press on (each different, so the spam guard leaves it be)."""
    _SAID[0] += 1
    return await actor.send(c.channels["general"], f"just here, note {_SAID[0]}")


async def forged_queue_button(c: Community) -> None:
    await c.configure(anonymous__approval=True)
    await share(c, c.alice, "Waiting for someone to read this")
    card = c.channels["mod-alerts"].last_message
    approve = next(cid for cid in components(card) if ":approve:" in cid)
    refused(await forge(c.bob, approve, where=await _say(c, c.bob)), MOD_ONLY)
    assert posts(c.channels["anonymous"]) == []


async def forged_alert_button(c: Community) -> None:
    await c.alice.send(c.channels["general"], CRISIS)
    [alert] = alerts(c)
    resolve = next(cid for cid in components(alert) if ":resolve:" in cid)
    acknowledge = next(cid for cid in components(alert) if ":acknowledge:" in cid)
    refused(await forge(c.bob, acknowledge, where=await _say(c, c.bob)), PEERS)
    refused(await forge(c.supporter, resolve, where=await _say(c, c.supporter)), MOD_ONLY)
    assert "open" in str(alerts(c)[0].embeds[0].to_dict()).lower()


async def forged_check_in_button(c: Community) -> None:
    await c.alice.send(c.channels["general"], CRISIS)
    [dm] = dms(c.alice)
    check_in = components(dm)[0]
    before = len(c.channels["mod-alerts"].history())
    refused(await forge(c.bob, check_in, where=await _say(c, c.bob)), "made for the person")
    old_style = check_in.rsplit(":", 1)[0]  # a button from before the writer's tag: cannot be verified
    refused(await forge(c.alice, old_style, where=await _say(c, c.alice)), "made for the person")
    assert len(c.channels["mod-alerts"].history()) == before
    assert str(c.bob.id) not in str(alerts(c)[0].embeds[0].to_dict())


async def forged_report_buttons(c: Community) -> None:
    target = await c.bob.send(c.channels["general"], "you are all pathetic")
    shown = await c.alice.context_menu(c.channels["general"], "Report to moderators", target)
    await c.alice.submit_modal(shown, {"reason": "cruel"})
    incident = c.channels["mod-alerts"].last_message
    delete = next(cid for cid in components(incident) if ":delete:" in cid)
    refused(await forge(c.alice, delete, where=await _say(c, c.alice)), MOD_ONLY)
    assert target.id in [m.id for m in c.channels["general"].history()]
    select = next(cid for cid in components(incident) if cid.startswith("hearth:report-timeout:"))
    refused(await forge(c.alice, select, values=["600"], where=await _say(c, c.alice)), MOD_ONLY)
    assert c.env.backend.get_member(c.guild.id, c.bob.id).timed_out_until is None


async def forged_undo_button(c: Community) -> None:
    extras = [c.guild.add_member(c.env.create_user(f"user{i}")) for i in range(4)]
    await c.bob.send(c.channels["general"], "look " + " ".join(m.mention for m in [c.mod, c.supporter, *extras]))
    card = c.channels["mod-alerts"].last_message
    undo = next(cid for cid in components(card) if cid.startswith("hearth:spamundo:"))
    refused(await forge(c.alice, undo, where=await _say(c, c.alice)), MOD_ONLY)
    until = c.env.backend.get_member(c.guild.id, c.bob.id).timed_out_until
    assert until is not None, "the forged undo lifted the timeout"


async def forged_suggestion_button(c: Community) -> None:
    shown = await c.alice.slash(c.channels["general"], "prompt suggest", theme="hope")
    await c.alice.submit_modal(shown, {"text": "What would you tell yourself a year from now?", "content_warning": ""})
    card = c.channels["mod-alerts"].last_message
    approve = next(cid for cid in components(card) if ":approve:" in cid)
    refused(await forge(c.alice, approve, where=await _say(c, c.alice)), MOD_ONLY)


async def forged_delete_my_post_button(c: Community) -> None:
    result = await share(c, c.alice, "Only I may take this down")
    answers = ([result.response] if result.response is not None else []) + result.followups
    delete = next(cid for answer in answers for cid in components(answer.message) if ":delete:" in cid)
    refused(await forge(c.bob, delete, where=await _say(c, c.bob)), "can't match you to post #1")
    assert len(posts(c.channels["anonymous"])) == 1


async def forged_agree_and_celebrate_from_another_server(c: Community) -> None:
    other = build_community(c.env, c.db_path, name="Another circle")
    await c.env.settle()
    await configure_all_channels(other)
    intruder = other.bob
    agree = f"hearth:agree:{c.guild.id}"
    refused(await forge(intruder, agree, where=await _say(other, intruder)), common.NOT_FROM_HERE)
    in_dm = await intruder.send_dm("hello")  # from a DM, where no server is checked by place
    refused(await forge(intruder.user, agree, where=in_dm), onboarding_words.NOT_IN_SERVER)
    await c.alice.slash(c.channels["general"], "win", text="Cooked dinner for myself")
    [win] = components(c.channels["wins"].last_message)
    refused(await forge(intruder, win, where=await _say(other, intruder)), "no longer", "isn't here", "gone")


async def forged_talk_buttons(c: Community) -> None:
    from cogs.talk import messages as talk_words
    from tests.behaviour.talk_helpers import add_team_inbox, bot_dms, open_talk, thread_of

    await add_team_inbox(c)
    await open_talk(c, c.alice, "Can someone help me think about moving out?")
    header = thread_of(c).history()[0]
    claim = next(cid for cid in components(header) if ":claim:" in cid)
    refused(await forge(c.bob, claim, where=await _say(c, c.bob)), talk_words.NOT_TEAM)
    close = next(cid for message in bot_dms(c.alice) for cid in components(message) if ":close:" in cid)
    refused(await forge(c.bob, close, where=await _say(c, c.bob)), "someone else's conversation")
    conversation = await c.bot.get_cog("TalkCog").repository.get(c.guild.id, 1)  # type: ignore[union-attr]
    assert conversation is not None and conversation.status == "open" and conversation.claimed_by is None


async def forged_line_report_from_another_server(c: Community) -> None:
    card = await c.alice.slash(c.channels["general"], "crisis", country="US")
    report = next(cid for cid in components(card.response.message) if cid.startswith("hearth:line:"))
    other = build_community(c.env, c.db_path, name="Elsewhere")
    await c.env.settle()
    before = len(c.channels["mod-alerts"].history())
    pressed = await forge(other.bob, report, where=await _say(other, other.bob))
    # Help is never refused: the presser gets the other lines at once; the server named is not told.
    assert pressed.ephemeral and pressed.response is not None and pressed.response.embeds
    assert len(c.channels["mod-alerts"].history()) == before


async def forged_check_in_and_plan_buttons(c: Community) -> None:
    from datetime import timedelta

    from cogs.safetyplan import messages as plan_words
    from tests.behaviour.test_checkin import ask_for_checkin, checkin_dms, due_at, until

    await ask_for_checkin(c)  # alice's crisis DM, and her "Check in with me tomorrow"
    [dm] = [m for m in dms(c.alice) if any("checkin-offer" in cid for cid in components(m))]
    offer = next(cid for cid in components(dm) if cid.startswith("hearth:checkin-offer:"))
    plan = next(cid for cid in components(dm) if cid.startswith("hearth:plan:"))
    refused(await forge(c.bob, offer, where=await _say(c, c.bob)), plan_words.CHECKIN_NOT_YOURS)
    refused(await forge(c.bob, plan, where=await _say(c, c.bob)), common.NOT_YOUR_BUTTON)
    await until(c, await due_at(c) + timedelta(minutes=1))
    [checkin] = checkin_dms(c.alice)
    worse = next(cid for cid in components(checkin) if cid.endswith(":worse"))
    number = worse.split(":")[2]
    for forged in (worse, f"hearth:checkin-team:{number}:named", f"hearth:checkin-again:{number}"):
        refused(await forge(c.bob, forged, where=await _say(c, c.bob)), plan_words.CHECKIN_NOT_YOURS)
    mine = await c.alice.slash(c.channels["general"], "safetyplan")
    pick = next((cid for cid in components(mine.response.message) if cid.endswith(":pick")), None)
    owner = plan.split(":")[2]
    refused(
        await forge(c.bob, pick or f"hearth:plan:{owner}:pick", values=["warning_signs"], where=await _say(c, c.bob)),
        common.NOT_YOUR_BUTTON,
    )
    row = await c.bot.get_cog("SafetyPlanCog").checkins.repository.checkin(int(number))  # type: ignore[union-attr]
    assert row is not None and row.answer is None, "a forged press answered alice's check-in"


CASES = [
    Case(
        "CheckInOfferButton CheckInAnswerButton CheckInTeamButton CheckInAgainButton PlanButton PlanStepSelect",
        forged_check_in_and_plan_buttons,
    ),
    Case("TeamButton MemberButton", forged_talk_buttons),
    Case("LineReportButton", forged_line_report_from_another_server),
    Case("QueueButton", forged_queue_button),
    Case("AlertButton", forged_alert_button),
    Case("CheckInButton", forged_check_in_button),
    Case("ReportButton ReportTimeoutSelect", forged_report_buttons),
    Case("UndoButton", forged_undo_button),
    Case("SuggestionReviewButton", forged_suggestion_button),
    Case("DeleteMyPostButton", forged_delete_my_post_button),
    Case("AgreeButton CelebrateButton", forged_agree_and_celebrate_from_another_server),
]


@pytest.mark.parametrize("case", CASES, ids=[case.button for case in CASES])
async def test_a_forged_press_is_refused_privately_and_does_nothing(community: Community, case: Case) -> None:
    await case.forge(community)


def _all_subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _all_subclasses(sub)
    return found


def test_every_persistent_button_type_has_a_forged_press_case(community: Community) -> None:
    covered = {name for case in CASES for name in case.button.split()}
    buttons = {cls for cls in _all_subclasses(GuardedCallback) if not cls.__dict__.get("_base", False)}
    assert {cls.__name__ for cls in buttons} <= covered  # every button; the bases (PersistentButton, ...) are none


def test_a_persistent_button_that_does_not_say_who_may_press_it_cannot_be_defined() -> None:
    with pytest.raises(TypeError, match="must define check_presser"):

        class Careless(GuardedCallback, discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"careless:(\d+)"):
            async def run(self, interaction: discord.Interaction[Any]) -> None:
                """Would act for anyone."""


def test_the_check_in_refusal_points_somewhere_useful() -> None:
    assert "/crisis" in safety_words.CHECK_IN_NOT_YOURS
