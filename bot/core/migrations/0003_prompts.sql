-- Daily reflection prompts: one row per posted (or claimed, failed, skipped) prompt.
-- The day's post is claimed BEFORE it is sent; the partial unique index makes the claim exactly-once
-- per (server, local date). Extra posts made with /prompt now after the day's post have extra = 1.
CREATE TABLE prompt_posts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    local_date  TEXT    NOT NULL,          -- YYYY-MM-DD in the server's timezone
    extra       INTEGER NOT NULL DEFAULT 0,
    prompt_id   TEXT,                      -- NULL for a skipped day
    theme       TEXT,
    status      TEXT    NOT NULL,          -- claimed | posted | failed | skipped
    reason      TEXT,                      -- why it failed or was skipped
    channel_id  INTEGER,
    message_id  INTEGER,
    thread_id   INTEGER,
    created_at  TEXT    NOT NULL
);
CREATE UNIQUE INDEX prompt_posts_one_per_day ON prompt_posts (guild_id, local_date) WHERE extra = 0;
CREATE INDEX prompt_posts_recent ON prompt_posts (guild_id, id);

-- The deck: which prompts this server has used in the current cycle.
CREATE TABLE prompt_deck_used (
    guild_id   INTEGER NOT NULL,
    prompt_id  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, prompt_id)
);

-- Per-server prompt state: the deck cycle and the current failure streak (alerted once).
CREATE TABLE prompt_state (
    guild_id        INTEGER PRIMARY KEY,
    cycle           INTEGER NOT NULL DEFAULT 1,
    failing_since   TEXT,
    failure_reason  TEXT
);

-- Prompts a server added (by a moderator, or an approved member suggestion): ids "srv-<id>".
CREATE TABLE server_prompts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id        INTEGER NOT NULL,
    theme           TEXT    NOT NULL,
    intensity       TEXT    NOT NULL,
    text            TEXT    NOT NULL,
    content_warning TEXT,
    added_by        INTEGER NOT NULL,      -- the moderator who added or approved it (0 once forgotten)
    created_at      TEXT    NOT NULL
);
CREATE INDEX server_prompts_guild ON server_prompts (guild_id);

-- Shipped prompts a server switched off with /prompt remove.
CREATE TABLE prompt_disabled (
    guild_id   INTEGER NOT NULL,
    prompt_id  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, prompt_id)
);

-- Members' suggestions waiting for (or after) a moderator's review.
CREATE TABLE prompt_suggestions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id           INTEGER NOT NULL,
    user_id            INTEGER NOT NULL,
    theme              TEXT    NOT NULL,
    text               TEXT    NOT NULL,
    content_warning    TEXT,
    status             TEXT    NOT NULL DEFAULT 'pending',   -- pending | approved | declined
    review_channel_id  INTEGER,
    review_message_id  INTEGER,
    decided_by         INTEGER,
    prompt_id          TEXT,
    created_at         TEXT    NOT NULL,
    decided_at         TEXT
);
CREATE INDEX prompt_suggestions_user ON prompt_suggestions (guild_id, user_id);
