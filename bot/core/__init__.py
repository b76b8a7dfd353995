"""What every feature stands on and that knows no feature and no Discord: clock, database, scheduler, settings."""
