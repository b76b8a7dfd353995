"""Words for the private crisis response; warm, plain, never alarming."""

NOT_ALONE = (
    "What you wrote sounds really heavy, and you don't have to carry it alone. "
    "If you might be in danger, please reach one of these people now — they're there for exactly this."
)
CHECK_IN_LABEL = "I'd like someone from the team to check in with me"
CHECK_IN_THANKS = (
    "Thank you for telling us. A moderator will reach out to you privately as soon as they can. "
    "They are people, not emergency services — if you're in danger right now, please use the lines above."
)
CHECK_IN_UNAVAILABLE = (
    "I couldn't pass that on to the team just now. Please message a moderator directly, "
    "or use the lines above if you need someone right away."
)
