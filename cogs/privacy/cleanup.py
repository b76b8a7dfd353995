"""Optional protocol for stores whose rows point at Discord messages a member may want removed."""

from __future__ import annotations

import logging
from typing import Protocol, runtime_checkable

from bot.core.member_data import MemberDataRegistry

log = logging.getLogger(__name__)

MessageRef = tuple[int, int]
"""(channel_id, message_id) of a message the bot posted for a member (an anonymous post, a win)."""


@runtime_checkable
class MessageCleanup(Protocol):
    """A MemberDataStore that can list the Discord messages it posted for a person.

    Called BEFORE the person's rows are deleted, while the author links still exist: an
    anonymous-sharing store finds the posts by the member's author key, the wins store by user id.
    """

    async def discord_messages_for(self, guild_id: int | None, user_id: int) -> list[MessageRef]:
        """Messages the bot posted on this person's behalf (guild_id None: every server)."""


async def messages_to_clean(registry: MemberDataRegistry, guild_id: int | None, user_id: int) -> list[MessageRef]:
    """Every message the registered stores posted for the person, without duplicates."""
    found: dict[MessageRef, None] = {}
    for store in registry.stores:
        if not isinstance(store, MessageCleanup):
            continue
        try:
            refs = await store.discord_messages_for(guild_id, user_id)
        except Exception:
            # One store failing to list must not stop the data deletion itself.
            log.exception("store %s could not list its messages for a deletion request", store.name)
            continue
        for channel_id, message_id in refs:
            found[(int(channel_id), int(message_id))] = None
    return list(found)
