"""Hearth's logs never hold what members wrote, nor who did something that should stay unlinked.

Each flow runs the real bot with logs captured at DEBUG and returns what must never be logged.
Parts add their flows to FLOWS (e.g. an anonymous post: its text and its author's id).
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import pytest

from cogs.privacy import messages as words
from tests.behaviour.anon_helpers import posts, share
from tests.behaviour.test_privacy import last, notes
from tests.cogs.privacy.fakes import FailingStore
from tests.conftest import Community


@dataclass
class Secrets:
    """What one flow must never let into a log line."""

    texts: list[str] = field(default_factory=list)  # anything a member wrote
    hidden_ids: list[int] = field(default_factory=list)  # people whose action must not be linked to them


Flow = Callable[[Community], Awaitable[Secrets]]


async def privacy_flow(c: Community) -> Secrets:
    await c.alice.slash(c.channels["general"], "privacy")
    await c.alice.user.slash("privacy")
    return Secrets(hidden_ids=[c.alice.id])


async def mydata_flow(c: Community) -> Secrets:
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "I finally deleted our old photos")
    await c.alice.slash(c.channels["general"], "mydata")
    await c.alice.user.slash("mydata")
    return Secrets(texts=["I finally deleted our old photos"], hidden_ids=[c.alice.id])


async def forgetme_flow(c: Community) -> Secrets:
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "Three weeks without texting him")
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    await c.alice.click(last(asked).message, label=words.BUTTON_DELETE)
    asked = await c.bob.user.slash("forgetme")
    await c.bob.user.click(last(asked).message, label=words.BUTTON_DELETE)
    return Secrets(texts=["Three weeks without texting him"], hidden_ids=[c.alice.id, c.bob.id])


async def failed_forgetme_flow(c: Community) -> Secrets:
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "My mother called and I let it ring")
    c.bot.member_data.register(FailingStore())
    asked = await c.alice.slash(c.channels["general"], "forgetme")
    await c.alice.click(last(asked).message, label=words.BUTTON_DELETE)
    return Secrets(texts=["My mother called and I let it ring"], hidden_ids=[c.alice.id])


async def member_leaves_flow(c: Community) -> Secrets:
    store = await notes(c)
    await store.add(c.guild.id, c.alice.id, "win", "Stopped checking her stories")
    c.guild.remove_member(c.alice)
    await c.env.settle()
    await c.env.advance_time(31 * 24 * 3600)
    return Secrets(texts=["Stopped checking her stories"], hidden_ids=[c.alice.id])


async def setup_flow(c: Community) -> Secrets:
    guidelines = "Be gentle with each other; nobody here owes an explanation"
    await c.mod.slash(c.channels["general"], "config set", setting="onboarding.guidelines", value=guidelines)
    await c.mod.slash(c.channels["general"], "config set", setting="prompts.time", value="31:00")
    return Secrets(texts=[guidelines])


async def anonymous_flow(c: Community) -> Secrets:
    await share(c, c.alice, "I still sleep on my side of the bed")
    post = posts(c.channels["anonymous"])[-1]
    shown = await c.bob.context_menu(c.channels["anonymous"], "Reply anonymously", post)
    await c.bob.submit_modal(shown, {"text": "Me too, four months on", "warning": ""})
    assert posts(c.channels["anonymous"].threads[0]), "the anonymous reply was not posted"
    await c.mod.slash(c.channels["general"], "anon block", post=1)
    await c.alice.slash(c.channels["general"], "share-delete", post=1)
    keys = [c.bot.anonymity.author_key(c.guild.id, member.id) for member in (c.alice, c.bob)]
    return Secrets(
        texts=["I still sleep on my side of the bed", "Me too, four months on", *keys],
        hidden_ids=[c.alice.id, c.bob.id],
    )


async def anonymous_queue_flow(c: Community) -> Secrets:
    await c.configure(anonymous__approval=True)
    await share(c, c.alice, "Some nights I still draft messages to him")
    await c.mod.click(c.channels["mod-alerts"].last_message, label="Approve")
    await c.alice.slash(c.channels["general"], "mydata")
    key = c.bot.anonymity.author_key(c.guild.id, c.alice.id)
    return Secrets(texts=["Some nights I still draft messages to him", key], hidden_ids=[c.alice.id])


async def wins_flow(c: Community) -> Secrets:
    await c.alice.slash(c.channels["general"], "win", text="Cooked a real dinner just for me")
    await c.bob.slash(c.channels["general"], "win", text="Didn't open the old chat", anonymous=True)
    await c.alice.slash(c.channels["general"], "counter start", name="no contact", since="2025-12-25")
    await c.alice.slash(c.channels["general"], "counter slip", name="no contact", note="Looked at his photos")
    await c.env.advance_time(10 * 3600)  # the day-7 milestone morning
    assert len(posts(c.channels["wins"])) == 2 and list(c.alice.user.dm_channel.history())
    return Secrets(
        texts=["Cooked a real dinner just for me", "Didn't open the old chat", "Looked at his photos"],
        hidden_ids=[c.bob.id],
    )


async def crisis_and_report_flow(c: Community) -> Secrets:
    await c.alice.send(c.channels["general"], "I don't want to be here anymore, I have the pills ready")
    target = await c.bob.send(c.channels["general"], "nobody here understands anything")
    shown = await c.alice.context_menu(c.channels["general"], "Report to moderators", target)
    await c.alice.submit_modal(shown, {"reason": "this felt cruel to me"})
    assert len(c.channels["mod-alerts"].history()) >= 2, "expected a crisis alert and a report"
    return Secrets(texts=["I have the pills ready", "nobody here understands anything", "this felt cruel to me"])


async def prompt_suggestion_flow(c: Community) -> Secrets:
    shown = await c.alice.slash(c.channels["general"], "prompt suggest", theme="hope")
    await c.alice.submit_modal(shown, {"text": "What would you tell yourself a year from now?", "content_warning": ""})
    await c.mod.click(c.channels["mod-alerts"].last_message, label="Approve")
    await c.mod.slash(c.channels["general"], "prompts-admin now")
    return Secrets(texts=["What would you tell yourself a year from now?"])


async def talk_flow(c: Community) -> Secrets:
    from cogs.talk.service import member_key
    from tests.behaviour.talk_helpers import add_team_inbox, open_talk, thread_of

    await add_team_inbox(c)
    await open_talk(c, c.alice, "I keep rereading his old messages at night")
    await c.supporter.send(thread_of(c), "We're here. What helps you most right now?")
    key = member_key(c.bot.secret, c.guild.id, c.alice.id)
    return Secrets(texts=["I keep rereading his old messages at night", key], hidden_ids=[c.alice.id])


FLOWS: dict[str, Flow] = {
    "talk to the team without a name, and a team reply": talk_flow,
    "anonymous share, reply, block and delete": anonymous_flow,
    "anonymous post through the approval queue, then mydata": anonymous_queue_flow,
    "wins, an anonymous win, a counter with a slip note and a milestone": wins_flow,
    "crisis message and a report": crisis_and_report_flow,
    "prompt suggestion approved": prompt_suggestion_flow,
    "privacy": privacy_flow,
    "mydata": mydata_flow,
    "forgetme": forgetme_flow,
    "forgetme that fails and rolls back": failed_forgetme_flow,
    "member leaves and is forgotten": member_leaves_flow,
    "setup": setup_flow,
}


def hearth_log_text(records: list[logging.LogRecord]) -> list[str]:
    """Every line Hearth's own loggers wrote (bot.*, cogs.*), with tracebacks."""
    lines = []
    for record in records:
        if record.name.split(".")[0] not in {"bot", "cogs"}:
            continue
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        lines.append(f"{record.name}: {text}")
    return lines


