"""The resource library service: built-in and server entries, search, and the checks for adding one."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import datetime

from bot.core.numbers import parse_id
from bot.core.text import echo
from bot.surface.errors import UserFacingError
from cogs.resources import messages as words
from cogs.resources.content import ResourcesFile
from cogs.resources.store import BUILTIN_GUILD, IndexEntry, ResourcesRepository, ServerResource
from cogs.resources.urls import check_url, title_key, url_key
from cogs.safety.api import neutralize_mentions

MAX_TITLE = 100
MAX_DESCRIPTION = 400
MAX_TOPICS = 5
SEARCH_LIMIT = 100


@dataclass(frozen=True)
class LibraryEntry:
    """One entry as members see it, built-in or the server's own."""

    ref: str  # server resources: their id as text; built-in: res-001 / card-...
    title: str
    description: str
    topics: tuple[str, ...]
    url: str | None = None
    publisher: str | None = None  # None for a server's own entry
    body: str | None = None  # the text of a built-in card
    pinned: bool = False

    @property
    def is_server_entry(self) -> bool:
        """True for an entry this server's moderators added."""
        return parse_id(self.ref) is not None


@dataclass(frozen=True)
class SearchOutcome:
    """What a search found, or the topics closest to what was asked."""

    entries: list[LibraryEntry]
    suggestions: list[str]  # topic ids, only when nothing matched


@dataclass(frozen=True)
class ResourceDraft:
    """A checked, cleaned-up resource a moderator wants to add or save."""

    title: str
    url: str
    description: str
    topics: list[str]


def fts_query(text: str, *, any_word: bool = False) -> str | None:
    """An FTS5 expression matching every word of `text` as a prefix (or any word); None if no words."""
    tokens = re.findall(r"\w+", text.casefold())[:12]
    if not tokens:
        return None
    return (" OR " if any_word else " ").join(f'"{token}"*' for token in tokens)


