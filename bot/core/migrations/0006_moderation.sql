-- Moderation and safety: crisis alerts, reports (incidents), infractions, and the private-support cooldown.

-- One alert per message that showed crisis (or, if enabled, concern) language. No message content is kept:
-- moderators get a jump link. writer_id is NULL when the text was anonymous.
CREATE TABLE crisis_alerts (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id           INTEGER NOT NULL,
    source             TEXT    NOT NULL,
    level              TEXT    NOT NULL,
    categories         TEXT    NOT NULL,          -- comma-separated category names
    channel_id         INTEGER,
    message_id         INTEGER,
    jump_url           TEXT,
    writer_id          INTEGER,
    anonymous_post_id  INTEGER,
    alert_channel_id   INTEGER,
    alert_message_id   INTEGER,
    status             TEXT    NOT NULL DEFAULT 'open',   -- open | acknowledged | resolved | escalated
    check_in_user_id   INTEGER,                   -- set only when the writer asked for a check-in
    repinged_at        TEXT,
    closed_at          TEXT,                      -- when it was resolved or escalated
    created_at         TEXT    NOT NULL
);
CREATE UNIQUE INDEX crisis_alerts_one_per_message
    ON crisis_alerts (guild_id, source, message_id) WHERE message_id IS NOT NULL;
CREATE UNIQUE INDEX crisis_alerts_one_per_anonymous_post
    ON crisis_alerts (guild_id, source, anonymous_post_id) WHERE anonymous_post_id IS NOT NULL;
CREATE INDEX crisis_alerts_open ON crisis_alerts (guild_id, status);

-- When a member last got the private crisis-lines DM (at most one per cooldown).
CREATE TABLE crisis_dm_cooldowns (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    sent_at   TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- A member's report of a message. snapshot holds the message text at report time (it may be deleted
-- later); it is removed with the row once the report is closed and the retention period has passed.
CREATE TABLE reports (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id            INTEGER NOT NULL,
    channel_id          INTEGER NOT NULL,
    message_id          INTEGER NOT NULL,
    jump_url            TEXT    NOT NULL,
    author_id           INTEGER,                  -- NULL for anonymous posts: never stored
    anonymous_post_id   INTEGER,
    reporter_id         INTEGER,                  -- NULL once the reporter asked to be forgotten
    reason              TEXT,
    snapshot            TEXT,
    alert_channel_id    INTEGER,
    alert_message_id    INTEGER,
    status              TEXT    NOT NULL DEFAULT 'open',   -- open | handled
    reporter_notified_at TEXT,
    closed_at           TEXT,
    created_at          TEXT    NOT NULL
);
CREATE INDEX reports_guild ON reports (guild_id, status);

-- Who pressed which button on an alert or report, and when.
CREATE TABLE moderation_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id    INTEGER NOT NULL,
    subject     TEXT    NOT NULL,                 -- 'alert' | 'report'
    subject_id  INTEGER NOT NULL,
    action      TEXT    NOT NULL,
    actor_id    INTEGER NOT NULL,
    detail      TEXT,
    at          TEXT    NOT NULL
);
CREATE INDEX moderation_events_subject ON moderation_events (subject, subject_id);

-- Warnings, timeouts and notes, per member.
CREATE TABLE infractions (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id          INTEGER NOT NULL,
    user_id           INTEGER NOT NULL,
    moderator_id      INTEGER NOT NULL,
    kind              TEXT    NOT NULL,           -- warn | timeout | untimeout | note
    reason            TEXT,
    duration_seconds  INTEGER,
    report_id         INTEGER,
    created_at        TEXT    NOT NULL
);
CREATE INDEX infractions_member ON infractions (guild_id, user_id, created_at);
