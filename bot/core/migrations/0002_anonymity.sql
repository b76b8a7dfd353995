-- Per-server salt for pseudonyms; rotating it gives everyone new pseudonyms.
CREATE TABLE anon_salts (
    guild_id   INTEGER PRIMARY KEY,
    salt       TEXT NOT NULL,
    rotated_at TEXT NOT NULL
);
