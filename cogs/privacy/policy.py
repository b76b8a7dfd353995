"""What a deletion keeps: the erasure policy every MemberDataStore reads while it deletes.

Why a context variable: the MemberDataStore protocol is `delete_member_data(conn, guild_id, user_id)`
and every part implements it, so the policy cannot be an extra argument without breaking them all.
The privacy service resolves each server's `privacy.keep_infractions_on_forget` BEFORE the
transaction (no settings reads inside it) and sets the policy for the duration of the delete.
A store that holds infractions or moderator notes asks `keeps_moderation_records(guild_id)` for
each server it deletes from (with guild_id None it loops over the servers in its own rows) and
keeps those rows when it answers True. Outside any privacy request the answer is the settings
default (keep), so a stray delete never wipes a moderation history.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Literal

from bot.core.guild_settings import PrivacySettings

ErasureReason = Literal["member_request", "member_left", "server_removed"]
DEFAULT_KEEP = PrivacySettings().keep_infractions_on_forget


@dataclass(frozen=True)
class ErasurePolicy:
    """Why a person's data is being deleted, and which servers keep moderation records."""

    reason: ErasureReason
    keep_by_guild: Mapping[int, bool] = field(default_factory=dict)
    default_keep: bool = DEFAULT_KEEP  # servers never configured use the settings default

    def keeps_moderation_records(self, guild_id: int) -> bool:
        """True if infractions and moderator notes in this server survive the deletion."""
        return self.keep_by_guild.get(guild_id, self.default_keep)


_current: ContextVar[ErasurePolicy | None] = ContextVar("hearth_erasure_policy", default=None)


@contextmanager
def erasure_policy(policy: ErasurePolicy) -> Iterator[ErasurePolicy]:
    """Make `policy` the one stores read for the duration of a delete."""
    token = _current.set(policy)
    try:
        yield policy
    finally:
        _current.reset(token)


def current_erasure_policy() -> ErasurePolicy | None:
    """The policy of the deletion in progress, or None outside one."""
    return _current.get()


def keeps_moderation_records(guild_id: int) -> bool:
    """For stores holding infractions or moderator notes: keep this server's rows in this deletion?"""
    policy = _current.get()
    return policy.keeps_moderation_records(guild_id) if policy is not None else DEFAULT_KEEP
