"""Words for small wins, day counters, milestones and the weekly digest."""

WINS_FEATURE = "small wins"
COUNTERS_FEATURE = "day counters"
CELEBRATE_LABEL = "🎉 celebrate"
CELEBRATE_COUNTED = "🎉 celebrate · {count}"
WIN_REACTIONS = ("🌱", "✨")
WIN_TITLE = "A small win"
WIN_POSTED = "Your win is up in {channel}. It counts."
WIN_TOO_LONG = "That win is {length} characters; a win post holds up to {limit}. Could you shorten it?"
WIN_REFUSED = "I can't post that win as it is."
WIN_NOT_POSTED = "I couldn't post your win: {reason}. A moderator can fix this."
WIN_CRISIS = (
    "I didn't post this, because it sounds like things are really heavy right now. "
    "Your words matter, and here they are so nothing is lost:"
)
WIN_GONE = "That win is no longer here."
ALREADY_CELEBRATED = "You've already celebrated this one. Thank you for showing up for them."
OWN_WIN = "This is your own win. Others can celebrate it with you."
CELEBRATED = "You celebrated this win. 🎉"

MINE_TITLE = "Your wins"
MINE_EMPTY = "You haven't shared a win here yet. Whenever you're ready, `/win` is there; small ones count."
MINE_RHYTHM = "Days this month with a win: **{month}** · {week} of the last 7 days"
MINE_LINE = "**{day}**{anon} · 🎉 {cheers}\n{text}"
MINE_PAGE = "Page {page} of {pages}"
ANON_MARK = " (anonymous)"

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

DIGEST_TITLE = "This week in small wins"
DIGEST_COUNTS = (
    "This week the community shared **{wins}** {wins_word}, **{cheers}** {cheers_word}, "
    "and **{milestones}** {milestones_word} reached."
)
DIGEST_HIGHLIGHTS = "A few of them"
DIGEST_FOOTER = "Anonymous wins and people who chose to be named appear here; nobody else is named."


def plural(count: int, one: str, many: str) -> str:
    """One word for 1, another for any other count."""
    return one if count == 1 else many
