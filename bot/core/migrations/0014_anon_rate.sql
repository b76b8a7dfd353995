-- The anonymous posting rate limit, kept across restarts (cogs/anonymous/ratelimit.py).
-- One row per author per hour window: a keyed hash (not the author key of posts, not a user id), the number of
-- posts in that hour, and when the row stops mattering (two windows later). Nothing finer than the hour is kept.
CREATE TABLE anon_rate_counts (
    key        TEXT PRIMARY KEY,
    hits       INTEGER NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX anon_rate_counts_expiry ON anon_rate_counts (expires_at);
