-- Several processes share one PostgreSQL: a claim row names the process posting it (`owner`, an instance id)
-- and until when that process answers for it (`lease_until`, ISO-8601 UTC). A claim left 'claimed' by a
-- process that stopped (kill -9 between claim and post, or after the post before recording it) is taken by
-- the process that owns the server's shard now and sent again with the same nonce, which Discord drops if
-- the first send did land.
ALTER TABLE prompt_posts ADD COLUMN owner TEXT;
ALTER TABLE prompt_posts ADD COLUMN lease_until TEXT;
CREATE INDEX prompt_posts_open_claims ON prompt_posts (status, lease_until);

-- The shared pacer's token bucket (PostgreSQL; SQLite keeps its in-process pacer and leaves this empty):
-- `next_free` is when, in seconds since the epoch on the database's clock, the next bulk send may leave.
CREATE TABLE rate_buckets (
    name       TEXT PRIMARY KEY,
    next_free  REAL NOT NULL
);
