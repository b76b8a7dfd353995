-- Talk to the team: private conversations between a member and the team.
-- talk_conversations is the team's record; it never holds who the member is (no user id, no name
-- unless the member chose "with my name", in which case `label` is the name they chose to show).
CREATE TABLE talk_conversations (
    guild_id          INTEGER NOT NULL,
    number            INTEGER NOT NULL,          -- per server: conversation #3
    label             TEXT    NOT NULL,          -- a fresh pseudonym ("Heron 4A"), or the member's chosen name
    named             INTEGER NOT NULL DEFAULT 0,
    revealed          INTEGER NOT NULL DEFAULT 0,
    topic             TEXT    NOT NULL,
    status            TEXT    NOT NULL,          -- opening | open | closed
    thread_id         INTEGER,
    header_message_id INTEGER,
    risk              INTEGER NOT NULL DEFAULT 0, -- 0 none, 1 concern, 2 crisis
    claimed_by        INTEGER,                    -- the team member who claimed it (a team member's id)
    claimed_named     INTEGER NOT NULL DEFAULT 0,
    opened_at         TEXT    NOT NULL,
    waiting_since     TEXT,                       -- the member's oldest unanswered message
    repinged          INTEGER NOT NULL DEFAULT 0,
    closed_at         TEXT,
    closed_by         TEXT,                       -- member | team
    PRIMARY KEY (guild_id, number)
);
CREATE INDEX talk_conversations_thread ON talk_conversations (guild_id, thread_id);

-- The link from a conversation to its member, kept only while it is needed: member_key is a keyed hash
-- (HMAC with the server secret) of (server, member); dm_key a keyed hash of the member alone, so a DM can
-- find its conversation in one look-up; deliver_to the member's id sealed with the secret (fresh nonce), so
-- DMs can reach them. Deleted `talk.retention_days` after closing (or by /forgetme): then no way back.
CREATE TABLE talk_relays (
    guild_id        INTEGER NOT NULL,
    number          INTEGER NOT NULL,
    member_key      TEXT    NOT NULL,
    dm_key          TEXT    NOT NULL,
    deliver_to      TEXT    NOT NULL,
    dms_open        INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (guild_id, number),
    FOREIGN KEY (guild_id, number) REFERENCES talk_conversations (guild_id, number) ON DELETE CASCADE
);
CREATE INDEX talk_relays_key ON talk_relays (guild_id, member_key);
CREATE INDEX talk_relays_dm ON talk_relays (dm_key);

-- Relays that have not arrived yet (DMs closed, thread gone): retried, and shown by /talk reply.
-- Deleted on delivery, when the sender is told it could not be delivered, or with the relay row.
CREATE TABLE talk_outbox (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id       INTEGER NOT NULL,
    number         INTEGER NOT NULL,
    direction      TEXT    NOT NULL,             -- to_member | to_team
    text           TEXT    NOT NULL,
    sender_label   TEXT    NOT NULL,             -- what the reader sees as the sender ("The team", "Sam")
    source_message_id INTEGER,                   -- the team's message in the thread (for the ✅ later)
    attempts       INTEGER NOT NULL DEFAULT 0,
    next_try_at    TEXT    NOT NULL,
    created_at     TEXT    NOT NULL,
    FOREIGN KEY (guild_id, number) REFERENCES talk_relays (guild_id, number) ON DELETE CASCADE
);
CREATE INDEX talk_outbox_due ON talk_outbox (next_try_at);

-- Blocks act on a member key, never on a person; the key is cleared when the block ends.
CREATE TABLE talk_blocks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     INTEGER NOT NULL,
    number       INTEGER NOT NULL,               -- the conversation it was made from
    member_key   TEXT,
    moderator_id INTEGER NOT NULL,
    reason       TEXT,
    created_at   TEXT    NOT NULL,
    until        TEXT,                           -- NULL: until lifted
    ended_at     TEXT
);
CREATE INDEX talk_blocks_key ON talk_blocks (guild_id, member_key);
