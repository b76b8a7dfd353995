"""The whole synced command tree, fuzzed: every command and option, as a member and as a moderator.

For each slash command Discord knows (read back from the sync, so nothing is missed), hypothesis draws
values for its options within what Discord itself would send (its length limits and choices) from
shapes that broke things before: empty, 4,500 characters, unicode digits, zone-database folders, huge
numbers, mention fragments. Each is sent as a member and as a moderator; a modal that opens is
submitted with such values too, and every autocomplete is typed into. Every interaction must be
answered, privately, and no error may escape the one error path except the kind refusals.

Examples are derandomized and few per command (CI stays fast); the shapes above are always tried first.
"""

from __future__ import annotations

from typing import Any

import discord
import pytest
import simcord
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.surface import messages as common
from bot.surface.errors import is_expected
from tests.conftest import Community

DISCORD_INT = 2**53 - 1  # Discord's integer options are limited to ±2^53
OPTION_TEXT_LIMIT = 6000

NASTY_TEXT = [
    "",
    " ",
    "x" * 4500,
    "٣٤",
    "²",
    "１２:００",
    "America",
    "America/Argentina",
    "Etc/GMT+5",
    "9" * 40,
    "99999999999999999999999d",
    "18446744073709551616",
    "<@123456789012345678>",
    "@everyone @here",
    "<@&123456789012345678>",
    "<#123456789012345678>",
    "```",
    "\u200b",
    "\n\n\n",
    "🫂" * 300,
    "-1",
    "0",
]
NASTY_INT = [0, 1, -1, 2, 10**9, DISCORD_INT, -DISCORD_INT]


def _leaves(command: Any, prefix: str = "") -> list[tuple[str, list[Any]]]:
    name = f"{prefix}{command.name}"
    subs = [o for o in getattr(command, "options", []) if isinstance(o, discord.app_commands.AppCommandGroup)]
    if subs:
        return [leaf for sub in subs for leaf in _leaves(sub, f"{name} ")]
    return [(name, [o for o in getattr(command, "options", []) if isinstance(o, discord.app_commands.Argument)])]


def _fit(text: str, option: Any) -> str:
    """What Discord would let through for this option: within its min and max length."""
    high = option.max_length if option.max_length is not None else OPTION_TEXT_LIMIT
    low = option.min_length or 0
    text = text[:high]
    if len(text) < low:
        text = text + "a" * (low - len(text))
    return text


def _text(option: Any) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=200)).map(lambda t: _fit(t, option))


def _integer(option: Any) -> st.SearchStrategy[int]:
    low = int(option.min_value) if option.min_value is not None else -DISCORD_INT
    high = int(option.max_value) if option.max_value is not None else DISCORD_INT
    edge = [v for v in NASTY_INT if low <= v <= high] or [low]
    return st.one_of(st.sampled_from(edge), st.integers(low, high))


def _value(option: Any, c: Community, draw: Any) -> Any:
    kind = option.type
    if option.choices:
        return draw(st.sampled_from([choice.value for choice in option.choices]))
    if kind is discord.AppCommandOptionType.string:
        return draw(_text(option))
    if kind is discord.AppCommandOptionType.integer:
        return draw(_integer(option))
    if kind is discord.AppCommandOptionType.number:
        low = option.min_value if option.min_value is not None else -1e15
        high = option.max_value if option.max_value is not None else 1e15
        return draw(st.floats(low, high, allow_nan=False))
    if kind is discord.AppCommandOptionType.boolean:
        return draw(st.booleans())
    if kind in (discord.AppCommandOptionType.user, discord.AppCommandOptionType.mentionable):
        return draw(st.sampled_from([c.alice, c.bob, c.mod, c.supporter]))
    if kind is discord.AppCommandOptionType.channel:
        return draw(st.sampled_from([c.channels[name] for name in ("general", "wins", "mod-log")]))
    if kind is discord.AppCommandOptionType.role:
        return draw(st.sampled_from(list(c.roles.values())))
    raise AssertionError(f"no strategy for option type {kind}")


