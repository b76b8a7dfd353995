"""Privacy decisions: export, forget, and the retention pass (no Discord objects here)."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.clock import Clock, iso, utcnow
from bot.core.guild_settings_service import GuildSettingsService
from bot.core.member_data import MemberDataRegistry
from cogs.privacy.cleanup import MessageRef, messages_to_clean
from cogs.privacy.policy import ErasurePolicy, ErasureReason, erasure_policy
from cogs.privacy.store import PrivacyRepository

log = logging.getLogger(__name__)

GUILD_REMOVAL_GRACE = timedelta(days=30)
"""How long a server's data is kept after the bot is removed, so re-adding it by mistake loses nothing."""

RetentionTask = Callable[[datetime], Awaitable[int | None]]
"""A part's daily clean-up: receives now (UTC), returns rows removed (None: unknown, so vacuum)."""

Presence = Callable[[int, int], bool | None]
"""(guild_id, user_id) -> is the member in the server now? None when the server isn't visible."""


def count_records(data: Any) -> int:
    """How many records an export section holds: list items, non-empty mappings, other values."""
    if isinstance(data, list):
        return len(data)
    if isinstance(data, dict):
        return sum(count_records(value) for value in data.values())
    return 0 if data in (None, "", {}) else 1


@dataclass(frozen=True)
class MemberExport:
    """Everything held about a person, ready to be sent as a file."""

    data: dict[str, Any]
    counts: dict[str, int]

    def to_json(self) -> str:
        """Readable JSON (dates and other values as text)."""
        return json.dumps(self.data, indent=2, ensure_ascii=False, default=str, sort_keys=False)


@dataclass(frozen=True)
class ForgetOutcome:
    """What a deletion did: which servers kept moderation records, and the posts to remove."""

    policy: ErasurePolicy
    kept_moderation_records_in: tuple[int, ...]
    messages: tuple[MessageRef, ...] = ()


@dataclass
class RetentionReport:
    """What one retention pass removed."""

    members_forgotten: int = 0
    members_returned: int = 0
    servers_forgotten: list[int] = field(default_factory=list)
    servers_returned: int = 0
    task_rows: int = 0
    failed_tasks: int = 0
    vacuumed: bool = False


