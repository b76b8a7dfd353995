-- Onboarding: who agreed to the guidelines, and when (the member role follows from it).
CREATE TABLE onboarding_agreements (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    agreed_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- The spam guard's automatic actions: only the record, never the messages' text.
CREATE TABLE spam_actions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id        INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,     -- the member the guard acted on
    reason          TEXT    NOT NULL,     -- mass_mentions | everyone | repeated
    acted_at        TEXT    NOT NULL,
    timed_out_until TEXT,                 -- NULL: the timeout could not be applied
    deleted_count   INTEGER NOT NULL DEFAULT 0,
    alert_channel_id INTEGER,
    alert_message_id INTEGER,
    undone_by       INTEGER,              -- the moderator who reversed it (0 once they asked to be forgotten)
    undone_at       TEXT
);
CREATE INDEX spam_actions_member ON spam_actions (guild_id, user_id);