class ResourceLibrary:
    """Everything /resources and /resource need, without Discord."""

    def __init__(self, content: ResourcesFile, repository: ResourcesRepository) -> None:
        self.content = content
        self.repository = repository
        self._builtin: dict[str, LibraryEntry] = {}
        for resource in content.resources:
            self._builtin[resource.id] = LibraryEntry(
                ref=resource.id,
                title=resource.title,
                description=resource.description,
                topics=tuple(resource.topics),
                url=resource.url,
                publisher=resource.publisher,
            )
        for card in content.cards:
            first = card.body.strip().split("\n\n", 1)[0]
            self._builtin[card.id] = LibraryEntry(
                ref=card.id,
                title=card.title,
                description=first[:MAX_DESCRIPTION],
                topics=tuple(card.topics),
                publisher=words.TEAM_PUBLISHER,
                body=card.body,
            )

    def topic_words(self, topics: list[str] | tuple[str, ...]) -> str:
        """The labels of some topics, so a search for 'sleep' or 'therapist' finds them."""
        return " ".join(self.content.topic_label(topic) or topic for topic in topics)

    async def index_builtin(self) -> None:
        """(Re)build the built-in part of the search index from content."""
        await self.repository.rebuild_builtin(
            IndexEntry(
                guild_id=BUILTIN_GUILD,
                ref=entry.ref,
                title=entry.title,
                description=entry.body or entry.description,
                topics=list(entry.topics),
                topic_words=self.topic_words(entry.topics),
            )
            for entry in self._builtin.values()
        )

    @staticmethod
    def _from_server(resource: ServerResource, pinned: bool = False) -> LibraryEntry:
        return LibraryEntry(
            ref=str(resource.id),
            title=resource.title,
            description=resource.description,
            topics=tuple(resource.topics),
            url=resource.url,
            pinned=pinned,
        )

    async def entry(self, guild_id: int | None, ref: str) -> LibraryEntry | None:
        """One entry by id: a server resource (digits) or a built-in one."""
        ref = ref.strip().lstrip("#")
        number = parse_id(ref)
        if number is not None:
            if guild_id is None:
                return None
            resource = await self.repository.get(guild_id, number)
            if resource is None:
                return None
            return self._from_server(resource, await self.repository.pin(guild_id, ref) is not None)
        builtin = self._builtin.get(ref.lower())
        if builtin is None or guild_id is None:
            return builtin
        pinned = await self.repository.pin(guild_id, builtin.ref) is not None
        return LibraryEntry(**{**builtin.__dict__, "pinned": pinned})

    async def search(self, guild_id: int | None, query: str | None, topic: str | None) -> SearchOutcome:
        """Built-in and this server's entries matching the words (as prefixes) and topic; pinned first."""
        if topic is not None and self.content.topic_label(topic) is None:
            raise UserFacingError(words.UNKNOWN_TOPIC.format(topic=topic, topics=self.topic_list()))
        guilds = [BUILTIN_GUILD] if guild_id is None else [BUILTIN_GUILD, guild_id]
        match = fts_query(query or "")
        hits = await self.repository.search(guilds, guild_id, match, topic, SEARCH_LIMIT)
        if not hits and match is not None:
            # No entry has every word: fall back to entries with any of them (still ranked by bm25).
            hits = await self.repository.search(
                guilds, guild_id, fts_query(query or "", any_word=True), topic, SEARCH_LIMIT
            )
        entries: list[LibraryEntry] = []
        for hit in hits:
            found = await self.entry(guild_id, hit.ref) if hit.guild_id != BUILTIN_GUILD else self._builtin.get(hit.ref)
            if found is not None:
                entries.append(LibraryEntry(**{**found.__dict__, "pinned": hit.pinned}))
        suggestions = [] if entries else self.closest_topics(f"{query or ''} {topic or ''}")
        return SearchOutcome(entries, suggestions)

    def closest_topics(self, text: str, count: int = 3) -> list[str]:
        """The topic ids whose names are closest to the words asked for (never empty)."""
        tokens = re.findall(r"\w+", text.casefold())
        scored: list[tuple[float, int, str]] = []
        for position, topic in enumerate(self.content.topics):
            names = set(re.findall(r"[a-z0-9]+", f"{topic.id} {topic.label}".casefold()))
            best = max(
                (difflib.SequenceMatcher(None, token, name).ratio() for token in tokens for name in names), default=0.0
            )
            scored.append((-best, position, topic.id))
        return [topic for _score, _position, topic in sorted(scored)[:count]]

    def topic_list(self) -> str:
        """The known topics, for a message."""
        return ", ".join(f"`{topic.id}`" for topic in self.content.topics)

    def parse_topics(self, text: str) -> list[str]:
        """Topic ids from what a moderator typed (ids or labels, comma-separated); refuse unknown ones."""
        wanted = [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]
        if not wanted:
            raise UserFacingError(words.TOPICS_NEEDED.format(topics=self.topic_list()))
        found: list[str] = []
        for part in wanted:
            key = part.casefold().replace(" ", "_")
            match = next(
                (t.id for t in self.content.topics if t.id == key or t.label.casefold() == part.casefold()), None
            )
            if match is None:
                raise UserFacingError(words.UNKNOWN_TOPIC.format(topic=part, topics=self.topic_list()))
            if match not in found:
                found.append(match)
        if len(found) > MAX_TOPICS:
            raise UserFacingError(words.TOO_MANY_TOPICS.format(limit=MAX_TOPICS))
        return found

    async def check_draft(
        self, guild_id: int, *, title: str, url: str, description: str, topics: str, editing: int | None = None
    ) -> ResourceDraft:
        """A clean resource ready to save, or UserFacingError with the specific reason."""
        clean_title = " ".join(neutralize_mentions(title).split())
        if not clean_title:
            raise UserFacingError(words.TITLE_NEEDED)
        if len(clean_title) > MAX_TITLE:
            raise UserFacingError(words.TITLE_TOO_LONG.format(limit=MAX_TITLE))
        clean_description = neutralize_mentions(description.strip())
        if not clean_description:
            raise UserFacingError(words.DESCRIPTION_NEEDED)
        if len(clean_description) > MAX_DESCRIPTION:
            raise UserFacingError(words.DESCRIPTION_TOO_LONG.format(limit=MAX_DESCRIPTION))
        clean_url = check_url(url)
        topic_ids = self.parse_topics(topics)
        new_url_key, new_title_key = url_key(clean_url), title_key(clean_title)
        duplicate = await self.repository.duplicate_of(guild_id, new_url_key, new_title_key, editing)
        if duplicate is not None:
            same = "link" if url_key(duplicate.url) == new_url_key else "title"
            raise UserFacingError(words.DUPLICATE_SERVER.format(what=same, id=duplicate.id, title=duplicate.title))
        for entry in self._builtin.values():
            if (entry.url and url_key(entry.url) == new_url_key) or title_key(entry.title) == new_title_key:
                raise UserFacingError(words.DUPLICATE_BUILTIN.format(id=entry.ref, title=entry.title))
        return ResourceDraft(clean_title, clean_url, clean_description, topic_ids)

    async def add(self, guild_id: int, draft: ResourceDraft, by: int, now: datetime) -> ServerResource:
        """Save a checked draft as a new server resource."""
        return await self.repository.add(
            guild_id,
            title=draft.title,
            title_key=title_key(draft.title),
            url=draft.url,
            url_key=url_key(draft.url),
            description=draft.description,
            topics=draft.topics,
            topic_words=self.topic_words(draft.topics),
            added_by=by,
            now=now,
        )

    async def save(self, guild_id: int, resource_id: int, draft: ResourceDraft, now: datetime) -> None:
        """Save a checked draft over an existing server resource."""
        await self.repository.update(
            guild_id,
            resource_id,
            title=draft.title,
            title_key=title_key(draft.title),
            url=draft.url,
            url_key=url_key(draft.url),
            description=draft.description,
            topics=draft.topics,
            topic_words=self.topic_words(draft.topics),
            now=now,
        )

    async def remove(self, guild_id: int, resource_id: int) -> None:
        """Delete one of the server's own resources."""
        await self.repository.remove(guild_id, resource_id)

    async def server_resource(self, guild_id: int, ref: str) -> ServerResource:
        """A server resource by id, or a kind refusal naming the id."""
        number = parse_id(ref)
        found = await self.repository.get(guild_id, number) if number is not None else None
        if found is None:
            raise UserFacingError(words.NOT_FOUND_SERVER.format(ref=echo(ref, 60)))
        return found

    async def titles(self, guild_id: int | None, typed: str, limit: int = 25) -> list[LibraryEntry]:
        """Entries whose title matches what is being typed, for autocomplete (server ones first)."""
        typed_key = typed.casefold().strip()
        server = [self._from_server(r) for r in await self.repository.all_of(guild_id)] if guild_id else []
        pool = server + list(self._builtin.values())
        starts = [e for e in pool if e.title.casefold().startswith(typed_key)]
        inside = [e for e in pool if typed_key in e.title.casefold() and e not in starts]
        return (starts + inside)[:limit]