class PrivacyService:
    """Export, forget, departures and the daily retention pass."""

    def __init__(
        self,
        registry: MemberDataRegistry,
        settings: GuildSettingsService,
        repository: PrivacyRepository,
        clock: Clock = utcnow,
    ) -> None:
        self.registry = registry
        self.settings = settings
        self.repository = repository
        self.clock = clock
        self._deleted_since_vacuum = False

    async def export(self, guild_id: int | None, user_id: int, *, scope: str) -> MemberExport:
        """The person's data from every store, with a count per store."""
        stores = await self.registry.export(guild_id, user_id)
        data = {
            "about": {
                "generated_at": iso(self.clock()),
                "user_id": str(user_id),
                "scope": scope,
                "server_id": str(guild_id) if guild_id is not None else None,
            },
            "data": stores,
        }
        return MemberExport(data=data, counts={name: count_records(section) for name, section in stores.items()})

    async def policy_for(self, reason: ErasureReason, guild_ids: Iterable[int]) -> ErasurePolicy:
        """Each server's keep-infractions choice, read before the delete transaction starts."""
        keep = {
            guild_id: (await self.settings.get(guild_id)).privacy.keep_infractions_on_forget
            for guild_id in set(guild_ids)
        }
        return ErasurePolicy(reason=reason, keep_by_guild=keep)

    async def messages_for(self, guild_id: int | None, user_id: int) -> list[MessageRef]:
        """Discord messages posted for the person (asked while author links still exist)."""
        return await messages_to_clean(self.registry, guild_id, user_id)

    async def forget(
        self,
        guild_id: int | None,
        user_id: int,
        *,
        policy_guild_ids: Iterable[int] = (),
        reason: ErasureReason = "member_request",
        collect_messages: bool = False,
    ) -> ForgetOutcome:
        """Delete the person's data in one server (or all, guild_id None) in one transaction.

        `policy_guild_ids` are the servers whose keep-infractions choice applies (for a DM request:
        every server the person shares with the bot); a server-scoped request always includes its own.
        """
        guild_ids = set(policy_guild_ids)
        if guild_id is not None:
            guild_ids.add(guild_id)
        policy = await self.policy_for(reason, guild_ids)
        messages = await self.messages_for(guild_id, user_id) if collect_messages else []
        with erasure_policy(policy):
            await self.registry.delete(guild_id, user_id)
        self._deleted_since_vacuum = True
        log.info("personal data deleted (%s, %s)", reason, "one server" if guild_id is not None else "all servers")
        kept = tuple(sorted(g for g in guild_ids if policy.keeps_moderation_records(g)))
        return ForgetOutcome(policy=policy, kept_moderation_records_in=kept, messages=tuple(messages))

    async def departed_guilds(self, user_id: int) -> set[int]:
        """The servers a person left recently (their departure is still waiting out the grace period)."""
        return {d.guild_id for d in await self.repository.member_departures() if d.user_id == user_id}

    async def member_left(self, guild_id: int, user_id: int) -> None:
        """Start the grace period for a member who left."""
        await self.repository.record_member_departure(guild_id, user_id, self.clock())

    async def member_returned(self, guild_id: int, user_id: int) -> bool:
        """A member came back within the grace period: nothing will be deleted."""
        return await self.repository.clear_member_departure(guild_id, user_id)

    async def bot_removed(self, guild_id: int) -> None:
        """Start the grace period for a server the bot was removed from."""
        await self.repository.record_guild_departure(guild_id, self.clock())

    async def bot_returned(self, guild_id: int) -> bool:
        """The bot is in the server again: its pending deletion is cancelled."""
        return await self.repository.clear_guild_departure(guild_id)

    async def run_retention(
        self,
        *,
        member_present: Presence,
        guild_present: Callable[[int], bool],
        tasks: Iterable[RetentionTask] = (),
        owns: Callable[[int], bool] = lambda _guild_id: True,
    ) -> RetentionReport:
        """One pass: expired departures, the parts' retention tasks, then VACUUM if anything went.

        Departures are only judged for servers this process `owns` (its shards): a server another process
        runs is not in this one's cache, and must never look "gone" from here."""
        now = self.clock()
        report = RetentionReport()
        await self._expire_members(now, member_present, guild_present, report, owns)
        await self._expire_guilds(now, guild_present, report, owns)
        for task in tasks:
            try:
                removed = await task(now)
            except Exception:
                report.failed_tasks += 1
                log.exception("a retention task failed: %r", getattr(task, "__qualname__", task))
                continue
            if removed is None or removed > 0:
                self._deleted_since_vacuum = True
            report.task_rows += removed or 0
        if self._deleted_since_vacuum or await self.repository.free_pages() > 0:
            await self.repository.db.vacuum()
            self._deleted_since_vacuum = False
            report.vacuumed = True
        log.info(
            "retention pass: %d members and %d servers forgotten, %d rows from parts, vacuumed=%s",
            report.members_forgotten,
            len(report.servers_forgotten),
            report.task_rows,
            report.vacuumed,
        )
        return report

    async def _expire_members(
        self,
        now: datetime,
        member_present: Presence,
        guild_present: Callable[[int], bool],
        report: RetentionReport,
        owns: Callable[[int], bool],
    ) -> None:
        for departure in await self.repository.member_departures(left_before=now):
            if not owns(departure.guild_id):
                continue
            if member_present(departure.guild_id, departure.user_id):
                # They rejoined while we weren't watching (e.g. the bot was down): keep everything.
                await self.repository.clear_member_departure(departure.guild_id, departure.user_id)
                report.members_returned += 1
                continue
            if not guild_present(departure.guild_id):
                continue  # the server's own removal grace period decides
            grace = (await self.settings.get(departure.guild_id)).privacy.member_leave_grace_days
            if now - departure.left_at < timedelta(days=grace):
                continue
            await self.forget(departure.guild_id, departure.user_id, reason="member_left")
            report.members_forgotten += 1

    async def _expire_guilds(
        self, now: datetime, guild_present: Callable[[int], bool], report: RetentionReport, owns: Callable[[int], bool]
    ) -> None:
        for departure in await self.repository.guild_departures(left_before=now - GUILD_REMOVAL_GRACE):
            if not owns(departure.guild_id):
                continue
            if guild_present(departure.guild_id):
                await self.repository.clear_guild_departure(departure.guild_id)
                report.servers_returned += 1
                continue
            with erasure_policy(ErasurePolicy(reason="server_removed", default_keep=False)):
                await self.registry.delete_guild(departure.guild_id)
            self.settings.forget_cached(departure.guild_id)
            self._deleted_since_vacuum = True
            report.servers_forgotten.append(departure.guild_id)
