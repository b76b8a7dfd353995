-- Members who left a server. Their data in that server is deleted once the server's
-- privacy.member_leave_grace_days have passed, unless they come back first (the row is then removed).
CREATE TABLE member_departures (
    guild_id INTEGER NOT NULL,
    user_id  INTEGER NOT NULL,
    left_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX member_departures_left_at ON member_departures (left_at);
