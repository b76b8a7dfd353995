-- How often members pressed "This number didn't work", per crisis line and day, for the operator
-- (`hearth content stale`). It holds no person's id and no server: only which line, which day, how many.
CREATE TABLE crisis_line_reports (
    country     TEXT    NOT NULL,          -- ISO code, as in content/crisis_lines.yaml
    line_key    TEXT    NOT NULL,          -- the line's key (a hash of its service name)
    service     TEXT    NOT NULL,          -- the service name when it was reported, for the operator
    day         TEXT    NOT NULL,          -- YYYY-MM-DD, UTC
    reports     INTEGER NOT NULL,
    PRIMARY KEY (country, line_key, day)
);
