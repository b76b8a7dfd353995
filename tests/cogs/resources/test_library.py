"""The library service on a real database: ranking, prefixes, topics, suggestions, duplicates, pins first."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.content import load_content
from bot.core.db import Database
from bot.settings import Settings
from bot.surface.errors import UserFacingError
from cogs.resources.content import Resource, ResourcesFile, Topic
from cogs.resources.library import ResourceLibrary, fts_query
from cogs.resources.store import ResourcesRepository

NOW = datetime(2026, 1, 1, tzinfo=UTC)
GUILD = 42


def _resource(number: int, title: str, description: str, topics: list[str]) -> Resource:
    return Resource(
        id=f"res-{number:03d}",
        title=title,
        url=f"https://example{number}.org/page",
        description=description,
        topics=topics,
        region="global",
        language="en",
        publisher="Example",
        last_checked=date(2026, 1, 1),
    )


SMALL = ResourcesFile(
    topics=[
        Topic(id="sleep", label="Sleep"),
        Topic(id="grief", label="Grief and ambiguous loss"),
        Topic(id="boundaries", label="Boundaries"),
    ],
    resources=[
        _resource(1, "Coping with insomnia", "Practical steps for nights when you cannot rest.", ["sleep"]),
        _resource(
            2, "Ambiguous loss", "When someone is still alive but gone from your life; insomnia is common.", ["grief"]
        ),
        _resource(3, "Saying no kindly", "Setting boundaries with family who expect you to come back.", ["boundaries"]),
    ],
)


@pytest.fixture
async def repository(database_target: Path | str) -> AsyncIterator[ResourcesRepository]:
    """On SQLite (FTS5) and on PostgreSQL (tsvector): the same searches give the same answers."""
    db = Database(database_target)
    await db.open()
    await db.migrate()
    yield ResourcesRepository(db)
    await db.close()


@pytest.fixture
async def library(repository: ResourcesRepository) -> ResourceLibrary:
    built = ResourceLibrary(SMALL, repository)
    await built.index_builtin()
    return built


async def _titles(
    library: ResourceLibrary, query: str | None, topic: str | None = None, guild: int | None = GUILD
) -> list[str]:
    return [entry.title for entry in (await library.search(guild, query, topic)).entries]


async def test_a_title_hit_ranks_above_a_description_hit(library: ResourceLibrary) -> None:
    assert await _titles(library, "insomnia") == ["Coping with insomnia", "Ambiguous loss"]


async def test_words_match_as_prefixes(library: ResourceLibrary) -> None:
    assert await _titles(library, "insom") == ["Coping with insomnia", "Ambiguous loss"]
    assert await _titles(library, "bound") == ["Saying no kindly"]


async def test_topic_filter_keeps_only_that_topic(library: ResourceLibrary) -> None:
    assert await _titles(library, "insomnia", topic="grief") == ["Ambiguous loss"]
    assert await _titles(library, None, topic="boundaries") == ["Saying no kindly"]


async def test_unknown_topic_is_refused_with_the_list(library: ResourceLibrary) -> None:
    with pytest.raises(UserFacingError, match="`sleep`"):
        await library.search(GUILD, None, "astrology")


async def test_no_match_suggests_the_closest_topics(library: ResourceLibrary) -> None:
    outcome = await library.search(GUILD, "greif", None)
    assert outcome.entries == []
    assert outcome.suggestions[0] == "grief"
    outcome = await library.search(GUILD, "sleeping pills", None)
    assert outcome.suggestions[0] == "sleep"


async def test_search_text_cannot_break_the_query_syntax(library: ResourceLibrary) -> None:
    assert fts_query('"NEAR( AND * -') == '"near"* "and"*'
    assert fts_query("?!") is None
    assert (await library.search(GUILD, 'insomnia" OR *', None)).entries


async def test_server_entries_are_merged_and_stay_in_their_server(library: ResourceLibrary) -> None:
    draft = await library.check_draft(
        GUILD,
        title="Our insomnia night circle",
        url="https://circle.example.net",
        description="A weekly online circle.",
        topics="sleep",
    )
    await library.add(GUILD, draft, by=7, now=NOW)
    merged = await _titles(library, "insomnia")
    assert set(merged[:2]) == {"Coping with insomnia", "Our insomnia night circle"}  # both title hits
    assert merged[2] == "Ambiguous loss"  # the description hit after them
    assert "Our insomnia night circle" not in await _titles(library, "insomnia", guild=99)
    assert "Our insomnia night circle" not in await _titles(library, "insomnia", guild=None)


async def test_pinned_entries_come_first(library: ResourceLibrary, repository: ResourcesRepository) -> None:
    await repository.record_pin(GUILD, "res-002", channel_id=1, message_id=2, by=7, now=NOW)
    found = (await library.search(GUILD, "insomnia", None)).entries
    assert [e.title for e in found] == ["Ambiguous loss", "Coping with insomnia"]
    assert found[0].pinned
    assert await _titles(library, "insomnia", guild=99) == ["Coping with insomnia", "Ambiguous loss"]


async def test_duplicates_are_detected_by_link_and_title(library: ResourceLibrary) -> None:
    draft = await library.check_draft(
        GUILD, title="Night circle", url="https://circle.example.net/", description="Weekly.", topics="Sleep"
    )
    added = await library.add(GUILD, draft, by=7, now=NOW)
    with pytest.raises(UserFacingError, match="already has that link"):
        await library.check_draft(
            GUILD, title="Other", url="http://www.circle.example.net", description="x", topics="sleep"
        )
    with pytest.raises(UserFacingError, match="already has that title"):
        await library.check_draft(
            GUILD, title="night  CIRCLE!", url="https://other.example.net", description="x", topics="sleep"
        )
    with pytest.raises(UserFacingError, match="built-in library as `res-001`"):
        await library.check_draft(GUILD, title="New", url="https://example1.org/page/", description="x", topics="sleep")
    # Editing an entry does not collide with itself; another server may add the same link.
    await library.check_draft(
        GUILD, title="Night circle", url="https://circle.example.net", description="y", topics="sleep", editing=added.id
    )
    await library.check_draft(
        99, title="Night circle", url="https://circle.example.net", description="y", topics="sleep"
    )


async def test_topics_are_checked(library: ResourceLibrary) -> None:
    assert library.parse_topics("Sleep, grief , sleep") == ["sleep", "grief"]
    with pytest.raises(UserFacingError, match="isn't one of the library's topics"):
        library.parse_topics("sleep, astrology")
    with pytest.raises(UserFacingError, match="at least one topic"):
        library.parse_topics(" , ")


async def test_the_shipped_library_indexes_and_finds_its_cards(repository: ResourcesRepository, tmp_path: Path) -> None:
    content = load_content(Settings(_env_file=None, HEARTH_DATABASE=tmp_path / "x.db").content_dir)  # type: ignore[call-arg]
    library = ResourceLibrary(content.resources, repository)
    await library.index_builtin()
    await library.index_builtin()  # rebuilding at every start does not duplicate rows
    everything = (await library.search(GUILD, None, None)).entries
    assert len(everything) == len(content.resources.resources) + len(content.resources.cards)
    assert len({e.ref for e in everything}) == len(everything)
    cards = (await library.search(GUILD, "unhealthy relationship", None)).entries
    assert any(e.ref.startswith("card-") for e in cards)
