"""Who may act on whom: Discord's role hierarchy, admins, and the bot's own place, as plain reasons."""

from __future__ import annotations

from dataclasses import dataclass

from cogs.moderation import messages as words


@dataclass(frozen=True)
class Standing:
    """What matters about one member for the hierarchy: id, top role, owner/admin."""

    id: int
    name: str
    top_role_name: str
    top_role_position: int
    is_owner: bool = False
    is_admin: bool = False
    is_bot: bool = False


def refusal(actor: Standing, target: Standing, me: Standing, *, needs_bot: bool = True) -> str | None:
    """Why `actor` may not act on `target` (warn, time out, ...), or None if they may.

    `needs_bot` is False for actions the bot does not perform on Discord (a warning is only recorded and DM'd),
    so the bot's own role position does not matter for them.
    """
    if target.id == actor.id:
        return words.CANNOT_SELF
    if target.id == me.id or target.is_bot:
        return words.CANNOT_BOT.format(name=target.name)
    if target.is_owner or target.is_admin:
        return words.CANNOT_ADMIN.format(name=target.name)
    if not actor.is_owner and target.top_role_position >= actor.top_role_position:
        return words.CANNOT_ABOVE_YOU.format(
            name=target.name, their_role=target.top_role_name, your_role=actor.top_role_name
        )
    if needs_bot and target.top_role_position >= me.top_role_position:
        return words.CANNOT_ABOVE_ME.format(name=target.name, their_role=target.top_role_name, my_role=me.top_role_name)
    return None
