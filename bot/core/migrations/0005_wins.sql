-- Small wins: a named win keeps the author's id; an anonymous win keeps only the keyed author hash.
CREATE TABLE wins (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    user_id        INTEGER,            -- NULL for an anonymous win
    author_key     TEXT,               -- set only for an anonymous win
    pseudonym      TEXT,               -- the name shown on an anonymous win
    show_in_digest INTEGER NOT NULL DEFAULT 0,
    text           TEXT NOT NULL,
    channel_id     INTEGER,
    message_id     INTEGER,
    created_at     TEXT NOT NULL,
    CHECK ((user_id IS NULL) <> (author_key IS NULL))
);
CREATE INDEX wins_guild_created ON wins (guild_id, created_at);
CREATE INDEX wins_user ON wins (guild_id, user_id);
CREATE INDEX wins_author_key ON wins (guild_id, author_key);

-- Who pressed "celebrate" on a win: once per member per win.
CREATE TABLE win_celebrations (
    win_id     INTEGER NOT NULL REFERENCES wins (id) ON DELETE CASCADE,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (win_id, user_id)
);
CREATE INDEX win_celebrations_guild ON win_celebrations (guild_id, created_at);

-- One claim per server per ISO week: the weekly digest is posted exactly once.
CREATE TABLE wins_digests (
    guild_id   INTEGER NOT NULL,
    week       TEXT NOT NULL,          -- e.g. 2026-W02
    claimed_at TEXT NOT NULL,
    message_id INTEGER,
    failure    TEXT,
    PRIMARY KEY (guild_id, week)
);

-- A member's own timezone for their counters (else the server's).
CREATE TABLE counter_timezones (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    timezone TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- Private day counters.
CREATE TABLE counters (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    user_id          INTEGER NOT NULL,
    name             TEXT NOT NULL,
    name_key         TEXT NOT NULL,    -- casefolded name, unique per member
    started_on       TEXT NOT NULL,    -- local date in the member's zone, YYYY-MM-DD
    share_milestones INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    UNIQUE (guild_id, user_id, name_key)
);

-- Slips are recorded, never erasing the journey.
CREATE TABLE counter_slips (
    id          INTEGER PRIMARY KEY,
    counter_id  INTEGER NOT NULL REFERENCES counters (id) ON DELETE CASCADE,
    slipped_on  TEXT NOT NULL,         -- local date
    note        TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX counter_slips_counter ON counter_slips (counter_id, slipped_on);

-- One row per milestone reached: the claim that makes the congratulation happen once.
CREATE TABLE counter_milestones (
    counter_id   INTEGER NOT NULL REFERENCES counters (id) ON DELETE CASCADE,
    guild_id     INTEGER NOT NULL,
    milestone    INTEGER NOT NULL,
    reached_on   TEXT NOT NULL,        -- local date
    claimed_at   TEXT NOT NULL,
    dm_delivered INTEGER,              -- NULL until tried; 0 when DMs were closed
    shared       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (counter_id, milestone)
);
CREATE INDEX counter_milestones_guild ON counter_milestones (guild_id, claimed_at);
