-- Why an alert was raised, in plain words (cogs/safety/explain.py): the signals, whose, when.
-- Never the message text and never lexicon internals.
ALTER TABLE crisis_alerts ADD COLUMN why TEXT NOT NULL DEFAULT '';