def leaks(records: list[logging.LogRecord], secrets: Secrets) -> list[str]:
    """Hearth log lines that contain a member's text or a hidden id."""
    found = []
    for line in hearth_log_text(records):
        if any(text in line for text in secrets.texts) or any(str(uid) in line for uid in secrets.hidden_ids):
            found.append(line)
    return found


def test_the_log_audit_catches_a_leak() -> None:
    record = logging.LogRecord(
        "cogs.anonymous", logging.DEBUG, __file__, 1, "post by %s: %s", (1234567890, "my secret"), None
    )
    other = logging.LogRecord("discord.http", logging.DEBUG, __file__, 1, "payload %s", (1234567890,), None)
    assert leaks([record, other], Secrets(texts=["my secret"])) == [f"cogs.anonymous: {record.getMessage()}"]
    assert len(leaks([record], Secrets(hidden_ids=[1234567890]))) == 1


@pytest.mark.parametrize("flow_name", list(FLOWS))
async def test_logs_hold_no_member_text_and_no_id_beside_a_private_action(
    community: Community, caplog: pytest.LogCaptureFixture, flow_name: str
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = await FLOWS[flow_name](community)
    assert any(r.levelno == logging.DEBUG for r in caplog.records), "DEBUG logs were not captured"
    assert leaks(caplog.records, secrets) == []


def every_log_text(records: list[logging.LogRecord]) -> list[str]:
    """Every line any logger wrote (Hearth's and every library's), with its raw arguments and tracebacks."""
    lines = []
    for record in records:
        text = f"{record.getMessage()} {record.args!r}"
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        lines.append(f"{record.name}: {text}")
    return lines


@pytest.fixture
def operator_debug(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """HEARTH_LOG_LEVEL=DEBUG exactly as `hearth run` applies it, captured at the root handler."""
    from bot.core.logs import HEARTH_LOGGERS, LibraryDebugFilter, apply_log_level

    root = logging.getLogger()
    saved = (root.level, {name: logging.getLogger(name).level for name in HEARTH_LOGGERS})
    apply_log_level("DEBUG")
    yield caplog
    root.setLevel(saved[0])
    for name, level in saved[1].items():
        logging.getLogger(name).setLevel(level)
    for handler in root.handlers:
        for found in [f for f in handler.filters if isinstance(f, LibraryDebugFilter)]:
            handler.removeFilter(found)


@pytest.mark.parametrize("flow_name", list(FLOWS))
async def test_at_debug_no_logger_at_all_carries_member_text_or_identity(
    community: Community, operator_debug: pytest.LogCaptureFixture, flow_name: str
) -> None:
    secrets = await FLOWS[flow_name](community)
    records = [r for r in operator_debug.records if all(f.filter(r) for f in operator_debug.handler.filters)]
    assert not [r for r in records if r.levelno < logging.INFO and not r.name.startswith(("bot", "cogs"))]
    assert logging.getLogger("cogs.anonymous.service").isEnabledFor(logging.DEBUG), "Hearth is not at DEBUG"
    assert not any(logging.getLogger(name).isEnabledFor(logging.DEBUG) for name in ("aiosqlite", "discord.http"))
    found = [
        line
        for line in every_log_text(records)
        if any(text in line for text in secrets.texts) or any(str(uid) in line for uid in secrets.hidden_ids)
    ]
    assert found == []


@pytest.mark.skipif(
    os.environ.get("HEARTH_TEST_ENGINE") == "postgresql",
    reason="on PostgreSQL no database library logs statement parameters at DEBUG: nothing for the audit to catch",
)
async def test_library_debug_is_what_the_audit_would_catch(
    community: Community, caplog: pytest.LogCaptureFixture
) -> None:
    """The audit is not vacuous: with libraries left at DEBUG, the database libraries do log an anonymous author's key."""
    caplog.set_level(logging.DEBUG)
    secrets = await anonymous_flow(community)
    # aiosqlite (SQLite) and SQLAlchemy's engine logger (either engine) log statements with their parameters
    lines = every_log_text([r for r in caplog.records if r.name.startswith(("aiosqlite", "sqlalchemy"))])
    assert any(any(text in line for text in secrets.texts) for line in lines)
