"""Words for the spam guard: the alert for moderators and the note to the member."""

REASONS = {
    "mass_mentions": "mentioned {count} people or roles in one message",
    "everyone": "tried to ping @everyone or @here",
    "repeated": "sent the same message {count} times in {channels} channel(s)",
}
ALERT_TITLE = "Spam guard acted"
ALERT_MEMBER = "Member"
ALERT_REASON = "Why"
ALERT_ACTION = "What I did"
ALERT_TEXT = "What they sent (mentions made inert)"
ACTION_DONE = "Removed {deleted} message(s); timed out until {until}."
ACTION_NO_TIMEOUT = "Removed {deleted} message(s); could not time them out: {why}."
ACTION_NOT_DELETED = " Could not remove {failed} message(s): {why}."
UNDO_LABEL = "Undo"
UNDONE_FIELD = "Undone"
UNDONE_BY = "by {moderator} {when}: timeout lifted."

MEMBER_NOTE = (
    "I removed {deleted} of your messages in **{guild}** and paused your messages for {minutes} minutes, "
    "because you {reason}. This is automatic; the moderators have been told and can lift it straight away "
    "if it was a mistake."
)
MEMBER_UNDONE = "A moderator in **{guild}** lifted the pause on your messages. Sorry for the trouble."

UNDO_DONE = "Undone: {member}'s timeout is lifted and the reversal is recorded."
UNDO_DONE_GONE = "Recorded as undone. {member} has left the server, so there was no timeout to lift."
UNDO_ALREADY = "This was already undone by {moderator} {when}."
UNDO_UNKNOWN = "I can't find that action any more (its record may have been deleted)."
UNDO_REFUSED = (
    "I couldn't lift the timeout: I'm missing the **Timeout Members** permission, or {member}'s role is above mine."
)

LOG_ACTION_TITLE = "Spam guard: automatic timeout"
LOG_ACTION = "{member} {reason}. {action}"
LOG_UNDO_TITLE = "Spam guard: action undone"
LOG_UNDO = "{moderator} undid the automatic action on {member} (timeout lifted)."

MISSING_TIMEOUT = "I'm missing the **Timeout Members** permission, or their role is above mine"
MISSING_MANAGE_MESSAGES = "I'm missing the **Manage Messages** permission there"
NO_ALERT_CHANNEL = "no mod-alert channel is set"


from bot.core.i18n import translate_module  # noqa: E402  (last: the constants above are the English source)

translate_module(__name__, "spamguard")
