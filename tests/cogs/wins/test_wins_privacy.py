"""Every table of this part is covered by a store; export and delete reach named and anonymous wins."""

from __future__ import annotations

from tests.conftest import Community


async def test_export_and_forget_cover_wins_celebrations_and_counters(community: Community) -> None:
    c = community
    await c.alice.slash(c.channels["general"], "win", text="named win")
    await c.alice.slash(c.channels["general"], "win", text="quiet win", anonymous=True)
    await c.alice.slash(c.channels["general"], "counter start", name="no contact", since="2025-12-01")
    await c.alice.slash(c.channels["general"], "counter slip", name="no contact", note="private note")
    tables = set(await c.bot.db.table_names())
    ours = {
        "wins",
        "win_celebrations",
        "wins_digests",
        "counters",
        "counter_slips",
        "counter_milestones",
        "counter_timezones",
    }
    assert ours <= tables and ours <= c.bot.member_data.covered_tables()
    exported = await c.bot.member_data.export(c.guild.id, c.alice.id)
    texts = [w["text"] for w in exported["small_wins"]["wins"]]
    assert texts == ["named win", "quiet win"]
    assert exported["day_counters"]["counters"][0]["slips"][0]["note"] == "private note"
    await c.bot.member_data.delete(c.guild.id, c.alice.id)
    assert await c.bot.db.fetchall("SELECT id FROM wins") == []
    assert await c.bot.db.fetchall("SELECT id FROM counters") == []
    assert await c.bot.db.fetchall("SELECT id FROM counter_slips") == []
