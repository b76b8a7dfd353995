"""Words for the safety plan and the next-day check-in: warm, plain, never alarming, never clinical."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StepWords:
    """How one step of the plan is named and explained."""

    key: str
    title: str
    question: str  # the modal's label (at most 45 characters)
    hint: str  # the modal's placeholder (at most 100 characters)
    empty: str  # shown in the embed while the step is blank


# The steps of the Stanley–Brown Safety Planning Intervention, in its order, in Hearth's own words.
STEPS: tuple[StepWords, ...] = (
    StepWords(
        "warning_signs",
        "My warning signs",
        "What tells you a hard time may be starting?",
        "Thoughts, feelings, places or times of day. E.g. 'I stop answering messages'",
        "The first signs that things are getting heavy.",
    ),
    StepWords(
        "coping",
        "Things I can do on my own",
        "What helps a little, on your own?",
        "A walk, a shower, music, drawing, cooking something simple…",
        "Small things that help, even a little, without anyone else.",
    ),
    StepWords(
        "distractions",
        "People and places that take my mind off things",
        "Who or where helps you think of other things?",
        "A friend to sit with, a café, the library, a group chat that feels safe…",
        "Company or places that help, without having to talk about it.",
    ),
    StepWords(
        "help",
        "People I can ask for help",
        "Who could you tell that you're struggling?",
        "Names and how to reach them, e.g. 'My sister — text her'",
        "People you trust enough to say 'I'm not okay'.",
    ),
    StepWords(
        "professionals",
        "Professionals and crisis lines",
        "Who can you reach when it's serious?",
        "Your doctor or counsellor, and crisis lines. Edit these as you like.",
        "Crisis lines and anyone who supports you professionally.",
    ),
    StepWords(
        "safe_environment",
        "Making my surroundings safer",
        "What could make your surroundings safer?",
        "E.g. giving something to a friend to keep, staying with someone tonight",
        "Ways to put distance between you and things that could hurt you.",
    ),
    StepWords(
        "reasons",
        "My reasons for living",
        "What matters to you and is worth staying for?",
        "People, pets, places, plans, small things you love…",
        "What matters most to you, in your own words.",
    ),
)
STEP_KEYS: tuple[str, ...] = tuple(step.key for step in STEPS)

PLAN_TITLE = "My safety plan"
PLAN_INTRO = (
    "Your plan, in your words, for when things get heavy. Go through it from the top: if one step "
    "doesn't help, try the next."
)
PLAN_EMPTY_INTRO = (
    "A safety plan is a short list, in your own words, of what helps when things get really heavy — "
    "from the first warning signs to the people you can call. Only you can see it."
)
PLAN_FOOTER = "Only you can see this. Hearth keeps it encrypted; moderators cannot read it."
PLAN_STEP_NAME = "{number}. {title}"
PLAN_STEP_BLANK = "*Not filled in yet.* {empty}"
PLAN_PREFILL_LINES = "{service}: {ways}"
PLAN_PREFILL_EMERGENCY = "Emergency: {number}"
PLAN_PREFILL_OWN = "My doctor or counsellor: "

# Buttons and menus
OPEN_LABEL = "My safety plan"
MAKE_LABEL = "Make a safety plan"
MAKE_EXPLAINED = "A safety plan is a few lines, in your own words, of what helps when things get this heavy."
EDIT_LABEL = "Edit a step"
START_LABEL = "Start with step 1"
NEXT_LABEL = "Next: step {number}"
DONE_LABEL = "That's enough for now"
PICK_PLACEHOLDER = "Choose a step to write or change"
DELETE_LABEL = "Delete my plan"
DELETE_CONFIRM_LABEL = "Yes, delete it"

# Replies
SAVED = "Saved step {number} of {total}. Only you can see it."
SAVED_LAST = "Saved. That's every step — you can change any of them whenever you like."
DONE = "Your plan is saved. `/safetyplan` shows it any time, here or in a DM with me."
CLEARED_STEP = "Step {number} is blank again."
DELETE_ASK = "Delete your whole safety plan? This can't be undone."
DELETED = "Your safety plan is deleted."
NOTHING_TO_DELETE = "You don't have a safety plan saved, so there's nothing to delete."
NOT_SAVED = "I couldn't save that just now, and nothing was changed."
UNREADABLE = (
    "I can't open your saved plan: the server's key has changed since you wrote it. "
    "You can write a new one with the buttons below."
)
UNREADABLE_IN_EXPORT = "A plan is stored, but it no longer opens with this server's key (the key was changed)."
DM_SENT = "I've sent your plan to you in a DM too, so it's there when you need it."
DM_CLOSED = "I couldn't DM you (your DMs may be closed), so it's only here."
SENT_TO_DM_LABEL = "Send it to my DMs"

# -- the next-day check-in -------------------------------------------------------------------------------

CHECKIN_OFFER_LABEL = "Check in with me tomorrow"
CHECKIN_SCHEDULED = (
    "I'll message you here tomorrow around {when} your time (timezone {zone}), just to ask how you are. "
    "`/checkin off` cancels it."
)
CHECKIN_ALREADY = "I'm already going to check in with you around {when} your time. `/checkin off` cancels it."
CHECKIN_NO_SERVER = "I couldn't find the server this came from, so I can't set a check-in from here."
CHECKIN_QUESTION = "Hi. Yesterday you asked me to check in with you. How are you today?"
CHECKIN_FROM = "From **{guild}**. There's no right answer, and you can ignore this if you'd rather."
ANSWER_LABELS = {
    "better": "Better",
    "same": "About the same",
    "worse": "Worse",
    "reach_out": "I'd like someone to reach out",
}
ANSWER_REPLY = {
    "better": "I'm really glad to hear that. Whatever helped, it counts. I won't check in again unless you ask.",
    "same": (
        "Thank you for telling me. 'About the same' is still getting through the days, and that's not nothing. "
        "If you'd like, I can check in again tomorrow."
    ),
    "worse": (
        "I'm sorry it's harder today. Thank you for being honest with me. Your safety plan is below, and the "
        "lines you can reach right now. If you'd like, I can let the team know."
    ),
    "reach_out": (
        "Thank you for saying so — asking is a strong thing to do. If you agree, I'll let the team know "
        "now. You choose whether they see your name."
    ),
}
ANSWER_ALREADY = "You already answered this check-in. Thank you."
ANSWER_GONE = "This check-in isn't active any more."
TEAM_NAMED_LABEL = "Tell the team, with my name"
TEAM_ANON_LABEL = "Tell the team, without my name"
TEAM_NAMED_DONE = (
    "I've told the team and they can see it's you, so someone can reach out to you privately. "
    "They're people, not emergency services — if you're in danger right now, please use the lines above."
)
TEAM_ANON_DONE = (
    "I've told the team that someone who asked for a check-in is having a hard time. They don't know "
    "it's you. If you'd like them to reach you, you can message a moderator directly any time."
)
TEAM_ALREADY = "I've already told the team about this check-in."
TEAM_UNAVAILABLE = (
    "I couldn't reach the team just now (their alert channel may not be set up). Please message a "
    "moderator directly, or use the lines above if you need someone right away."
)
AGAIN_LABEL = "Check in again tomorrow"
CHECKIN_OFF_DONE = "Okay, I've cancelled {count}. I won't message you to check in unless you ask again."
CHECKIN_OFF_ONE = "the check-in I'd planned"
CHECKIN_OFF_MANY = "the {count} check-ins I'd planned"
CHECKIN_OFF_NONE = "There's no check-in planned for you, so there's nothing to cancel."
CHECKIN_NOT_YOURS = "This check-in was meant for someone else."

STEP_MODAL_TITLE = "Safety plan · step {number} of {total}"


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "safetyplan", untranslated=("STEP_KEYS",))
