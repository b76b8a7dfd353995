-- The foundation: per-server settings and the audit trail of who changed them.
CREATE TABLE guild_settings (
    guild_id   INTEGER PRIMARY KEY,
    data       TEXT    NOT NULL,          -- GuildSettings as JSON, validated by pydantic on read and write
    updated_at TEXT    NOT NULL
);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id   INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL,          -- the moderator who made the change
    setting    TEXT    NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    changed_at TEXT    NOT NULL
);
CREATE INDEX audit_log_guild ON audit_log (guild_id, changed_at);

-- Servers the bot was removed from, kept until their grace period ends.
CREATE TABLE guild_departures (
    guild_id  INTEGER PRIMARY KEY,
    left_at   TEXT NOT NULL
);
