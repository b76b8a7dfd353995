"""The safety plan: made step by step in modals, shown only to its owner, encrypted at rest, exported and forgotten."""

from __future__ import annotations

import json
from typing import Any

import discord
import simcord

from bot.core.tags import owner_tag
from cogs.safetyplan.messages import STEP_KEYS
from cogs.safetyplan.service import PlanCipher
from tests.conftest import TEST_SECRET, Community

CRISIS = "I have the pills ready and I am going to end it tonight"


def dms(actor: simcord.MemberActor) -> list[discord.Message]:
    return [m for m in actor.user.dm_channel.history() if m.author.bot]


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else getattr(item, key, None)


def labels(message: Any) -> list[str]:
    """Every button label and menu placeholder under a message (a DM or a private reply)."""
    found = []
    for row in message.components:
        for item in _get(row, "components") or _get(row, "children") or []:
            found.append(_get(item, "label") or _get(item, "placeholder") or "")
    return found


def field_values(message: Any) -> dict[str, str]:
    embed = message.embeds[0]
    return {f.name: f.value for f in embed.fields}


async def write_step(c: Community, actor: Any, shown: Any, text: str) -> Any:
    assert shown.modal is not None, "expected a modal"
    return await actor.submit_modal(shown, {"text": text})


async def test_a_member_makes_a_plan_step_by_step_and_only_they_see_it(community: Community) -> None:
    c = community
    first = await c.alice.slash(c.channels["general"], "safetyplan")
    assert first.ephemeral
    assert "Only you can see it" in first.response.embeds[0].description
    assert "Start with step 1" in labels(first.response)
    shown = await c.alice.click(first.response, label="Start with step 1")
    saved = await write_step(c, c.alice, shown, "I stop answering my sister's messages")
    assert saved.ephemeral and "Saved step 1 of 7" in saved.response.content
    assert field_values(saved.response)["1. My warning signs"] == "I stop answering my sister's messages"
    shown = await c.alice.click(saved.response, label="Next: step 2")
    saved = await write_step(c, c.alice, shown, "A long shower, then music")
    values = field_values(saved.response)
    assert values["2. Things I can do on my own"] == "A long shower, then music"
    assert values["3. People and places that take my mind off things"].startswith("*Not filled in yet.*")
    assert c.channels["general"].last_message is None  # nothing public, ever
    again = await c.alice.slash(c.channels["general"], "safetyplan")
    assert field_values(again.response)["1. My warning signs"] == "I stop answering my sister's messages"


async def test_every_step_can_be_edited_from_the_menu_and_a_blank_clears_it(community: Community) -> None:
    c = community
    shown = await c.alice.slash(c.channels["general"], "safetyplan")
    message = shown.response
    for number, key in enumerate(STEP_KEYS, start=1):
        opened = await c.alice.select(
            message, [key], custom_id=f"hearth:plan:{owner_tag(c.bot.secret, c.alice.id)}:pick"
        )
        saved = await write_step(c, c.alice, opened, f"step {number} in my words")
        message = saved.response
        assert (
            f"step {number} in my words"
            in field_values(message)[next(n for n in field_values(message) if n.startswith(f"{number}."))]
        )
    assert "Saved. That's every step" in message.content
    opened = await c.alice.select(
        message, ["help"], custom_id=f"hearth:plan:{owner_tag(c.bot.secret, c.alice.id)}:pick"
    )
    cleared = await write_step(c, c.alice, opened, "   ")
    assert "Step 4 is blank again" in cleared.response.content
    steps = await c.bot.get_cog("SafetyPlanCog").plans.load(c.alice.id)  # type: ignore[union-attr]
    assert "help" not in steps and steps["reasons"] == "step 7 in my words"


async def test_professionals_step_starts_from_the_members_country_lines(community: Community) -> None:
    c = community
    await c.configure(country="DE")
    shown = await c.alice.slash(c.channels["general"], "safetyplan")
    opened = await c.alice.select(
        shown.response, ["professionals"], custom_id=f"hearth:plan:{owner_tag(c.bot.secret, c.alice.id)}:pick"
    )
    modal = opened.modal
    assert modal is not None and modal["title"] == "Safety plan · step 5 of 7"
    [row] = modal["components"]
    default = row.get("component", row.get("components", [{}])[0] if "components" in row else {}).get("value", "")
    assert "Emergency: 112" in default and "0800 111 0 111" in default
    saved = await write_step(c, c.alice, opened, default + "Dr. Weber, Tuesdays")
    assert "Dr. Weber" in field_values(saved.response)["5. Professionals and crisis lines"]