def _answers(result: simcord.InteractionResult) -> list[Any]:
    return ([result.response] if result.response is not None else []) + list(result.followups)


def _check_answered_privately(result: simcord.InteractionResult, what: str) -> None:
    if result.modal is not None:
        return  # a form opened: that is the answer
    answers = _answers(result)
    assert result.acknowledged and answers, f"{what}: not answered"
    public = [a for a in answers if not a.ephemeral]
    assert not public, f"{what}: answered in public: {public[0].content[:200]!r}"


def _text_inputs(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node] if node.get("type") == 4 else []
        return found + [i for v in node.values() for i in _text_inputs(v)]
    if isinstance(node, list):
        return [i for v in node for i in _text_inputs(v)]
    return []


def _check_no_escape(c: Community, seen: int, what: str) -> int:
    new = c.env.errors[seen:]
    escaped = [e for e in new if not is_expected(e)]
    assert not escaped, f"{what}: escaped the error path: {escaped[0]!r}"
    return len(c.env.errors)


SWEEP = ["", "x" * 4500, "٣٤", "²", "America", "America/Argentina", "9" * 40, "18446744073709551616", "@everyone"]
"""Tried in every string option of every command once, whatever hypothesis draws besides."""


async def _walk_one(
    c: Community,
    path: str,
    options: list[Any],
    draw: Any,
    forced: dict[str, Any] | None = None,
    actors: tuple[Any, ...] | None = None,
) -> list[str]:
    """Run the command once per actor; returns what each was told (for the sweep to skip repeats)."""
    channel = c.channels["general"]
    seen = len(c.env.errors)
    told = []
    for actor in actors or (c.alice, c.mod):
        values: dict[str, Any] = {}
        for option in options:
            if forced and option.name in forced:
                values[option.name] = forced[option.name]
            elif option.required or draw(st.booleans()):
                values[option.name] = _value(option, c, draw)
        what = f"/{path} as {actor.name} with { ({k: str(v)[:40] for k, v in values.items()}) }"
        for option in options:
            if option.autocomplete:
                typed = draw(_text(option))
                choices = await actor.autocomplete(channel, path, option.name, typed)
                assert len(choices) <= 25, f"{what}: too many suggestions"
                seen = _check_no_escape(c, seen, f"{what} (autocomplete {option.name})")
        try:
            result = await actor.slash(channel, path, **values)
        except simcord.SetupError:
            continue  # Discord itself would not send this (e.g. an option value it would not accept)
        _check_answered_privately(result, what)
        seen = _check_no_escape(c, seen, what)
        told.extend(answer.content for answer in _answers(result))
        if result.modal is not None:
            fields = {}
            for field in _text_inputs(result.modal):
                text = draw(st.sampled_from(NASTY_TEXT))
                high = field.get("max_length") or 4000
                low = field.get("min_length") or (1 if field.get("required", True) else 0)
                text = text[:high]
                fields[field["custom_id"]] = text + "a" * max(0, low - len(text))
            submitted = await actor.submit_modal(result, fields)
            _check_answered_privately(submitted, f"{what} (form)")
            seen = _check_no_escape(c, seen, f"{what} (form)")
    return told


_COMMAND_PATHS = [
    "anon remove", "anon block", "anon blocks", "anon unblock", "anon rotate", "share", "share-reply",
    "share-delete", "counter start", "counter view", "counter slip", "counter reset", "counter stop",
    "counter timezone", "mod warn", "mod timeout", "mod untimeout", "mod note", "mod history",
    "guidelines show", "guidelines-admin edit", "guidelines-admin reset", "privacy", "mydata", "forgetme", "prompts-admin now",
    "prompts-admin schedule", "prompts-admin pause", "prompts-admin resume", "prompts-admin add", "prompts-admin remove", "prompts-admin list",
    "prompt today", "prompt history", "prompt suggest", "crisis-country set", "crisis-country clear",
    "crisis-country show", "crisis", "resource add", "resource edit", "resource remove", "resource pin",
    "resource unpin", "resource pins", "resources", "config show", "config channel", "config role",
    "config timezone", "config set", "config audit", "setup", "wins mine", "win", "talk open", "talk reply",
    "talk close", "talk queue", "alerts", "checkin off", "mod stats", "safetyplan", "help",
]  # fmt: skip


