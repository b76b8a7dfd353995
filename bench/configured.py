"""A database the way an operator has it: every server configured, a spread of zones and times, some counters.

The start-up benchmark seeds this before Hearth's child process starts (the bare child gets no database).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from bot.core.clock import iso, utcnow
from bot.core.db import Database
from bot.core.guild_settings import GuildSettings, apply_changes
from cogs.counters.service import next_milestone_moment
from tests.loopback.payloads import GuildSpec, moderator_role_id

ZONES = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Madrid",
    "Europe/Warsaw",
    "Europe/Kyiv",
    "Europe/Istanbul",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Africa/Johannesburg",
    "Asia/Dubai",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Bangkok",
    "Asia/Manila",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires",
    "America/Bogota",
    "America/Mexico_City",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Anchorage",
)
"""Thirty zones, so servers' daily posts fall at many different UTC moments."""

TIMES = ("07:30", "08:00", "09:00", "19:00", "20:30", "21:00")
DAYS = (list(range(7)), [0, 1, 2, 3, 4], [0, 2, 4])
COUNTER_EVERY = 4
"""One server in four has members with day counters (three each)."""


def server_changes(index: int, guild: GuildSpec) -> dict[str, object]:
    """What a moderator of server `index` would have set with /setup."""
    channels = guild.channels
    return {
        "timezone": ZONES[index % len(ZONES)],
        "channels.prompts": channels[0].id,
        "channels.wins": channels[1 % len(channels)].id,
        "channels.anonymous": channels[2 % len(channels)].id,
        "channels.mod_alerts": channels[3 % len(channels)].id,
        "channels.mod_log": channels[4 % len(channels)].id,
        "roles.moderator": moderator_role_id(guild.id),
        "roles.member": guild.id + 0x300000,
        "prompts.time": TIMES[index % len(TIMES)],
        "prompts.days": DAYS[index % len(DAYS)],
    }


async def seed(database: Path, guilds: list[GuildSpec]) -> dict[str, int]:
    """Write every server's settings (and some counters) straight into a migrated database."""
    db = Database(database)
    await db.open()
    try:
        await db.migrate()
        now = iso(utcnow())
        rows = []
        for index, guild in enumerate(guilds):
            settings = apply_changes(GuildSettings(), server_changes(index, guild))
            rows.append((guild.id, settings.model_dump_json(), now))
        counters = []
        moment = utcnow()
        today = moment.date()
        for index, guild in enumerate(guilds):
            if index % COUNTER_EVERY:
                continue
            zone = ZONES[index % len(ZONES)]
            for member in range(3):
                started = today - timedelta(days=(index * 7 + member * 11) % 400)
                due = next_milestone_moment(started, moment, zone)
                counters.append(_counter(guild.id, 9_000_000 + member, started, now, None if due is None else iso(due)))
        async with db.transaction() as conn:
            await conn.executemany("INSERT INTO guild_settings (guild_id, data, updated_at) VALUES (?, ?, ?)", rows)
            await conn.executemany(
                "INSERT INTO counters (guild_id, user_id, name, name_key, started_on, share_milestones, created_at, "
                "next_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                counters,
            )
    finally:
        await db.close()
    return {"configured_servers": len(rows), "counters": len(counters), "zones": len(ZONES)}


def _counter(guild_id: int, user_id: int, started: date, now: str, due: str | None) -> tuple[object, ...]:
    return (guild_id, user_id, "no contact", "no contact", started.isoformat(), 0, now, due)
