-- After the alarm: personal safety plans, the next-day check-in, and escalation of unacknowledged alerts.

-- A member's safety plan (Stanley–Brown steps), one per person across every server. The plan is never
-- stored as text: `ciphertext` is AES-256-GCM (nonce ‖ ciphertext ‖ tag) under a key derived from the
-- operator's secret, bound to user_id, so no one reading the database can read it.
CREATE TABLE safety_plans (
    user_id     INTEGER PRIMARY KEY,
    ciphertext  BLOB    NOT NULL,
    key_version INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- "Check in with me tomorrow": one row per request. It is never linked to the crisis alert it was offered
-- with, nor to an alert raised "without my name", so no row ties a person to anonymous text. status moves scheduled -> sending (the claim, so a
-- DM goes out once even across a restart) -> sent -> answered; or cancelled (/checkin off),
-- undelivered (DMs closed) or expired (the bot was down too long for "tomorrow" to still be true).
CREATE TABLE safety_checkins (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id       INTEGER NOT NULL,
    user_id        INTEGER NOT NULL,
    timezone       TEXT    NOT NULL,
    due_at         TEXT    NOT NULL,
    status         TEXT    NOT NULL DEFAULT 'scheduled',
    answer         TEXT,                       -- better | same | worse | reach_out
    team_told      TEXT,                       -- named | anonymous once the member agreed to tell the team
    requested_at   TEXT    NOT NULL,
    sent_at        TEXT,
    answered_at    TEXT
);
CREATE UNIQUE INDEX safety_checkins_one_pending
    ON safety_checkins (guild_id, user_id) WHERE status IN ('scheduled', 'sending');
CREATE INDEX safety_checkins_due ON safety_checkins (status, due_at);

-- When an alert nobody acknowledged after the re-ping was escalated to the second role (once).
ALTER TABLE crisis_alerts ADD COLUMN escalated_at TEXT;
