-- The language of each member's Discord client, kept only when Hearth speaks it and it is not English
-- (e.g. "de", "pt-BR"), so a DM that is not a reply (a milestone, a check-in, a reply from the team) can be
-- written in it. One row a person, for every server; /mydata shows it and /forgetme deletes it.
CREATE TABLE member_languages (
    user_id     INTEGER PRIMARY KEY,
    language    TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
