-- The weekly digest and the milestone congratulations get the claim lease the daily prompt has (0031): a
-- claim names the process sending it (`owner`) and until when it answers for it (`lease_until`). A claim
-- left open by a process that stopped (kill -9 between claim and send, or after the send before recording
-- it) is taken by the process that owns the server's shard now and sent again with the claim's nonce.
-- A digest is open while neither `message_id` nor `failure` is set; a milestone while `dm_delivered` is NULL.
ALTER TABLE wins_digests ADD COLUMN owner TEXT;
ALTER TABLE wins_digests ADD COLUMN lease_until TEXT;
-- The moment the digest was due (its week ends there), so a digest sent again is built as it was first.
ALTER TABLE wins_digests ADD COLUMN due_at TEXT;
ALTER TABLE counter_milestones ADD COLUMN owner TEXT;
ALTER TABLE counter_milestones ADD COLUMN lease_until TEXT;
CREATE INDEX counter_milestones_open ON counter_milestones (dm_delivered, lease_until);

-- The next-day check-in's claim ('sending') gets the same, so a process starting takes back only the claims
-- of a process that stopped, never one another live process is sending this moment.
ALTER TABLE safety_checkins ADD COLUMN owner TEXT;
ALTER TABLE safety_checkins ADD COLUMN lease_until TEXT;
