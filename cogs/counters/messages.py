"""The day counters' words: start, view, slip, reset, milestones."""

COUNTERS_FEATURE = "day counters"

COUNTER_STARTED = "Started **{name}** on {start}. Today is day {days}. Only you can see this."
COUNTER_EXISTS = "You already have a counter called **{name}**. `/counter view` shows it."
COUNTER_LIMIT = "You have {limit} counters, the most I keep for one person. `/counter stop` frees a place."
COUNTER_UNKNOWN = "I couldn't find a counter called “{name}”."
COUNTER_SUGGEST = " Did you mean **{suggestion}**?"
COUNTER_NONE = " You don't have any counters yet; `/counter start` begins one."
COUNTER_VIEW_TITLE = "Your day counters"
COUNTER_VIEW_EMPTY = "You have no counters yet. `/counter start` begins one, privately."
COUNTER_VIEW_LINE = (
    "Since start: **{start}** days · since last slip: **{slip}** · slips logged: {slips}\n"
    "Next milestone: {next}{reached}"
)
NO_SLIP = "no slips"
NO_NEXT = "you've passed them all"
LAST_MILESTONE = "\nMilestone reached: day {days} ({on}){note}"
DM_MISSED = ", I couldn't DM you"
COUNTER_VIEW_ZONE = "Dates use {zone}. `/counter timezone` changes it."
SLIP_RECORDED = (
    "Slip noted for **{name}**. Your journey isn't erased: **{start}** days since you started, "
    "and today is day 0 since this slip.\n\n{line}"
)
RESET_ASK = (
    "Start **{name}** over from today? Your slips and milestones for it will be cleared. "
    "(A slip doesn't need this: `/counter slip` keeps your journey.)"
)
RESET_YES = "Yes, start over"
RESET_NO = "Keep it as it is"
RESET_DONE = "**{name}** starts again today. Being honest with yourself takes courage."
RESET_KEPT = "Nothing changed; **{name}** keeps its days."
STOPPED = "Stopped **{name}** and forgot its days and slips."
TIMEZONE_SET = "Your counters now use **{zone}**. Today there is {today}."
NOTE_TOO_LONG = "That note is {length} characters; please keep it to {limit} or fewer."

MILESTONE_DM = "{line}\n\n_Only you got this message. `/counter view` in {guild} shows all your counters._"
MILESTONE_SHARED_TITLE = "A milestone"
MILESTONE_SHARED = "{name} reached day {days} of {counter}."

NAME_EMPTY = "A counter needs a name, like “no contact”."
NAME_TOO_LONG = "That name is {length} characters; please keep it to {limit} or fewer."
DATE_UNREADABLE = "“{raw}” isn't a date I can read; please write it like 2026-01-31."
DATE_NOT_REAL = "“{raw}” isn't a real calendar date; please check the day and month."
DATE_IN_FUTURE = (
    "{start} is in the future (today is {today} in your timezone). "
    "A counter starts today or on a day that has already happened."
)
DATE_TOO_EARLY = "Please choose a start date in 1970 or later."

THE_SERVER = "the server"  # in the milestone DM, when the server is no longer known


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "counters")
