"""Words for the private crisis response; warm, plain, never alarming."""

NOT_ALONE = (
    "What you wrote sounds really heavy, and you don't have to carry it alone. "
    "If you might be in danger, please reach one of these people now — they're there for exactly this."
)
CHECK_IN_LABEL = "I'd like someone from the team to check in with me"
CHECK_IN_NOT_YOURS = (
    "This button was made for the person the support message was sent to, so I didn't pass anything on. "
    "If you'd like someone from the team to check in with you, tell a moderator, or use /crisis for lines "
    "you can reach right now."
)
CHECK_IN_THANKS = (
    "Thank you for telling us. A moderator will reach out to you privately as soon as they can. "
    "They are people, not emergency services — if you're in danger right now, please use the lines above."
)
CHECK_IN_UNAVAILABLE = (
    "I couldn't pass that on to the team just now. Please message a moderator directly, "
    "or use the lines above if you need someone right away."
)

# -- the "why" line of a moderator alert (cogs/safety/explain.py) ------------------------------------------
SIGNAL_WORDS = {
    "wish_dead": "wish to be dead",
    "active_thoughts": "thoughts of suicide",
    "method": "a method or means",
    "intent": "intent to act",
    "plan_preparation": "a plan or preparation",
    "act_attempt": "an act in progress or an attempt",
    "self_harm": "self-harm",
    "harm_to_others": "a threat to hurt someone else",
}
MODIFIER_WORDS = {
    "negated": "a denial",
    "historical": "the writer's past",
    "hypothetical": "a question",
    "quoted": "a quote",
    "lyrics": "lyrics",
    "fiction": "fiction or a game",
    "hyperbole": "a joke",
    "news": "news",
    "other_experiencer": "someone else",
}
WHY_SELF = "first person"
WHY_COMBINED = "two signals together"
WHY_NOW = "now or soon"
WHY_UNSPECIFIED = "crisis language"
WHY_OTHER = {
    "at_risk": "about someone else at risk ({signals})",
    "in_danger_now": "about someone else in danger right now ({signals})",
}
WHY_SET_ASIDE = "some phrases read as {what} and were set aside"
WHY_LANGUAGE = "in {languages}"
LANGUAGE_NAMES = {
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "pt": "Portuguese",
    "pl": "Polish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ru": "Russian",
    "ar": "Arabic",
    "ar-latn": "Arabic in Latin letters",
    "hi-latn": "Hindi/Urdu in Latin letters",
}

# -- someone else at risk: the private how-to-help reply ---------------------------------------------------
HELP_SOMEONE = (
    "It sounds like you're worried about someone. That's a heavy thing to carry, and it matters that you noticed. "
    "If they might be in danger right now, call your local emergency number or one of the lines below: "
    "they also advise people who are worried about someone else.\n\n"
    "A few things that help: ask them directly and calmly whether they're thinking about suicide (asking does not "
    "put the idea in their head); listen more than you talk; stay with them or keep in touch; help them reach one "
    "of these lines or a doctor; and look after yourself too."
)
HELP_SOMEONE_TEAM = "The moderators here have been told, so they can help too."


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "safety")