class _Presser:
    """Just enough of an interaction to press a persistent item as someone else (a modified client could)."""

    def __init__(self, bot: Any, user_id: int) -> None:
        self.client = bot
        self.user = discord.Object(id=user_id)
        self.guild_id = None


async def test_someone_else_cannot_press_a_members_plan_controls_whatever_the_client_sends(
    community: Community,
) -> None:
    from bot.surface.errors import UserFacingError
    from cogs.safetyplan.views import PlanButton, PlanStepSelect

    c = community
    alice = owner_tag(c.bot.secret, c.alice.id)
    items: list[Any] = [PlanButton(alice, action) for action in ("open", "done", "dm", "delete", "delete-yes")]
    items += [PlanButton(alice, "edit", key) for key in STEP_KEYS] + [PlanStepSelect(alice)]
    for item in items:
        try:
            await item.run(_Presser(c.bot, c.bob.id))
        except UserFacingError as refused:
            assert "someone else's" in refused.message
        else:
            raise AssertionError(f"{item.custom_id} let someone else press it")
    assert await c.bot.db.fetchone("SELECT 1 FROM safety_plans") is None


async def test_stored_plan_is_ciphertext_that_opens_only_with_the_secret_and_owner(community: Community) -> None:
    c = community
    shown = await c.alice.slash(c.channels["general"], "safetyplan")
    opened = await c.alice.click(shown.response, label="Start with step 1")
    await write_step(c, c.alice, opened, "When I reread his old messages at night")
    row = await c.bot.db.fetchone("SELECT ciphertext FROM safety_plans WHERE user_id = ?", (c.alice.id,))
    assert row is not None
    blob = bytes(row[0])
    assert b"reread" not in blob and b"messages" not in blob
    assert PlanCipher(TEST_SECRET.encode()).open(blob, c.alice.id) == {
        "warning_signs": "When I reread his old messages at night"
    }
    assert PlanCipher(b"another operator's secret").open(blob, c.alice.id) is None
    assert PlanCipher(TEST_SECRET.encode()).open(blob, c.bob.id) is None  # bound to its owner
    # The whole database file never holds the text either.
    dump = "\n".join([line async for line in _iterdump(c)])
    assert "reread his old messages" not in dump


async def _iterdump(c: Community):  # type: ignore[no-untyped-def]
    async for line in c.bot.db.conn.iterdump():
        yield line


async def test_crisis_dm_offers_to_make_a_plan_then_opens_it(community: Community) -> None:
    c = community
    await c.alice.send(c.channels["general"], CRISIS)
    [dm] = dms(c.alice)
    assert "Make a safety plan" in labels(dm) and "Check in with me tomorrow" in labels(dm)
    assert "A safety plan is a few lines" in dm.content
    opened = await c.alice.user.click(dm, label="Make a safety plan")
    assert opened.ephemeral and opened.response.embeds[0].title == "My safety plan"
    shown = await c.alice.user.click(opened.response, label="Start with step 1")
    await write_step(c, c.alice.user, shown, "Call my sister")
    await c.env.advance_time(7 * 3600)
    await c.alice.send(c.channels["general"], CRISIS + " again")
    latest = dms(c.alice)[-1]
    assert "My safety plan" in labels(latest) and "A safety plan is a few lines" not in latest.content
    plan = await c.alice.user.click(latest, label="My safety plan")
    assert field_values(plan.response)["1. My warning signs"] == "Call my sister"


async def test_crisis_command_has_the_plan_button_too(community: Community) -> None:
    c = community
    result = await c.alice.slash(c.channels["general"], "crisis")
    assert "Make a safety plan" in labels(result.response)
    assert "A safety plan is a few lines" in result.response.content