async def _synced(c: Community) -> dict[str, list[Any]]:
    commands = [cmd for cmd in await c.bot.tree.fetch_commands() if cmd.type is discord.AppCommandType.chat_input]
    return {path: options for command in commands for path, options in _leaves(command)}


async def test_the_walk_covers_every_synced_slash_command(community: Community) -> None:
    synced = await _synced(community)
    assert set(synced) == set(_COMMAND_PATHS), (
        f"commands to add to the walk: {sorted(set(synced) - set(_COMMAND_PATHS))}; "
        f"gone: {sorted(set(_COMMAND_PATHS) - set(synced))}"
    )


@pytest.mark.parametrize("path", _COMMAND_PATHS)
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(data=st.data())
async def test_every_command_answers_any_values_privately_as_member_and_moderator(
    community: Community, path: str, data: st.DataObject
) -> None:
    c = community
    if not c.extra.get("every command visible"):
        # A server may show moderator commands to members (Integrations settings): the runtime check must hold.
        for command in await c.bot.tree.fetch_commands():
            c.guild.set_command_permissions(command, {c.roles["member"]: True})
        c.extra["every command visible"] = True
    options = (await _synced(c))[path]
    await _walk_one(c, path, options, data.draw)


def _plain_draw(strategy: st.SearchStrategy[Any]) -> Any:
    """Draws for the sweep: False for 'include this optional option?', the simplest example otherwise."""
    from hypothesis import find

    return find(strategy, lambda _: True)


@pytest.mark.parametrize("path", _COMMAND_PATHS)
async def test_every_string_option_answers_the_shapes_that_broke_it_before(community: Community, path: str) -> None:
    c = community
    for command in await c.bot.tree.fetch_commands():
        c.guild.set_command_permissions(command, {c.roles["member"]: True})
    options = (await _synced(c))[path]
    strings = [o for o in options if o.type is discord.AppCommandOptionType.string and not o.choices]
    refusals = set(common.NOT_FOR_YOU.values())
    actors: tuple[Any, ...] = (c.alice, c.mod)
    for option in strings:
        for text in SWEEP:
            told = await _walk_one(c, path, options, _plain_draw, {option.name: _fit(text, option)}, actors)
            if actors[0] is c.alice and told and told[0] in refusals:
                actors = (c.mod,)  # a moderator command: the member is refused the same way for any value


async def test_every_message_menu_answers_any_form_values_privately(community: Community) -> None:
    c = community
    menus = [cmd.name for cmd in await c.bot.tree.fetch_commands() if cmd.type is discord.AppCommandType.message]
    assert set(menus) == {"Reply anonymously", "Report to moderators"}
    await c.configure(channels__anonymous=c.channels["general"].id)
    for index, text in enumerate(SWEEP):
        target = await c.bob.send(c.channels["general"], f"message {index} {text[:1500]}".strip())
        if target.id not in [m.id for m in c.channels["general"].history()]:
            continue  # the spam guard took it down (an @everyone attempt): nothing left to act on
        for name in menus:
            for actor in (c.alice, c.mod):
                seen = len(c.env.errors)
                what = f"'{name}' as {actor.name} on {text[:30]!r}"
                result = await actor.context_menu(c.channels["general"], name, target)
                _check_answered_privately(result, what)
                seen = _check_no_escape(c, seen, what)
                if result.modal is None:
                    continue
                fields = {}
                for field in _text_inputs(result.modal):
                    high = field.get("max_length") or 4000
                    low = field.get("min_length") or (1 if field.get("required", True) else 0)
                    fields[field["custom_id"]] = text[:high] + "a" * max(0, low - len(text[:high]))
                submitted = await actor.submit_modal(result, fields)
                _check_answered_privately(submitted, f"{what} (form)")
                _check_no_escape(c, seen, f"{what} (form)")
