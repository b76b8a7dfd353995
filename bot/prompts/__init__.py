"""Daily reflection prompts: the deck and the posting service (no Discord commands here)."""
