-- Each counter's next milestone morning (ISO-8601 UTC; NULL when no milestone is left), kept up to date on
-- every change, so the next milestone job is one indexed query instead of a scan of every counter.
ALTER TABLE counters ADD COLUMN next_due TEXT;

-- Counters from before this column are due at once: the first milestone pass after the upgrade looks at each
-- one (today's milestone, if its morning came) and stores its real next morning.
UPDATE counters SET next_due = started_on || 'T00:00:00+00:00';

CREATE INDEX counters_next_due ON counters (next_due);
