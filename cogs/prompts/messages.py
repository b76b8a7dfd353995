"""The daily prompts part's own words."""

EMBED_TITLE = "{emoji} Today's reflection"
EMBED_FOOTER = "{theme} · answer in the thread below, at your own pace · skipping is fine too"
CONTENT_WARNING = "Content note: {warning}"
PING_LINE = "<@&{role}> today's reflection is here."
THREAD_NAME = "{date} · {theme}"

NOT_SET_UP = "Daily prompts aren't set up here yet: a moderator needs to choose a prompts channel (`/setup`)."
SWITCHED_OFF = "Daily prompts are switched off in this server."
NO_PROMPTS_ENABLED = (
    "No prompts are enabled for this server: the theme or intensity limits leave nothing to draw from. "
    "A moderator can widen them with `/config set prompts.themes` or `prompts.intensity`."
)

NOW_POSTED = "Posted {what} in {channel}."
NOW_TODAY = "today's prompt"
NOW_EXTRA = "an extra prompt (today's was already posted, so tomorrow's still comes on schedule)"
NOW_FAILED = "I couldn't post the prompt: {reason}. Nothing was counted as today's."

SCHEDULE_DONE = "Daily prompts will be posted at **{time}** ({zone}) on **{days}**. Next one: {next}."
SCHEDULE_PAUSED_NOTE = " Prompts are paused right now; `/prompts-admin resume` turns them back on."
NEXT_NONE = "not scheduled (check the prompts channel and that prompts are not paused)"
PAUSED = (
    "Daily prompts are paused. Nothing is lost: the deck picks up where it left off when you `/prompts-admin resume`."
)
ALREADY_PAUSED = "Daily prompts were already paused."
RESUMED = "Daily prompts are back on. Next one: {next}."
NOT_PAUSED = "Daily prompts weren't paused. Next one: {next}."

ADD_MODAL_TITLE = "Add a prompt"
SUGGEST_MODAL_TITLE = "Suggest a prompt"
EDIT_MODAL_TITLE = "Edit before approving"
FIELD_TEXT = "The prompt (one question or invitation)"
FIELD_TEXT_PLACEHOLDER = "What is one small thing that felt like yours again this week?"
FIELD_WARNING = "Content note (optional)"
FIELD_WARNING_PLACEHOLDER = "e.g. grief for a parent far away"
ADDED = "Added **{id}** ({theme}, {intensity}). It joins this server's deck."
TOO_SHORT = "A prompt needs at least {min} characters; yours has {count}. Here's your text:\n{text}"
TOO_LONG = "A prompt can be at most {max} characters; yours has {count}. Here's your text to shorten:\n{text}"
WARNING_TOO_LONG = "A content note can be at most {max} characters. Here's your text:\n{text}"
TEXT_PROBLEM = "{reason}\nHere's your text:\n{text}"

REMOVED_SERVER = "Removed **{id}** from this server's prompts."
REMOVED_SHIPPED = "Switched **{id}** off for this server; it won't be drawn again."
UNKNOWN_PROMPT = "I don't know a prompt with the id `{id}`. `/prompts-admin list` shows every id."
ALREADY_REMOVED = "`{id}` is already switched off for this server."

LIST_TITLE = "Prompts in this server's deck ({count})"
LIST_FOOTER = "Page {page} of {pages} · ids starting with srv- were added by this server"
LIST_EMPTY = "No prompts are enabled."
PREVIOUS = "Previous"
NEXT = "Next"

HISTORY_TITLE = "The last {count} prompts"
HISTORY_EMPTY = "No prompt has been posted here yet."
HISTORY_LINE = "**{date}** · {theme} · {link}"
LINK_THREAD = "[thread]({url})"
LINK_MESSAGE = "[post]({url})"

TODAY_NONE = "Today's prompt hasn't been posted yet. It comes at {time} ({zone})."
TODAY_NONE_PAUSED = "There's no prompt today: daily prompts are paused in this server."
TODAY_NOT_TODAY = "There's no prompt scheduled today."
TODAY_LINK = "Answer in its thread: {url}"