async def test_plan_can_be_sent_to_dms_and_deleted(community: Community) -> None:
    c = community
    shown = await c.alice.slash(c.channels["general"], "safetyplan")
    opened = await c.alice.click(shown.response, label="Start with step 1")
    saved = await write_step(c, c.alice, opened, "Tea on the balcony")
    sent = await c.alice.click(saved.response, label="Send it to my DMs")
    assert "DM" in sent.response.content
    [dm] = dms(c.alice)
    assert field_values(dm)["1. My warning signs"] == "Tea on the balcony"
    ask = await c.alice.click(saved.response, label="Delete my plan")
    done = await c.alice.click(ask.response, label="Yes, delete it")
    assert "deleted" in done.response.content
    assert await c.bot.db.fetchone("SELECT 1 FROM safety_plans WHERE user_id = ?", (c.alice.id,)) is None


async def test_plan_is_in_mydata_and_gone_after_forgetme(community: Community) -> None:
    c = community
    shown = await c.alice.slash(c.channels["general"], "safetyplan")
    opened = await c.alice.click(shown.response, label="Start with step 1")
    await write_step(c, c.alice, opened, "Walk to the river")
    result = await c.alice.slash(c.channels["general"], "mydata")
    reply = result.followups[-1] if result.followups else result.response
    data = json.loads(await reply.attachments[0].read())
    [step] = data["data"]["safety_plan"]["safety_plan"]
    assert step["step"] == "My warning signs" and step["text"] == "Walk to the river"
    assert "Your safety plan and check-ins: 1" in reply.content
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    confirm = asked.followups[-1] if asked.followups else asked.response
    await c.alice.click(confirm.message if hasattr(confirm, "message") else confirm, label="Delete my data")
    assert await c.bot.db.fetchone("SELECT 1 FROM safety_plans WHERE user_id = ?", (c.alice.id,)) is None
    again = await c.alice.slash(c.channels["general"], "safetyplan")
    assert "Start with step 1" in labels(again.response)


async def test_a_step_written_while_hearth_restarted_is_still_saved(community: Community) -> None:
    c = community
    shown = await c.alice.slash(c.channels["general"], "safetyplan")
    opened = await c.alice.click(shown.response, label="Start with step 1")
    await c.restart()  # the modal is still open on the member's screen
    saved = await write_step(c, c.alice, opened, "Evenings alone after work")
    assert saved.ephemeral and "Saved step 1 of 7" in saved.response.content
    steps = await c.bot.get_cog("SafetyPlanCog").plans.load(c.alice.id)  # type: ignore[union-attr]
    assert steps == {"warning_signs": "Evenings alone after work"}


async def test_a_step_modal_is_handled_once_when_the_process_that_opened_it_is_still_running(
    community: Community,
) -> None:
    c = community
    shown = await c.alice.slash(c.channels["general"], "safetyplan")
    opened = await c.alice.click(shown.response, label="Start with step 1")
    saved = await write_step(c, c.alice, opened, "Skipping meals")
    assert "Saved step 1 of 7" in saved.response.content and not saved.followups
    steps = await c.bot.get_cog("SafetyPlanCog").plans.load(c.alice.id)  # type: ignore[union-attr]
    assert steps == {"warning_signs": "Skipping meals"}


async def test_a_plan_sealed_under_another_secret_is_never_shown_and_can_be_written_afresh(
    community: Community,
) -> None:
    from tests.conftest import make_bot

    c = community
    shown = await c.alice.slash(c.channels["general"], "safetyplan")
    opened = await c.alice.click(shown.response, label="Start with step 1")
    await write_step(c, c.alice, opened, "The quiet after the kids are asleep")
    await c.env.restart_bot(make_bot(c.db_path, HEARTH_SECRET="the operator changed the key"))
    await c.bot.tree.sync()
    again = await c.alice.slash(c.channels["general"], "safetyplan")
    assert "can't open your saved plan" in again.response.content
    assert "kids are asleep" not in str(again.response.embeds[0].to_dict())
    exported = await c.bot.member_data.export(None, c.alice.id)
    assert exported["safety_plan"]["safety_plan"][0]["step"] == "(unreadable)"
    opened = await c.alice.click(again.response, label="Start with step 1")
    saved = await write_step(c, c.alice, opened, "Sunday evenings")
    assert field_values(saved.response)["1. My warning signs"] == "Sunday evenings"
