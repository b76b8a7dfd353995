"""Private day counters: date arithmetic, milestones and name matching (no Discord here)."""