SUGGEST_NEEDS_CHANNEL = (
    "Suggestions go to the moderators' alerts channel, and none is set yet. Please ask a moderator; "
    "here's your text so nothing is lost:\n{text}"
)
SUGGEST_FAILED = (
    "I couldn't pass your suggestion to the moderators ({reason}). Here's your text so nothing is lost:\n{text}"
)
SUGGEST_THANKS = "Thank you. Your suggestion is with the moderators; I'll tell you privately (by DM) what they decide."
REVIEW_TITLE = "Prompt suggestion #{id}"
REVIEW_FOOTER = "Suggested by a member · approve, edit or decline"
REVIEW_APPROVED = "Approved by {moderator} as **{prompt_id}**."
REVIEW_DECLINED = "Declined by {moderator}."
REVIEW_TOLD = " The member was told by DM."
REVIEW_NOT_TOLD = " Their DMs are closed, so they weren't told."
APPROVE = "Approve"
EDIT = "Edit"
DECLINE = "Decline"
ALREADY_DECIDED = {
    "approved": "This suggestion was already approved.",
    "declined": "This suggestion was already declined.",
    "decided": "Someone already decided on this suggestion.",
}
SUGGESTION_GONE = "This suggestion no longer exists (the member may have deleted their data)."
APPROVED_REPLY = "Approved as **{prompt_id}**; it joins the deck."
DECLINED_REPLY = "Declined. The member is told kindly and privately."
DM_APPROVED = (
    "Your prompt suggestion in **{guild}** was approved. Thank you: it joins the daily prompts there.\n> {text}"
)
DM_DECLINED = (
    "Your prompt suggestion in **{guild}** wasn't added this time. Thank you for thinking of the community; "
    "you're welcome to suggest another.\n> {text}"
)

ALERT_TITLE = "Daily prompt couldn't be posted"
ALERT_MISSING = (
    "I couldn't post today's prompt in {channel}: I'm missing the **{permission}** permission there. "
    "I'll try again at the next scheduled time; this alert won't repeat until it has worked once."
)
ALERT_OTHER = (
    "I couldn't post today's prompt: {reason}. I'll try again at the next scheduled time; "
    "this alert won't repeat until it has worked once."
)
ALERT_THREAD = (
    "Today's prompt is posted, but I couldn't open its thread in {channel}: I'm missing the "
    "**{permission}** permission there."
)
RECOVERED_TITLE = "Daily prompts are working again"
RECOVERED = "Today's prompt was posted in {channel}."
SKIPPED_TITLE = "Daily prompt skipped"
SKIPPED = (
    "I was offline at {time} on {date} and came back after the {hours}-hour grace window, "
    "so that day's prompt was skipped."
)

DAYS_ALL = "every day"
RESENT_AFTER_STOP = "the process posting it stopped before recording it, so it was sent again with the same nonce"
NOT_RESENT_PAST_GRACE = (
    "the process posting it stopped before recording it, and the {hours}-hour grace window had passed "
    "when another took over, so it was not sent again"
)
GAVE_UP_RETRYING = "Discord kept failing for {hours} hours after the prompt was due (last: {reason})"
ALERT_EMPTY_DECK = (
    "No daily prompt was posted for {date}: no prompt is left to draw with this server's themes and "
    "intensity. Widen them with `/config set prompts.themes` or add your own with `/prompt add`."
)
UNKNOWN_THEMES = "there is no theme called {names}; the themes are: {known}"
DECK_WOULD_BE_EMPTY = (
    "with those themes and that intensity no prompt is left to draw, so nothing would post; "
    "choose more themes, set prompts.intensity to any, or add your own with /prompt add"
)

THEME_LABELS = {
    "grief": "Grief",
    "guilt_and_loyalty": "Guilt and loyalty",
    "boundaries": "Boundaries",
    "distance_and_migration": "Distance and migration",
    "self_worth_and_identity": "Self-worth and identity",
    "rebuilding_routines": "Rebuilding routines",
    "small_wins": "Small wins",
    "support_circle": "Support circle",
    "hope": "Hope",
}
REVIEW_THEME = "Theme"
REVIEW_CONTENT_NOTE = "Content note"
REVIEW_SUGGESTED_BY = "Suggested by"
REVIEW_OUTCOME = "Outcome"
THE_SERVER = "the server"


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "prompts")
