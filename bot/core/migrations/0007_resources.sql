-- Resources: a server's own library entries, their pins, members' saved crisis country, and one
-- full-text index over the built-in library (guild_id 0, rebuilt at start) and every server's entries.
CREATE TABLE server_resources (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    title       TEXT    NOT NULL,
    title_key   TEXT    NOT NULL,          -- casefolded, punctuation-free title, for duplicate detection
    url         TEXT    NOT NULL,
    url_key     TEXT    NOT NULL,          -- normalised URL, for duplicate detection
    description TEXT    NOT NULL,
    topics      TEXT    NOT NULL,          -- space-separated topic ids
    added_by    INTEGER NOT NULL,          -- the moderator who added it (0 once they asked to be forgotten)
    added_at    TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE UNIQUE INDEX server_resources_url ON server_resources (guild_id, url_key);
CREATE UNIQUE INDEX server_resources_title ON server_resources (guild_id, title_key);

-- A resource card the bot posted and pinned in the server's resources channel.
CREATE TABLE resource_pins (
    guild_id    INTEGER NOT NULL,
    ref         TEXT    NOT NULL,          -- a server resource id as text, or a built-in id (res-001, card-...)
    channel_id  INTEGER NOT NULL,
    message_id  INTEGER NOT NULL UNIQUE,
    pinned_by   INTEGER NOT NULL,
    pinned_at   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, ref)
);

-- A country a member chose to remember for /crisis (only ever set by the member).
CREATE TABLE member_crisis_country (
    user_id     INTEGER PRIMARY KEY,
    country     TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- The search index is engine-specific: FTS5 on SQLite, a tsvector with a GIN index on PostgreSQL
-- (cogs/resources/search_*.py hold the matching queries).
-- engine: sqlite
CREATE VIRTUAL TABLE resources_fts USING fts5(
    title, description, topic_words,
    topics UNINDEXED, guild_id UNINDEXED, ref UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
-- engine: postgresql
CREATE TABLE resources_fts (
    title        TEXT NOT NULL,
    description  TEXT NOT NULL,
    topic_words  TEXT NOT NULL,
    topics       TEXT NOT NULL,
    guild_id     BIGINT NOT NULL,
    ref          TEXT NOT NULL,
    document     tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(topic_words, '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(description, '')), 'C')
    ) STORED
);
CREATE INDEX resources_fts_document ON resources_fts USING GIN (document);
CREATE INDEX resources_fts_ref ON resources_fts (guild_id, ref);
-- engine: end
