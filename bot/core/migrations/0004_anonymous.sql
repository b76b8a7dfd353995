-- Anonymous sharing. No table here ever holds a poster's user id, username or display name.
-- author_key is a keyed hash (HMAC with the server secret); it is cleared after the retention period.
CREATE TABLE anonymous_posts (
    guild_id      INTEGER NOT NULL,
    number        INTEGER NOT NULL,          -- the post number everyone sees (#12), per server
    parent_number INTEGER,                   -- set for anonymous replies: the post they answer
    status        TEXT    NOT NULL,          -- pending | posted | rejected | removed | deleted
    channel_id    INTEGER,
    message_id    INTEGER,
    thread_id     INTEGER,
    pseudonym     TEXT    NOT NULL,          -- the public signature, e.g. "Willow 3F"
    author_key    TEXT,                      -- NULL once the link expired (or when never kept)
    created_at    TEXT    NOT NULL,
    PRIMARY KEY (guild_id, number)
);
CREATE INDEX anonymous_posts_message ON anonymous_posts (guild_id, message_id);
CREATE INDEX anonymous_posts_key ON anonymous_posts (guild_id, author_key);

-- Submissions waiting in approval mode; deleted as soon as a moderator decides.
-- return_to is the author's user id SEALED with the server secret (never stored in the clear),
-- kept only so a rejected text can be sent back to its author.
CREATE TABLE anonymous_pending (
    guild_id         INTEGER NOT NULL,
    number           INTEGER NOT NULL,
    text             TEXT    NOT NULL,
    content_warning  TEXT,
    topic            TEXT,
    return_to        TEXT    NOT NULL,
    queue_channel_id INTEGER,
    queue_message_id INTEGER,
    PRIMARY KEY (guild_id, number),
    FOREIGN KEY (guild_id, number) REFERENCES anonymous_posts (guild_id, number) ON DELETE CASCADE
);

-- Blocks act on an author key, never on a person; the key is cleared when the block ends.
CREATE TABLE anonymous_blocks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     INTEGER NOT NULL,
    post_number  INTEGER NOT NULL,
    author_key   TEXT,
    moderator_id INTEGER NOT NULL,
    reason       TEXT,
    created_at   TEXT    NOT NULL,
    until        TEXT,                       -- NULL: until a moderator lifts it
    ended_at     TEXT
);
CREATE INDEX anonymous_blocks_key ON anonymous_blocks (guild_id, author_key);
