"""Words for small wins, the celebrate button and the weekly digest."""

WINS_FEATURE = "small wins"
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

DIGEST_TITLE = "This week in small wins"
# Counts without a noun after the number, so the sentence reads right for every number in every language.
DIGEST_COUNTS = (
    "This week in numbers: wins shared **{wins}** · celebrations **{cheers}** · milestones reached **{milestones}**."
)
DIGEST_HIGHLIGHTS = "A few of them"
DIGEST_FOOTER = "Anonymous wins and people who chose to be named appear here; nobody else is named."

MINE_NEWER = "◀ Newer"
MINE_OLDER = "Older ▶"


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "wins")
